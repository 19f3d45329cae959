"""The dedup engine on labelled texts (quality floors), its evidence, and its invariants."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.config import AuditConfig, DedupConfig
from audit.dedup.engine import _ranked_rows, classify, find_duplicates
from audit.dedup.findings import Kind, Scope, clusters
from audit.dedup.lsh import Candidates
from audit.dedup.records import ReadOptions, Record, read_records
from audit.errors import AuditInputError
from audit.text.normalize import match_key, tokens

DATA = Path(__file__).parent.parent / "data" / "dedup"
CONFIG = DedupConfig()


def articles() -> dict[str, Record]:
    records = read_records([str(DATA / "articles.jsonl")], ReadOptions())
    return {r.record_id: r for r in records}


def is_match(a: Record, b: Record) -> bool:
    return any(True for _ in find_duplicates([a, b], CONFIG))


def norms(text: str) -> list[str]:
    return [t.norm for t in tokens(text)]


def precision_recall(results: list[tuple[str, bool]]) -> tuple[float, float]:
    """results: (label, predicted duplicate) pairs."""
    tp = sum(1 for label, hit in results if hit and label == "duplicate")
    fp = sum(1 for label, hit in results if hit and label != "duplicate")
    fn = sum(1 for label, hit in results if not hit and label == "duplicate")
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def test_config_section_is_part_of_audit_config() -> None:
    assert AuditConfig().dedup == DedupConfig()
    assert CONFIG.bands * CONFIG.rows >= 32


def test_article_labels_precision_recall_floor() -> None:
    """Reprints with a new byline, headline, a sentence added or cut are found; paraphrases
    and different stories that share the agency footer are not."""
    by_id = articles()
    with (DATA / "labels.csv").open(encoding="utf-8") as labels:
        rows = list(csv.DictReader(labels))
    results = [(row["label"], is_match(by_id[row["a"]], by_id[row["b"]])) for row in rows]
    precision, recall = precision_recall(results)
    assert len(results) == 14
    assert precision >= 0.95
    assert recall >= 0.95


def test_paragraph_labels_precision_recall_floor() -> None:
    """Edited copies of paragraphs match; paraphrases and same-template facts do not."""
    results = []
    with (DATA / "paragraph_pairs.jsonl").open(encoding="utf-8") as pairs:
        for line in pairs:
            pair = json.loads(line)
            a, b = Record("a", pair["a"], "s1", "A"), Record("b", pair["b"], "s2", "B")
            results.append((pair["label"], is_match(a, b)))
    precision, recall = precision_recall(results)
    assert len(results) == 17
    assert precision >= 0.95
    assert recall >= 0.85


def test_stream_of_articles_gives_the_reprint_clusters() -> None:
    findings = list(find_duplicates(articles().values(), CONFIG))
    found = {c.cluster_id: set(c.record_ids) for c in clusters(findings)}
    assert found == {
        "port-wire": {"port-wire", "port-byline", "port-headline", "port-added", "port-cut"},
        "flood-wire": {"flood-wire", "flood-cut-added"},
    }
    assert all(f.scope is Scope.CROSS_SOURCE for f in findings)
    assert {f.other_id for f in findings} <= {"port-wire", "port-byline", "flood-wire"}


def test_paragraph_level_kinds_scopes_and_boilerplate() -> None:
    options = ReadOptions(level="paragraph")
    records = list(read_records([str(DATA / "articles.jsonl")], options))
    by_id = {f.record_id: f for f in find_duplicates(records, CONFIG)}
    # The Reuters footer of the rate story repeats the flood story's: boilerplate, same source.
    footer = by_id["bank-wire:p006"]
    assert footer.other_id == "flood-wire:p007"
    assert footer.kind is Kind.BOILERPLATE
    assert footer.scope is Scope.SAME_SOURCE
    assert "boilerplate-phrase" in footer.rule
    # The quote paragraph reprinted with typographic quotes is an exact copy across outlets.
    quote = by_id["port-byline:p004"]
    assert (quote.other_id, quote.kind, quote.scope) == (
        "port-wire:p004",
        Kind.EXACT,
        Scope.CROSS_SOURCE,
    )
    # No paragraph of the paraphrase is flagged: it shares facts, not wording.
    assert not any(rid.startswith("port-paraphrase") for rid in by_id)


def test_same_article_scope() -> None:
    text = "Officials said the bridge would reopen on Monday after repairs to its deck."
    records = [Record("a:p000", text, "x", "a"), Record("a:p001", text, "x", "a")]
    (finding,) = find_duplicates(records, CONFIG)
    assert finding.scope is Scope.SAME_ARTICLE
    assert finding.kind is Kind.EXACT


def test_each_duplicate_is_reported_once_against_its_best_match() -> None:
    base = "The union said the plan would eliminate about 1,200 jobs over five years at the port."
    records = [
        Record("r0", base, "a", "A"),
        Record("r1", base.replace("1,200", "1,300"), "b", "B"),
        Record("r2", base.replace("1,200", "1,300") + " Talks resume Thursday.", "c", "C"),
    ]
    findings = list(find_duplicates(records, CONFIG))
    assert [(f.record_id, f.other_id, f.cluster_id) for f in findings] == [
        ("r1", "r0", "r0"),
        ("r2", "r1", "r0"),
    ]


@pytest.mark.parametrize("batch_size", [1, 2, 4096])  # in one batch, across batches, both
def test_a_chain_of_copies_is_one_cluster_named_by_its_first_record(batch_size: int) -> None:
    base = "The union said the plan would eliminate about 1,200 jobs over five years at the port."
    r1 = base.replace("1,200", "1,300")
    r2 = r1.replace("five", "six")
    r3 = r2.replace("the port", "the harbour")
    texts = [base, r1, r2, r3]
    records = [Record(f"r{i}", t, f"s{i}", f"S{i}") for i, t in enumerate(texts)]
    config = dataclasses.replace(CONFIG, batch_size=batch_size)
    findings = list(find_duplicates(records, config))
    assert [(f.record_id, f.other_id, f.cluster_id) for f in findings] == [
        ("r1", "r0", "r0"),
        ("r2", "r1", "r0"),
        ("r3", "r2", "r0"),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 30), st.integers(1, 4)),
        unique_by=lambda c: (c[0], c[1]),
    ),
    st.integers(1, 4),
)
def test_ranked_rows_sort_each_row_by_shared_bands_then_age_and_cut_it(
    candidates: list[tuple[int, int, int]], cap: int
) -> None:
    query, seq, hits = (np.array([c[i] for c in candidates], dtype=np.int64) for i in range(3))
    found = Candidates(query, seq, hits)
    expected = [
        sorted(((h, o) for q, o, h in candidates if q == row), key=lambda c: (-c[0], c[1]))[:cap]
        for row in range(6)
    ]
    assert _ranked_rows(found, 6, cap) == expected


def test_classify_yields_every_record_in_order() -> None:
    records = list(articles().values())
    results = list(classify(records, dataclasses.replace(CONFIG, batch_size=3)))
    assert [r for r, _ in results] == records
    assert [r.record_id for r, f in results if f is None] == [
        "port-wire",
        "port-paraphrase",
        "flood-wire",
        "flood-paraphrase",
        "bank-wire",
    ]


def test_batch_size_does_not_change_findings() -> None:
    records = list(read_records([str(DATA / "articles.jsonl")], ReadOptions(level="paragraph")))
    small = list(find_duplicates(records, dataclasses.replace(CONFIG, batch_size=1)))
    large = list(find_duplicates(records, CONFIG))
    assert small == large


def test_threshold_is_respected() -> None:
    a = Record("a", "The mayor said the bridge would open in spring after a long delay.", "x", "A")
    b = Record("b", "The mayor said the bridge would open in summer after a long delay.", "y", "B")
    assert is_match(a, b)
    strict = dataclasses.replace(CONFIG, near_threshold=0.99, containment_threshold=0.99)
    assert list(find_duplicates([a, b], strict)) == []


# Texts built from a small vocabulary collide often, so the properties see many findings.
word = st.sampled_from(
    "port strike union jobs the a of in Gdańsk Gdańsk's «quote» 1,200 U.S. U S US — x".split()
)
text = st.lists(word, min_size=0, max_size=30).map(" ".join)
unicode_text = st.text(max_size=80)
records_strategy = st.lists(st.one_of(text, unicode_text), max_size=12).map(
    lambda texts: [Record(f"r{i}", t, f"s{i % 3}", f"a{i % 5}") for i, t in enumerate(texts)]
)


@settings(max_examples=60, deadline=None)
@given(records_strategy)
def test_properties_of_findings(records: list[Record]) -> None:
    """Deterministic; scores in [0, 1]; spans inside both texts with equal words (token norms);
    only earlier records are matched; no crash on arbitrary Unicode."""
    texts = {r.record_id: r.text for r in records}
    order = {r.record_id: i for i, r in enumerate(records)}
    findings = list(find_duplicates(records, CONFIG))
    assert findings == list(find_duplicates(records, CONFIG))
    for f in findings:
        assert 0.0 <= f.score <= 1.0
        assert order[f.other_id] < order[f.record_id]
        assert f.spans
        mine, other = texts[f.record_id], texts[f.other_id]
        for s in f.spans:
            assert 0 <= s.start <= s.end <= len(mine)
            assert 0 <= s.other_start <= s.other_end <= len(other)
            pieces = (mine[s.start : s.end], other[s.other_start : s.other_end])
            if f.rule.startswith("exact-key"):
                # Exact copies: equal match keys over the whole (stripped) texts.
                assert match_key(pieces[0]) == match_key(pieces[1]) == match_key(mine)
            else:
                assert norms(pieces[0]) == norms(pieces[1])


def test_unusable_settings_are_input_errors() -> None:
    records = [Record("a", "some text here")]
    for change in ({"bands": 0}, {"near_threshold": 1.5}, {"batch_size": 0}):
        with pytest.raises(AuditInputError, match=next(iter(change))):
            list(find_duplicates(records, dataclasses.replace(CONFIG, **change)))
