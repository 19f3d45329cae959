"""Naming-variant groups found on NewsWCL50, and their precision against hand labels.

Usage: python bench/naming_newswcl.py /work/shared/data/newswcl50/articles.jsonl \\
           [--labels tests/data/naming_labels.csv]

Prints every group of every event (story id, group, the rule or evidence that made it, forms).
With --labels (`event,group,label`, 1 = one name written two ways), prints precision: the
share of found groups labelled 1, and which found groups have no label yet.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import replace
from pathlib import Path

from audit.config import AuditConfig
from audit.framing.naming import find_naming_variants
from audit.ingest.load import load_input
from audit.pipeline import clean_story


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("articles", type=Path, help="NewsWCL50 articles.jsonl (or a wire CSV)")
    parser.add_argument("--labels", type=Path)
    parser.add_argument("--separator", help="paragraph separator (wire scrapes: ' ### ')")
    args = parser.parse_args()
    config = AuditConfig()
    if args.separator:
        config = replace(
            config, segment=replace(config.segment, paragraph_separator=args.separator)
        )
    found = []
    rows = 0
    for story in load_input(args.articles).stories:
        paragraphs = clean_story(story, config).paragraphs
        for variant in find_naming_variants(story.articles, paragraphs, config.framing):
            found.append((story.story_id, variant.group, variant.rule))
            print(f"{story.story_id}\t{variant.group}\t{variant.rule}")
            rows += len(variant.occurrences)
    print(f"{len(found)} groups, {rows} evidence rows")
    if args.labels:
        with open(args.labels, encoding="utf-8", newline="") as handle:
            labels = {(r["event"], r["group"]): int(r["label"]) for r in csv.DictReader(handle)}
        judged = [labels[(e, g)] for e, g, _ in found if (e, g) in labels]
        missing = [(e, g) for e, g, _ in found if (e, g) not in labels]
        right = sum(judged)
        print(f"precision {right}/{len(judged)} = {right / len(judged) if judged else 1.0:.3f}")
        print(f"unlabelled: {missing}")


if __name__ == "__main__":
    main()
