"""Verification of candidates and the evidence attached to a match."""

from __future__ import annotations

import dataclasses

from audit.config import DedupConfig
from audit.dedup.findings import Kind
from audit.dedup.verify import (
    RULE_CONTAINED,
    RULE_SIMILAR,
    BoilerplateRules,
    exact_spans,
    kind_of,
    matched_spans,
    verify,
)
from audit.text.normalize import match_key, tokens

CONFIG = DedupConfig()


def words(text: str) -> list[str]:
    return match_key(text).split()


def test_similar_texts_pass_by_similarity() -> None:
    a = words("The mayor said the bridge would open in early spring because of a steel shortage.")
    b = words("The mayor said the bridge would open in late spring because of a steel shortage.")
    verdict = verify(a, b, CONFIG)
    assert verdict is not None and verdict.rule == RULE_SIMILAR
    assert 0.9 < verdict.score < 1.0


def test_cut_copy_passes_by_containment_with_its_score() -> None:
    short = words("Revenue fell 8 percent as demand for its solar panels slowed in Germany.")
    long = short + words("Its shares dropped 6 percent in early trading in Frankfurt on Monday.")
    verdict = verify(short, long, CONFIG)
    assert verdict is not None
    assert (verdict.rule, verdict.score) == (RULE_CONTAINED, 1.0)
    too_short = dataclasses.replace(CONFIG, containment_min_words=20)
    assert verify(short, long, too_short) is None


def test_length_gap_rejects_without_comparing() -> None:
    assert verify(["a", "b"], ["a", "b", "c", "d", "e", "f", "g"], CONFIG) is None
    assert verify([], ["a"], CONFIG) is None


def test_matched_spans_point_at_equal_words() -> None:
    a = "He said: “We will not give up,” on Monday."
    b = 'On Monday he said "we will NOT give up".'
    spans = matched_spans(a, b)
    assert spans
    for s in spans:
        assert [t.norm for t in tokens(a[s.start : s.end])] == [
            t.norm for t in tokens(b[s.other_start : s.other_end])
        ]
    assert a[spans[0].start : spans[0].end] == "He said: “We will not give up"


def test_exact_spans_cover_the_stripped_texts() -> None:
    (span,) = exact_spans("  Advertisement\n", "Advertisement")
    assert (span.start, span.end, span.other_start, span.other_end) == (2, 15, 0, 13)


def test_boilerplate_rules() -> None:
    rules = BoilerplateRules.of(CONFIG)
    assert rules.rule("sign up", 2) == "boilerplate-short"
    footer = match_key("Copyright 2024 Reuters. All rights reserved. This material may not be")
    assert rules.rule(footer, len(footer.split())) == "boilerplate-phrase:all rights reserved"
    # Reporting about copyright is content; notices are caught by "all rights reserved".
    content = match_key("The court ruled that the copyright claim over the song had expired.")
    assert rules.rule(content, len(content.split())) is None
    long_content = " ".join(["sign up"] + ["word"] * CONFIG.boilerplate_phrase_max_words)
    assert rules.rule(long_content, CONFIG.boilerplate_phrase_max_words + 1) is None
    assert rules.rule(match_key("Putin met Trump in Helsinki on Monday."), 7) is None


def test_kind_of_rule() -> None:
    assert kind_of("exact-key") is Kind.EXACT
    assert kind_of("near-similarity") is Kind.NEAR
    assert kind_of("exact-key; boilerplate-short") is Kind.BOILERPLATE
    assert kind_of("near-containment; boilerplate-phrase:sign up") is Kind.BOILERPLATE
