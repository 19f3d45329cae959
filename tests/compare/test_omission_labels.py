"""Quality floors of `omitted` on the blind omission labels (tests/data/omission_labels.csv,
133 rows, written by an annotator who never saw the tool's output). A wrong `omitted` accuses an
outlet of leaving out what it reported, so precision is what is pinned; recall is pinned low
only to notice if the check stops flagging anything."""

from __future__ import annotations

from functools import cache

from audit.config import AuditConfig
from tests.compare.label_support import DATA, bench_module, label_docs

CONFIG = AuditConfig()


@cache
def judged_halves():
    bench = bench_module("omission_labels")
    docs_module = bench_module("label_docs")
    rows = docs_module.read_label_rows(DATA / "omission_labels.csv")
    judged = bench.judge_claims(rows, label_docs(), CONFIG.align)
    halves = [docs_module.label_half(r["doc_a"], r["text_a"], r["doc_b"]) for r in rows]
    return rows, judged, halves


def precision_recall(rows, judged, picked):
    flagged = [i for i in picked if judged[i].status.value == "omitted"]
    right = sum(rows[i]["label"] == "omitted" for i in flagged)
    positives = sum(rows[i]["label"] == "omitted" for i in picked)
    return right / len(flagged), right / positives


def test_omitted_precision_on_both_halves() -> None:
    rows, judged, halves = judged_halves()
    tune = [i for i, h in enumerate(halves) if h == 0]
    held = [i for i, h in enumerate(halves) if h == 1]
    p_tune, r_tune = precision_recall(rows, judged, tune)
    p_held, r_held = precision_recall(rows, judged, held)
    # measured: tune 0.857 / 0.20, held out 1.00 / 0.25 (BENCHMARKS.md)
    assert p_tune >= 0.85 and p_held >= 0.85
    assert r_tune >= 0.15 and r_held >= 0.15


def test_every_judgement_names_its_nearest_passage() -> None:
    rows, judged, _ = judged_halves()
    docs = label_docs()
    for row, judgement in zip(rows, judged, strict=True):
        near = judgement.evidence.nearest
        assert near is not None
        assert near.article_id == docs.article_of[row["doc_b"]]
