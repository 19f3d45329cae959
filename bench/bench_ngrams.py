"""Time the word n-gram overlaps (`audit.align.ngrams`) of the same-claim probability on a story.

Usage: python bench/bench_ngrams.py STORY.csv [--repeat 3] [--config bench/claims_round5.toml]
       (a story CSV as written by bench/bench_align.py --workdir, e.g. the 50 x 40 one)

Best of --repeat in this one process: `ngram_set` over the passages `passage_vectors` reads
(sentences, and paragraphs of one sentence; a many-sentence paragraph whole gets none), and
`overlaps` of the distinct candidate pairs (`passages.distinct_pair_signals` scores each once),
under a config that weighs them (the default config does not, and reads no n-grams at all).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_embedding import best_of

from audit.align.ngrams import ngram_set, overlaps
from audit.align.passages import _candidates, content_passages, first_copies, passage_vectors
from audit.config import AuditConfig
from audit.ingest.load import load_input
from audit.ingest.settings import load_config
from audit.pipeline import clean_story


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--config", type=Path, default=Path(__file__).with_name("claims_round5.toml")
    )
    args = parser.parse_args()
    config = AuditConfig() if args.config is None else load_config(args.config)
    story = load_input(args.story).stories[0]
    content = [p for p in clean_story(story, config).paragraphs if p.is_content]
    articles = [p.article_id for p in content]
    passages = content_passages(content)
    vectors = passage_vectors(content, passages, config.align)
    rows, cols = _candidates(vectors, passages, articles, config.align)
    texts = [
        content[p.para].text[p.start - content[p.para].start : p.end - content[p.para].start]
        if not p.whole or len(content[p.para].sentences) <= 1
        else ""
        for p in passages
    ]
    copies = first_copies(vectors)
    keys = np.unique(copies[rows] * len(copies) + copies[cols])
    first, second = keys // len(copies), keys % len(copies)
    built = best_of(args.repeat, lambda: ngram_set(texts))
    grams = ngram_set(texts)
    paired = best_of(args.repeat, lambda: overlaps(grams, first, second))
    print(
        f"{len(passages)} passages ({sum(bool(t) for t in texts)} read for n-grams), "
        f"{rows.size} candidate pairs, {keys.size} distinct; ngram_set {built:.3f} s, "
        f"overlaps {paired:.3f} s"
    )


if __name__ == "__main__":
    main()
