"""Grouping an uploaded feed for the app: when, the table of stories found, the picker's labels."""

from __future__ import annotations

import json
from pathlib import Path

from audit.app import inputs, stories
from tests.app.test_app import two_stories_jsonl

FEED = Path(__file__).parent.parent / "data" / "group" / "feed.jsonl"


def _load(name: str, data: bytes):
    config = inputs.config_for(inputs.Options())
    return inputs.load_uploads([inputs.Upload(name, data)], {}, config), config


def test_only_rows_without_a_story_id_make_a_feed() -> None:
    feed, _ = _load("feed.jsonl", FEED.read_bytes())
    assert stories.is_feed(feed)
    named, _ = _load("day.jsonl", two_stories_jsonl())
    assert not stories.is_feed(named)  # its rows name their stories
    files = [inputs.Upload("a.txt", b"Troops may go."), inputs.Upload("b.txt", b"Troops go.")]
    articles = inputs.load_uploads(files, {}, inputs.config_for(inputs.Options()))
    assert not stories.is_feed(articles)  # article files, no rows


def test_the_feed_is_grouped_into_its_three_events_largest_first() -> None:
    loaded, config = _load("feed.jsonl", FEED.read_bytes())
    grouped = stories.group_upload(loaded, config)
    gold = {json.loads(line)["id"]: json.loads(line)["event"] for line in FEED.open()}
    members = [{a.article_id for a in s.articles} for s in grouped.loaded.stories]
    # Each story is one hand-written event (r5, the reprint of r1, joins the strike).
    assert [{gold[i] for i in m} for m in members] == [{"strike"}, {"quake"}, {"eurovision"}]
    assert [f.n_articles for f in grouped.found] == [5, 4, 3]
    rail = grouped.found[0]
    assert rail.sources == ("Reuters", "DW", "AP", "Spiegel", "Yahoo")
    assert all(a.story_id == rail.story_id for a in grouped.loaded.stories[0].articles)


def test_the_table_and_the_picker_describe_the_same_stories() -> None:
    loaded, config = _load("feed.jsonl", FEED.read_bytes())
    grouped = stories.group_upload(loaded, config)
    rows = stories.found_rows(grouped.found)
    labels = stories.story_labels(grouped)
    assert [r["story_id"] for r in rows] == [s.story_id for s in grouped.loaded.stories]
    assert rows[0]["articles"] == 5 and rows[0]["sources"] == "Reuters, DW, AP, Spiegel, Yahoo"
    assert len(set(labels)) == len(labels) == 3
    assert labels[0].endswith("(5 articles, 5 outlets)") and rows[0]["story"] in labels[0]
    audited = inputs.audit_story(grouped.loaded, 1, config)
    assert {a.article_id for a in audited.story.articles} == {"q1", "q2", "q3", "q4"}


def test_grouping_a_named_upload_sets_its_story_ids_aside() -> None:
    loaded, config = _load("day.jsonl", two_stories_jsonl())
    grouped = stories.group_upload(loaded, config)
    n = sum(len(s.articles) for s in grouped.loaded.stories)
    assert n == 4 and all(s.story_id.startswith("s-") for s in grouped.loaded.stories)


def test_a_grouped_story_is_headed_by_its_words_not_only_its_hash() -> None:
    found = [stories.FoundStory("s-491f37c8258b", "strikes train Bahn Deutsche", 5, ("DW",))]
    title = stories.story_title("s-491f37c8258b", found)
    assert title == "Story: s-491f37c8258b · strikes train Bahn Deutsche"
    assert stories.story_title("harbour-bridge") == "Story: harbour-bridge"
