"""Verification of LSH candidates and the evidence of a match: similarity, rule, spans, kind.

LSH only proposes candidates; every reported pair is checked here with an exact similarity
(rapidfuzz's Indel distance on word sequences, through `audit.text.similarity`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audit.config import DedupConfig
from audit.dedup.findings import Kind, SpanPair
from audit.text.normalize import match_key, token_keys
from audit.text.similarity import sequence_opcodes, sequence_similarity

RULE_EXACT = "exact-key"
RULE_SIMILAR = "near-similarity"
RULE_CONTAINED = "near-containment"
RULE_SHORT = "boilerplate-short"
RULE_PHRASE = "boilerplate-phrase"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A verified near-duplicate: `score` in [0, 1] is the value `rule` compared."""

    score: float
    rule: str


def verify(words: Sequence[str], other: Sequence[str], config: DedupConfig) -> Verdict | None:
    """Whether two texts (as match_key words) are near duplicates, by similarity or containment."""
    shorter, longer = sorted((len(words), len(other)))
    if shorter == 0:
        return None
    best_similarity = 2 * shorter / (shorter + longer)
    can_contain = shorter >= config.containment_min_words
    if best_similarity < config.near_threshold and not can_contain:
        return None
    similarity = sequence_similarity(words, other)
    if similarity >= config.near_threshold:
        return Verdict(similarity, RULE_SIMILAR)
    if can_contain:
        # Indel similarity is 2 * LCS / (la + lb): recover the LCS to get containment.
        common = similarity * (shorter + longer) / 2
        containment = min(1.0, common / shorter)
        if containment >= config.containment_threshold:
            return Verdict(containment, RULE_CONTAINED)
    return None


def exact_spans(text: str, other: str) -> tuple[SpanPair, ...]:
    """Exact copies (equal match keys) match over their whole stripped text."""
    return (SpanPair(*_stripped(text), *_stripped(other)),)


def _stripped(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, max(start, len(text.rstrip()))


def matched_spans(text: str, other: str) -> tuple[SpanPair, ...]:
    """The runs of words equal in both texts (by the Indel edit script), as character spans."""
    mine, my_spans = token_keys(text)
    theirs, their_spans = token_keys(other)
    spans = []
    for op in sequence_opcodes(mine, theirs):
        if op.tag != "equal" or op.a_end <= op.a_start:
            continue
        spans.append(
            SpanPair(
                my_spans[op.a_start][0],
                my_spans[op.a_end - 1][1],
                their_spans[op.b_start][0],
                their_spans[op.b_end - 1][1],
            )
        )
    return tuple(spans)


@dataclass(frozen=True, slots=True)
class BoilerplateRules:
    """The boilerplate settings with each phrase normalised once (as a padded match key)."""

    max_words: int
    phrase_max_words: int
    phrases: tuple[tuple[str, str], ...]  # (phrase as configured, " its match key ")

    @classmethod
    def of(cls, config: DedupConfig) -> BoilerplateRules:
        phrases = tuple((p, f" {match_key(p)} ") for p in config.boilerplate_phrases)
        return cls(config.boilerplate_max_words, config.boilerplate_phrase_max_words, phrases)

    def rule(self, key: str, n_words: int) -> str | None:
        """The rule a repeated text (its match key) falls under, or None for content."""
        if n_words <= self.max_words:
            return RULE_SHORT
        if n_words > self.phrase_max_words:
            return None
        padded = f" {key} "
        for phrase, needle in self.phrases:
            if needle in padded:
                return f"{RULE_PHRASE}:{phrase}"
        return None


def kind_of(rule: str) -> Kind:
    if RULE_SHORT in rule or RULE_PHRASE in rule:
        return Kind.BOILERPLATE
    return Kind.EXACT if rule.startswith(RULE_EXACT) else Kind.NEAR
