"""Time the semantic signal: loading the shipped model, and embedding a story's claims.

Usage: python bench/bench_embedding.py STORY.csv [--repeat 3]
       (a story CSV as written by bench/bench_align.py --workdir, e.g. the 50 x 40 one)

Each step is timed in this one process, best of --repeat: the model load (cold: the first call
of `load_model`; the cache is cleared between repeats), cutting the story into claims,
embedding them, and scoring the candidate pairs (signals + probability).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from audit.align.claims import aligned_paragraphs
from audit.align.embedding import embed, load_model
from audit.align.passages import _candidates, claim_space, claim_text, score_claim_pairs
from audit.config import AuditConfig
from audit.ingest.load import load_input
from audit.pipeline import clean_story


def best_of(repeat: int, step) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    def cold_load() -> None:
        load_model.cache_clear()
        load_model()

    load = best_of(args.repeat, cold_load)
    config = AuditConfig()
    story = load_input(args.story).stories[0]
    paragraphs = aligned_paragraphs(clean_story(story, config).paragraphs)
    space = claim_space(paragraphs, config.align)
    texts = [claim_text(space, i) for i in range(len(space.claims))]
    embedding = best_of(args.repeat, lambda: embed(texts))
    rows, cols = _candidates(space, config.align)
    scoring = best_of(args.repeat, lambda: score_claim_pairs(space, rows, cols, config.align))
    print(f"model load {load:.3f} s; {len(texts)} claims embedded in {embedding:.3f} s; "
          f"{len(rows)} candidate pairs scored (signals + probability) in "
          f"{scoring:.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
