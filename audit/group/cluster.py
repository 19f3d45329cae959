"""Online story clustering: each article, in time order, joins the most similar open story above
the threshold, or starts a new one.

A story is open while its latest article is at most `window_days` old (measured at the article
being placed: the feed is taken in time order); an open story keeps a centroid per signal (the
sum of its articles' unit vectors, cut to its heaviest terms). Candidate stories come from an
inverted index from each open story's heaviest terms to the story, so each article is scored
against a bounded number of stories and the cost grows linearly with the feed. A story that
closes keeps its id, label and counts and drops its centroid.
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import mul

from audit.config import GroupConfig
from audit.group.represent import SIGNALS, ArticleVector, Bag, Vocabulary, dot, head, top

RULE_FIRST = "first"  # the article starts the story
RULE_SIMILAR = "similar"  # it joined the most similar open story above the threshold
RULE_REPRINT = "reprint"  # the dedup engine found it a copy of an article of the story

_DAY = 86400.0


def story_id_for(article_id: str) -> str:
    """A story's id, from its first article's id: the same feed gives the same ids every run,
    and a story keeps its id when later runs (with an index) add articles to it."""
    return "s-" + hashlib.blake2b(article_id.encode(), digest_size=6).hexdigest()


@dataclass(slots=True)
class StoryState:
    """A story as the clusterer holds it; `centroid` is empty once the story has closed."""

    story_id: str
    first_article: str
    n_articles: int
    first_time: float | None
    last_time: float | None
    last_seq: int  # order of its latest update, over all runs kept in an index
    centroid: dict[str, Bag] = field(default_factory=dict)
    norms: dict[str, float] = field(default_factory=dict)
    label: str = ""
    seen_before: bool = False  # started in an earlier run (from the index)

    @property
    def is_open(self) -> bool:
        return bool(self.centroid)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one article went and why: its story, its similarity to the story before it joined
    (1.0 for the first article), the rule, and the heaviest terms it shares with the story."""

    article_id: str
    story_id: str
    similarity: float
    rule: str
    shared: tuple[str, ...] = ()
    reprint_of: str = ""


