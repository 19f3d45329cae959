"""How often `audit dedup` calls an MSRP sentence pair a duplicate, by the pair's label.

MSRP pairs (Quality 1 = paraphrase, 0 = not) are sentences from news clusters; a paraphrase
should not be a duplicate, yet many MSRP "paraphrases" are the same wire sentence lightly
copy-edited. Prints counts by label and rule, and a seeded sample of matched paraphrases.

    python bench/dedup_msrp.py ../shared/data/msrp/msr_paraphrase_train.txt
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from audit.config import DedupConfig
from audit.dedup import Record, find_duplicates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="msr_paraphrase_train.txt (tab-separated, BOM)")
    parser.add_argument("--sample", type=int, default=8)
    args = parser.parse_args()
    config = DedupConfig()
    counts: Counter[tuple[str, str]] = Counter()
    matched = []
    with args.path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            quality, _, _, first, second = line.rstrip("\n").split("\t")
            pair = [Record("a", first, "x", "A"), Record("b", second, "y", "B")]
            found = list(find_duplicates(pair, config))
            counts[(quality, found[0].rule if found else "no match")] += 1
            if found and quality == "1":
                matched.append((found[0].score, first, second))
    for label in ("1", "0"):
        total = sum(n for (q, _), n in counts.items() if q == label)
        hits = total - counts[(label, "no match")]
        rules = {r: n for (q, r), n in sorted(counts.items()) if q == label and r != "no match"}
        print(f"Quality={label}: {hits} of {total} pairs matched ({hits / total:.1%}): {rules}")
    for score, first, second in random.Random(1).sample(matched, min(args.sample, len(matched))):
        print(f"- {score}: {first}\n  {second}")


if __name__ == "__main__":
    main()
