"""Time the semantic signal and the same-claim probability on top of the paragraph alignment.

Usage: python bench/bench_embedding.py STORY.csv [--repeat 3]
       (a story CSV as written by bench/bench_align.py --workdir, e.g. the 50 x 40 one)

Each step is timed in this one process, best of --repeat: the model load (cold: the cache of
`load_model` is cleared between repeats); what the probability adds to the alignment
(`passages.claim_probabilities`: embedding the sentences in candidate pairs, their cosines, the
features and the probability), and the embedding part alone; and the whole `paragraph_scores`
(candidates, lexical signals, probability, roll-up) for scale.
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
    claim_probabilities,
    content_passages,
    paragraph_scores,
    passage_vectors,
    semantic_cosines,
)
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
    added = best_of(
        args.repeat,
        lambda: claim_probabilities(content, passages, signals, rows, cols, config.align),
    )
    sentence_like = np.array(
        [not p.whole or len(content[p.para].sentences) <= 1 for p in passages], dtype=bool
    )
    scored = np.flatnonzero(sentence_like[rows] & sentence_like[cols])
    embedded = np.unique(np.concatenate([rows[scored], cols[scored]])).size
    embedding = best_of(
        args.repeat, lambda: semantic_cosines(content, passages, rows[scored], cols[scored])
    )
    whole = best_of(args.repeat, lambda: paragraph_scores(content, articles, config.align))
    print(
        f"model load {load:.3f} s; {len(content)} content paragraphs, {len(passages)} passages, "
        f"{rows.size} candidate pairs, {scored.size} of them sentence pairs; added by the "
        f"probability {added:.3f} s, of which embedding {embedded} passages and their pair "
        f"cosines {embedding:.3f} s; paragraph_scores in all {whole:.3f} s"
    )


if __name__ == "__main__":
    main()
