"""Precision of naming variants on NewsWCL50 against tests/data/naming_labels.csv. Unlike the
blind omission and fact labels, these were written by the developer after looking at the
groups the tool found (an intermediate version's 19 and the final 7), so they measure
precision only, optimistically; see BENCHMARKS.md."""

from __future__ import annotations

import csv

from audit.config import AuditConfig
from audit.framing.naming import find_naming_variants
from audit.ingest.load import load_input
from audit.pipeline import clean_story
from tests.compare.label_support import DATA, require_shared


def test_naming_variant_precision_on_newswcl50() -> None:
    shared = require_shared()
    with open(DATA / "naming_labels.csv", encoding="utf-8", newline="") as handle:
        labels = {(r["event"], r["group"]): int(r["label"]) for r in csv.DictReader(handle)}
    config = AuditConfig()
    found = []
    for story in load_input(shared / "data" / "newswcl50" / "articles.jsonl").stories:
        paragraphs = clean_story(story, config).paragraphs
        for variant in find_naming_variants(story.articles, paragraphs, config.framing):
            found.append((story.story_id, variant.group))
    assert all(key in labels for key in found), [k for k in found if k not in labels]
    precision = sum(labels[key] for key in found) / len(found)
    assert precision >= 0.9  # measured 7/7 = 1.0
    assert len(found) >= 5
