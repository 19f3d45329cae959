"""Which sources leave a fact out, with the evidence.

A source leaves a fact out only when it has no equivalent mention of it (`facts`) *and* does
not report the claim the fact was stated in: when a sentence holding the fact in a reporting
source scores at least `fact_described_threshold` against some passage of the source
(`absence.nearest_passages`), the source reports the claim and most likely names the fact
another way ("the Russian envoy to the U.S." for Sergey Kislyak, "the Queen"), so the fact is
`described` there, not left out. So is a person the source only describes by the role another
source names them with ("the Russian lawyer" for Natalia Veselnitskaya: `roles`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from audit.align.scorer import PassageSet
from audit.compare.absence import ArticlePassage, Query, article_passages, nearest_passages
from audit.compare.facts import Fact
from audit.compare.initialisms import Written, written_as, written_initials
from audit.compare.roles import ParagraphWords, RolePhrase, role_phrases, unique_holders
from audit.config import AlignConfig
from audit.model import Paragraph, pickled_by_fields
from audit.text.normalize import Token


class FactStatus(StrEnum):
    REPORTED = "reported"  # a mention of the fact, in any equivalent form
    DESCRIBED = "described"  # no mention, but the claim it was stated in is reported
    LEFT_OUT = "left_out"  # no mention in any form, and no passage reporting its claim


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FactCoverage:
    """How one source stands to one fact; for `described` and `left_out`, the passage of the
    source nearest to the fact's sentence, and its score."""

    fact_id: str
    source: str
    status: FactStatus
    nearest: ArticlePassage | None = None
    score: float = 0.0
    rule: str = ""


