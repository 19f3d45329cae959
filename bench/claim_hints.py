"""The tool's "possibly the same claim" hints (`align.hints`) on the blind sentence pairs: each
labelled story is aligned whole, and a labelled pair counts as hinted when a hint's claim spans
overlap both of its sentences. Prints, per half, how many hinted pairs are the same claim, and
the number of hints in these stories.

Usage: python bench/claim_hints.py tests/data/claim_sentence_pairs.csv \
           --newswcl /work/shared/data/newswcl50/articles.jsonl \
           --wire /work/shared/data/wire-scrapes [--config FILE.toml] [--threshold T]

Stories and sentence location as bench/claim_links.py. `--config` reads an [align] section
(e.g. bench/claims_round5.toml, the round-5 coefficients); `--threshold` sets
claim_probability_threshold over it.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from claim_links import aligned_labels, overlaps
from claim_sentences import label_half, read_labels

from audit.config import AuditConfig
from audit.ingest.settings import load_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("--newswcl", type=Path, required=True)
    parser.add_argument("--wire", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    base = AuditConfig() if args.config is None else load_config(args.config)
    if args.threshold is not None:
        align = dataclasses.replace(base.align, claim_probability_threshold=args.threshold)
        base = dataclasses.replace(base, align=align)
    rows = read_labels(args.labels)
    hinted = np.zeros(len(rows), dtype=bool)
    n_hints = 0
    for index, alignment, found_rows in aligned_labels(rows, args.newswcl, args.wire, base):
        hints = alignment.hints
        n_hints += len(hints)
        for i, found in zip(index, found_rows, strict=True):
            if found is None:
                continue
            for hint in hints:
                spans = {hint.para_a: (hint.claim_a.start, hint.claim_a.end),
                         hint.para_b: (hint.claim_b.start, hint.claim_b.end)}  # fmt: skip
                if all(
                    p.para_id in spans and overlaps(spans[p.para_id], s, e) for p, s, e in found
                ):
                    hinted[i] = True
    same = np.array([r["same"] == "1" for r in rows])
    half = np.array([label_half(r) for r in rows])
    threshold = base.align.claim_probability_threshold
    print(f"{n_hints} hints in the labelled stories at {threshold}")
    print("| half | labelled pairs hinted | of them the same claim | same pairs hinted |")
    print("|---|---|---|---|")
    for name, part in (("tune", half == 0), ("held-out", half == 1), ("all", half >= 0)):
        print(f"| {name} | {np.sum(hinted & part)} | {np.sum(hinted & part & same)} | "
              f"{np.sum(hinted & part & same)} of {np.sum(part & same)} |")  # fmt: skip


if __name__ == "__main__":
    main()
