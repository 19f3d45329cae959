"""Precision and recall of contrastive substitutions on the blind pair labels, by half.

    .venv/bin/python bench/wording_pairs.py [--show]

Labels: tests/data/wording_pairs.csv (see tests/data/README.md): two sentences of two outlets,
a word of each, and whether they are one thing named two ways (`substitution` 1) or a near miss
(0: the sentences report different claims, so the swap is a misalignment). Each pair's two
sentences go through `find_substitutions` as one aligned pair. A substitution is right when it
overlaps the labelled words of a 1 pair; any substitution on a 0 pair is wrong (the sentences
should not yield one); other substitutions on 1 pairs are not labelled and not counted.
Precision = right / (right + wrong); recall = 1 pairs found / 1 pairs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from audit.config import AuditConfig, WordingConfig
from audit.framing.bias import bias_lexicons
from audit.framing.stage import lexicons_for
from audit.model import Span
from audit.wording.substitutions import SentencePair, Substitution, pair_substitutions

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "wording_pairs.csv"


def label_half(row: dict[str, str]) -> int:
    """0 (tune) or 1 (held out): a fixed split by a hash of the labelled pair."""
    key = "|".join((row["doc_a"], row["sentence_a"], row["word_a"], row["doc_b"], row["word_b"]))
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


@dataclass(frozen=True, slots=True)
class Outcome:
    half: int
    label: int
    found: bool  # the labelled swap was reported
    wrong: int  # substitutions counted wrong
    subs: tuple[Substitution, ...]
    row: dict[str, str]


def _where(sentence: str, word: str) -> tuple[int, int]:
    start = sentence.casefold().find(word.casefold())
    return (start, start + len(word)) if start >= 0 else (-1, -1)


def outcomes(config: WordingConfig) -> list[Outcome]:
    audit = AuditConfig()
    lexicons = bias_lexicons(lexicons_for(audit.framing))
    with LABELS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        a, b = row["sentence_a"], row["sentence_b"]
        pair = SentencePair("p", "a", Span(0, len(a)), "b", Span(0, len(b)))
        subs = tuple(
            pair_substitutions(pair, {"a": a, "b": b}, lexicons, config, audit.framing.bias)
        )
        wa, wb = _where(a, row["word_a"]), _where(b, row["word_b"])
        hit = any(
            s.start_a < wa[1] and wa[0] < s.end_a and s.start_b < wb[1] and wb[0] < s.end_b
            for s in subs
        )
        label = int(row["substitution"])
        wrong = len(subs) if label == 0 else 0
        found.append(Outcome(label_half(row), label, hit and label == 1, wrong, subs, row))
    return found


def summary(results: list[Outcome], half: int | None) -> str:
    chosen = [r for r in results if half is None or r.half == half]
    right = sum(r.found for r in chosen)
    wrong = sum(r.wrong for r in chosen)
    positives = sum(r.label == 1 for r in chosen)
    precision = right / (right + wrong) if right + wrong else 0.0
    return (
        f"P {precision:.3f} ({right}/{right + wrong})  "
        f"R {right / positives if positives else 0:.3f} ({right}/{positives})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print every pair's substitutions")
    parser.add_argument("--sweep", action="store_true", help="try min_pair_similarity values")
    args = parser.parse_args(argv)
    base = AuditConfig().wording
    configs = [base]
    if args.sweep:
        from dataclasses import replace

        configs = [replace(base, min_pair_similarity=v) for v in (0.0, 0.2, 0.3, 0.4, 0.5)]
        configs += [
            replace(base, min_anchor_words=v, min_pair_similarity=s)
            for v in (0, 2, 3)
            for s in (0.2, 0.3)
        ]
    for config in configs:
        results = outcomes(config)
        print(
            f"sim>={config.min_pair_similarity:.2f} anchors>={config.min_anchor_words}: "
            f"tune {summary(results, 0)} | held out {summary(results, 1)} | "
            f"all {summary(results, None)}"
        )
    if args.show:
        for r in outcomes(base):
            got = "; ".join(f"{s.text_a}/{s.text_b} [{s.rule}]" for s in r.subs)
            mark = "HIT" if r.found else ("WRONG" if r.wrong else "")
            print(f"{r.half} {r.label} {r.row['word_a']!r}/{r.row['word_b']!r} {mark}: {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
