"""Planted omissions: is every removed claim `omitted`, and no kept claim?

Usage: python bench/planted_omissions.py /work/shared/data/msrp/msr_paraphrase_train.txt \\
           [--stories 20] [--claims 12] [--removed 3] [--seed 0]

Each story is built from MSRP pairs labelled paraphrases (1): outlet A writes the first
sentences, one paragraph each; outlet C reprints A; outlet B writes the paraphrases (the second
sentences) of all but `--removed` of them, in the same order. So every claim is reported by two
of three sources and is a candidate omission for B; the audit runs as `audit run` does (clean,
align, compare). Reported: of the removed claims, how many B is said to have `omitted` (recall);
of the kept ones, how many are wrongly `omitted`, and how many are `partly_covered`.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from audit.align.stage import align_story
from audit.compare.stage import compare_story
from audit.config import AuditConfig
from audit.model import Article, Story
from audit.pipeline import clean_story


def paraphrase_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("\t")
        if len(fields) == 5 and fields[0] == "1":
            pairs.append((fields[3].strip(), fields[4].strip()))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("msrp", type=Path)
    parser.add_argument("--stories", type=int, default=20)
    parser.add_argument("--claims", type=int, default=12)
    parser.add_argument("--removed", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    config = AuditConfig()
    pairs = paraphrase_pairs(args.msrp)
    rng = random.Random(args.seed)
    rng.shuffle(pairs)
    counts = {"removed": 0, "removed_omitted": 0, "kept": 0, "kept_omitted": 0, "kept_partly": 0}
    for number in range(args.stories):
        chosen = pairs[number * args.claims : (number + 1) * args.claims]
        removed = set(rng.sample(range(len(chosen)), args.removed))
        texts = {
            "A": "\n\n".join(a for a, _ in chosen),
            "B": "\n\n".join(b for k, (_, b) in enumerate(chosen) if k not in removed),
            "C": "\n\n".join(a for a, _ in chosen),
        }
        story = Story(
            f"s{number}",
            tuple(Article(f"{name}{number}", f"s{number}", name, t) for name, t in texts.items()),
        )
        paragraphs = clean_story(story, config).paragraphs
        sources = {a.article_id: a.source for a in story.articles}
        aligned = align_story(paragraphs, sources, config.align)
        entries = compare_story(paragraphs, aligned, config.align).omissions
        unit_of = {m.para_id: u.unit_id for u in aligned.units for m in u.members}
        status = {(e.unit_id, e.source): e.status.value for e in entries}
        for k in range(len(chosen)):
            para = f"A{number}:p{k:03d}"
            got = status.get((unit_of.get(para, ""), "B"), "")
            if k in removed:
                counts["removed"] += 1
                counts["removed_omitted"] += got == "omitted"
            else:
                counts["kept"] += 1
                counts["kept_omitted"] += got == "omitted"
                counts["kept_partly"] += got == "partly_covered"
    print(
        f"removed claims omitted: {counts['removed_omitted']}/{counts['removed']}; "
        f"kept claims omitted (wrong): {counts['kept_omitted']}/{counts['kept']}; "
        f"kept claims partly_covered: {counts['kept_partly']}/{counts['kept']}"
    )


if __name__ == "__main__":
    main()
