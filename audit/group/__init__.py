"""Group a mixed news feed into stories: `audit group` and `audit run --group`.

    from audit.group import group_articles
    grouping = group_articles(articles, AuditConfig())      # each article's story, online
    with open_group_index("stories.db", config) as index:   # today's feed joins yesterday's
        grouping = group_articles(articles, config, history=index)

Modules: `represent` (leads, TF-IDF bags per signal, online document frequencies), `extract`
(leads and terms of a feed, in worker processes if asked, kept packed), `features` (the reprint
check and the TF-IDF vectors, beside the clustering in a process of their own on big feeds
without an index), `cluster` (online clustering with an
inverted index of candidate stories), `index` (SQLite state across runs), `stage` (the stage as
one call), `feed` (rows out: CSV/JSONL and stories.csv), `source` (.csv/.jsonl inputs read in
two streaming passes: reads in, rows out), `metrics` (B-cubed and adjusted Rand index against
gold labels).
"""

from audit.group.cluster import Placement, story_id_for
from audit.group.index import open_group_index
from audit.group.metrics import adjusted_rand, bcubed
from audit.group.stage import Grouping, StoryInfo, group_articles

__all__ = [
    "Grouping",
    "Placement",
    "StoryInfo",
    "adjusted_rand",
    "bcubed",
    "group_articles",
    "open_group_index",
    "story_id_for",
]