def fact_coverage(
    facts: Sequence[Fact],
    paragraphs: Sequence[Paragraph],
    source_of: Mapping[str, str],
    sources: Sequence[str],
    config: AlignConfig,
    *,
    passages: Sequence[ArticlePassage] | None = None,
    vectors: Callable[[], PassageSet] | None = None,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> tuple[FactCoverage, ...]:
    """One entry per fact and source of the story (`sources` in report order). The sentences
    of all facts are scored against one source's passages in one go (`nearest_passages` groups
    queries by their candidates). `passages` and `vectors` (`article_passages(paragraphs)` and
    `absence.shared_vectors` of them) can be given to share them with other callers, and
    `words` (para_id -> `tokens(p.text, p.start)`) the paragraphs' words already made."""
    passages = article_passages(paragraphs) if passages is None else passages
    sentence_of: dict[tuple[str, int], int] = {}
    by_source: dict[str, list[int]] = {}
    for index, passage in enumerate(passages):
        by_source.setdefault(source_of.get(passage.article_id, passage.article_id), []).append(
            index
        )
    by_para: dict[str, list[int]] = {}
    for index, passage in enumerate(passages):
        by_para.setdefault(passage.para_id, []).append(index)
    candidates = {source: tuple(found) for source, found in by_source.items()}  # made once

    lookup = {para_id: _Holders(passages, found) for para_id, found in by_para.items()}

    def holding(para_id: str, start: int) -> int | None:
        """The sentence (the smallest passage) a mention starts in."""
        key = (para_id, start)
        if key not in sentence_of:
            inside = lookup[para_id].holding(start) if para_id in lookup else []
            sentence_of[key] = (
                min(inside, key=lambda i: passages[i].end - passages[i].start) if inside else -1
            )
        return None if sentence_of[key] < 0 else sentence_of[key]

    entries: list[FactCoverage | None] = []
    queries: list[Query] = []
    pending: list[tuple[int, Fact, str]] = []
    for fact in facts:
        reporting = {source_of.get(a, a) for a in fact.articles()}
        claims = tuple(
            dict.fromkeys(
                i for m in fact.mentions if (i := holding(m.para_id, m.start)) is not None
            )
        )
        for source in sources:
            if source in reporting:
                entries.append(FactCoverage(fact.fact_id, source, FactStatus.REPORTED))
                continue
            pending.append((len(entries), fact, source))
            entries.append(None)
            queries.append(Query(claims, candidates.get(source, ())))
    # Pairs whose term cosine is under the alignment's candidate threshold (0.1) are not scored,
    # as in alignment: they practically never reach the described threshold (0.5), and on a big
    # story most fact sentences share some word with most passages. Measured on the fact labels:
    # the same numbers with and without (BENCHMARKS.md).
    found = nearest_passages(
        [p.text for p in passages],
        queries,
        config,
        min_cosine=config.candidate_threshold,
        vectors=vectors,
    )
    paragraph_words = ParagraphWords(paragraphs, words)
    holders = unique_holders(facts, paragraph_words, config.role_appositive_words)
    held: dict[str, list[str]] = {}
    for role, fact_id in sorted(holders.items()):
        held.setdefault(fact_id, []).append(role)
    phrases: dict[str, dict[str, RolePhrase]] = {}
    spelled: dict[str, dict[tuple[str, str], Written]] = {}
    for (slot, fact, source), near in zip(pending, found, strict=True):
        nearest = passages[near.candidate] if near.candidate >= 0 else None
        if near.score >= config.fact_described_threshold:
            entries[slot] = FactCoverage(
                fact.fact_id, source, FactStatus.DESCRIBED, nearest, near.score, "claim"
            )
            continue
        if source not in spelled:
            spelled[source] = _source_initials(paragraphs, source_of, source, paragraph_words)
        other = written_as(fact, spelled[source])
        if other is not None and (at := holding(other.para_id, other.start)) is not None:
            entries[slot] = FactCoverage(fact.fact_id, source, FactStatus.DESCRIBED,
                                         passages[at], near.score, other.kind)  # fmt: skip
            continue
        phrase = None
        if fact.fact_id in held:
            if source not in phrases:
                phrases[source] = _source_roles(
                    paragraphs, source_of, source, paragraph_words, config.role_appositive_words
                )
            phrase = next((phrases[source][r] for r in held[fact.fact_id]
                           if r in phrases[source]), None)  # fmt: skip
        if phrase is not None and (at := holding(phrase.para_id, phrase.start)) is not None:
            rule = f"role:{phrase.role}"
            entries[slot] = FactCoverage(fact.fact_id, source, FactStatus.DESCRIBED,
                                         passages[at], near.score, rule)  # fmt: skip
            continue
        entries[slot] = FactCoverage(fact.fact_id, source, FactStatus.LEFT_OUT, nearest, near.score)
    return tuple(e for e in entries if e is not None)


def _source_initials(
    paragraphs: Sequence[Paragraph],
    source_of: Mapping[str, str],
    source: str,
    words: ParagraphWords,
) -> dict[tuple[str, str], Written]:
    """Where `source` first writes each initialism and each spelled-out set of initials."""
    found: dict[tuple[str, str], Written] = {}
    for para in paragraphs:
        if source_of.get(para.article_id, para.article_id) == source:
            for key, place in written_initials(para, words.words(para.para_id)).items():
                found.setdefault(key, place)
    return found


def _source_roles(
    paragraphs: Sequence[Paragraph],
    source_of: Mapping[str, str],
    source: str,
    words: ParagraphWords,
    appositive_words: int,
) -> dict[str, RolePhrase]:
    """role class -> the first phrase of `source` that describes someone by that role."""
    found: dict[str, RolePhrase] = {}
    for para in paragraphs:
        if source_of.get(para.article_id, para.article_id) != source:
            continue
        for phrase in role_phrases(para, words.words(para.para_id), appositive_words):
            found.setdefault(phrase.role, phrase)
    return found


class _Holders:
    """The passages of one paragraph (indices into `passages`, in order) that hold an offset,
    in that order. A paragraph's sentences are in reading order and do not overlap, so the one
    sentence holding an offset is found by binary search (a mention in a 5 MB paragraph of
    thousands of sentences is not checked against all of them); passages that break that order
    (the whole paragraph, any other) are checked one by one."""

    def __init__(self, passages: Sequence[ArticlePassage], indices: Sequence[int]) -> None:
        self.passages = passages
        self.ordered: list[int] = []  # in order and disjoint: binary search
        self.others: list[int] = []  # everything else: checked one by one
        for i in indices:
            last = passages[self.ordered[-1]] if self.ordered else None
            if last is None or passages[i].start >= last.end:
                self.ordered.append(i)
            else:
                self.others.append(i)
        self.starts = [passages[i].start for i in self.ordered]

    def holding(self, at: int) -> list[int]:
        found = [i for i in self.others if self.passages[i].start <= at < self.passages[i].end]
        k = bisect_right(self.starts, at) - 1
        if k >= 0 and at < self.passages[self.ordered[k]].end:
            found.append(self.ordered[k])
        return sorted(found)