@dataclass(slots=True)
class Clusterer:
    """The state of one online grouping; fed articles one by one with `place`."""

    config: GroupConfig
    vocabulary: Vocabulary
    stories: dict[str, StoryState] = field(default_factory=dict)
    seq: int = 0
    _active: OrderedDict[str, None] = field(default_factory=OrderedDict)  # open, by update
    _postings: dict[str, OrderedDict[str, None]] = field(default_factory=dict)
    _posted: dict[str, tuple[str, ...]] = field(default_factory=dict)  # story -> its terms

    def resume(self, stories: list[StoryState]) -> None:
        """Take up stories of earlier runs (open ones with their centroids), oldest first."""
        for story in sorted(stories, key=lambda s: s.last_seq):
            self.stories[story.story_id] = story
            if story.is_open:
                self._active[story.story_id] = None
                self._post(story)
            self.seq = max(self.seq, story.last_seq)

    def place(
        self,
        article_id: str,
        vector: ArticleVector,
        time: float | None,
        *,
        reprint: tuple[str, str, float] | None = None,  # (story id, original article, score)
    ) -> Placement:
        self._close_before(time)
        self.seq += 1
        if reprint is not None and reprint[0] in self.stories:
            story = self.stories[reprint[0]]
            if story.is_open:
                similarity, shared = self._score(vector, story, time), self._shared(vector, story)
            else:
                similarity, shared = reprint[2], ()
            self._join(story, vector, time)
            return Placement(
                article_id, story.story_id, similarity, RULE_REPRINT, shared, reprint[1]
            )
        best: tuple[float, str] | None = None
        for story_id in self._candidates(vector, time):
            similarity = self._score(vector, self.stories[story_id], time)
            if best is None or (similarity, story_id) > best:
                best = (similarity, story_id)
        if best is not None and best[0] >= self.config.threshold:
            story = self.stories[best[1]]
            shared = self._shared(vector, story)
            self._join(story, vector, time)
            return Placement(article_id, story.story_id, best[0], RULE_SIMILAR, shared)
        story = StoryState(story_id_for(article_id), article_id, 0, time, time, self.seq)
        self.stories[story.story_id] = story
        self._join(story, vector, time)
        return Placement(article_id, story.story_id, 1.0, RULE_FIRST)

    def finish(self) -> None:
        """Label the stories still open (their centroids stay, to be kept in an index)."""
        for story_id in self._active:
            story = self.stories[story_id]
            story.label = self._label(story)

    # -- inside ----------------------------------------------------------------------------

    def _close_before(self, time: float | None) -> None:
        if time is None:
            return
        cutoff = time - self.config.window_days * _DAY
        while self._active:
            story = self.stories[next(iter(self._active))]
            if story.last_time is None or story.last_time >= cutoff:
                break
            self._active.popitem(last=False)
            self._unpost(story)
            story.label = self._label(story)
            story.centroid, story.norms = {}, {}

    def _candidates(self, vector: ArticleVector, time: float | None) -> list[str]:
        shared: dict[str, float] = {}
        for term, weight in head(vector.bags.get(SIGNALS[0], {}), self.config.query_terms).items():
            posting = self._postings.get(term)
            if not posting:
                continue
            for read, story_id in enumerate(reversed(posting)):
                if read == self.config.max_postings:
                    break
                shared[story_id] = shared.get(story_id, 0.0) + weight
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
        return [story_id for story_id, _ in ranked[: self.config.max_candidates]]

    def _score(self, vector: ArticleVector, story: StoryState, time: float | None) -> float:
        total = weights = 0.0
        for signal, weight in zip(SIGNALS, self.config.signal_weights, strict=False):
            bag, centroid = vector.bags.get(signal), story.centroid.get(signal)
            if weight <= 0 or not bag or not centroid:
                continue
            total += weight * dot(bag, centroid) / story.norms[signal]
            weights += weight
        similarity = total / weights if weights else 0.0
        if time is not None and story.last_time is not None:
            gap = abs(time - story.last_time) / (self.config.window_days * _DAY or 1.0)
            similarity *= 1.0 - self.config.time_weight * min(1.0, gap)
        return min(1.0, max(0.0, similarity))

    def _shared(self, vector: ArticleVector, story: StoryState) -> tuple[str, ...]:
        bag, centroid = vector.bags.get(SIGNALS[0], {}), story.centroid.get(SIGNALS[0], {})
        both = {k: w * centroid[k] for k, w in bag.items() if k in centroid}
        return tuple(self._form(k) for k in top(both, self.config.shared_terms))

    def _join(self, story: StoryState, vector: ArticleVector, time: float | None) -> None:
        story.n_articles += 1
        story.last_seq = self.seq
        if time is not None:
            story.first_time = time if story.first_time is None else min(story.first_time, time)
            story.last_time = time if story.last_time is None else max(story.last_time, time)
        if not story.is_open and story.n_articles > 1:
            return  # a reprint of a closed story's article: counted, the story stays closed
        for signal, bag in vector.bags.items():
            summed = dict(story.centroid.get(signal, {}))
            get = summed.get  # the bag's keys are distinct: read before any is written
            summed.update([(key, get(key, 0.0) + weight) for key, weight in bag.items()])
            kept = top(summed, self.config.centroid_terms)
            story.centroid[signal] = kept
            story.norms[signal] = math.sqrt(sum(map(mul, kept.values(), kept.values()))) or 1.0
        self._active.pop(story.story_id, None)
        self._active[story.story_id] = None
        self._post(story)

    def _post(self, story: StoryState) -> None:
        terms = tuple(head(story.centroid.get(SIGNALS[0], {}), self.config.index_terms))
        for term in set(self._posted.get(story.story_id, ())) - set(terms):
            self._postings[term].pop(story.story_id, None)
        for term in terms:
            posting = self._postings.setdefault(term, OrderedDict())
            posting.pop(story.story_id, None)
            posting[story.story_id] = None
        self._posted[story.story_id] = terms

    def _unpost(self, story: StoryState) -> None:
        for term in self._posted.pop(story.story_id, ()):
            posting = self._postings[term]
            posting.pop(story.story_id, None)
            if not posting:
                del self._postings[term]

    def _label(self, story: StoryState) -> str:
        """The centroid's heaviest words: frequent in the story's articles, rare in the feed.
        (Weighing them again by today's IDF put one article's rare words first.)"""
        words = head(story.centroid.get(SIGNALS[0], {}), self.config.label_terms)
        return " ".join(self._form(k) for k in words) or story.label

    def _form(self, key: str) -> str:
        return self.vocabulary.forms.get(key, key)


def open_stories(stories: Mapping[str, StoryState]) -> list[StoryState]:
    return [s for s in stories.values() if s.is_open]
