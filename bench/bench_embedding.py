"""Time the semantic signal and the same-claim probability on top of the paragraph alignment.

Usage: python bench/bench_embedding.py STORY.csv [--repeat 3]
       (a story CSV as written by bench/bench_align.py --workdir, e.g. the 50 x 40 one)

Each step is timed in this one process, best of --repeat: the model load (cold: the cache of
`load_model` is cleared between repeats); embedding the passages that are in some candidate
pair and taking their pair cosines (`passages.semantic_cosines`); the features and the
probability of every candidate passage pair (`probability`); and the whole `paragraph_scores`
(candidates, lexical signals, embedding, probability, roll-up) for scale.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from audit.align.embedding import load_model
from audit.align.passages import (
    _candidates,
    content_passages,
    paragraph_scores,
    passage_vectors,
    semantic_cosines,
)
from audit.align.probability import feature_matrix, probabilities
from audit.align.scorer import pair_signals
from audit.config import AuditConfig
from audit.ingest.load import load_input
from audit.pipeline import clean_story


def best_of(repeat: int, step: Callable[[], object]) -> float:
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
    content = [p for p in clean_story(story, config).paragraphs if p.is_content]
    articles = [p.article_id for p in content]
    passages = content_passages(content)
    vectors = passage_vectors(content, passages, config.align)
    rows, cols = _candidates(vectors, passages, articles, config.align)
    signals = pair_signals(vectors, rows, cols, config.align)
    embedding = best_of(args.repeat, lambda: semantic_cosines(content, passages, rows, cols))
    semantic = semantic_cosines(content, passages, rows, cols)
    title = np.zeros(rows.size, dtype=bool)
    scoring = best_of(
        args.repeat,
        lambda: probabilities(feature_matrix(signals, semantic, title), config.align),
    )
    whole = best_of(args.repeat, lambda: paragraph_scores(content, articles, config.align))
    embedded = np.unique(np.concatenate([rows, cols])).size
    print(
        f"model load {load:.3f} s; {len(content)} content paragraphs, {len(passages)} passages; "
        f"{embedded} passages embedded + {rows.size} pair cosines in {embedding:.3f} s; "
        f"features + probability of {rows.size} pairs in {scoring:.3f} s; "
        f"paragraph_scores in all {whole:.3f} s"
    )


if __name__ == "__main__":
    main()
