"""Precision and recall of the framing flags on the bundled story's hand labels, by kind.

    .venv/bin/python bench/framing_labels.py

Labels: tests/data/framing_labels.csv (see tests/data/README.md). A flag is right when it
overlaps a `flag` label of its kind; any other flag (labelled `not`, or unlabelled) counts as
wrong. Recall is over the `flag` labels. Naming variants are checked by tests/test_naming.py.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from audit.config import AuditConfig
from audit.framing.evidence import Evidence, EvidenceKind
from audit.framing.stage import frame_story
from audit.ingest.load import bundled_story_path, load_input
from audit.pipeline import run_audit

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "framing_labels.csv"


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args(argv)
    loaded = load_input(bundled_story_path())
    result = run_audit(loaded.stories[0], AuditConfig())
    text_of = {a.article_id: a.text for a in result.story.articles}
    labels = list(_labels(text_of))
    framing = frame_story(result.story.articles, result.paragraphs, AuditConfig().framing)
    # bias words have their own blind labels: bench/bias_words.py
    unlabelled = {EvidenceKind.NAMING_VARIANT, EvidenceKind.BIAS_WORD}
    flags = [e for e in framing.evidence if e.kind not in unlabelled]
    positives = [lab for lab in labels if lab["label"] == "flag"]

    def hits(e: Evidence, lab: dict[str, object]) -> bool:
        return (
            e.article_id == lab["article_id"]
            and e.kind == lab["kind"]
            and e.start < lab["end"]
            and lab["start"] < e.end
        )

    right, flagged, found, wanted = Counter(), Counter(), Counter(), Counter()
    for e in flags:
        flagged[e.kind] += 1
        right[e.kind] += any(hits(e, lab) for lab in positives)
    for lab in positives:
        wanted[lab["kind"]] += 1
        found[lab["kind"]] += any(hits(e, lab) for e in flags)
    print(f"{'kind':24}{'precision':>16}{'recall':>16}")
    for kind in sorted(set(flagged) | set(wanted)):
        precision, recall = _ratio(right[kind], flagged[kind]), _ratio(found[kind], wanted[kind])
        print(f"{kind:24}{precision:>16}{recall:>16}")
    total = (
        _ratio(sum(right.values()), sum(flagged.values())),
        _ratio(sum(found.values()), sum(wanted.values())),
    )
    print(f"{'all':24}{total[0]:>16}{total[1]:>16}")
    return 0


def _labels(text_of: dict[str, str]) -> Iterator[dict[str, object]]:
    with LABELS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            article_id = row["file"].removesuffix(".txt")
            start = -1
            for _ in range(int(row["occurrence"]) + 1):
                start = text_of[article_id].find(row["text"], start + 1)
            yield {**row, "article_id": article_id, "start": start, "end": start + len(row["text"])}


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.3f}" if b else "-"


if __name__ == "__main__":
    sys.exit(main())
