"""Time of the framing stage (bias scores included) and of the wording stage on a 50 x 40 story,
and what loading the lexicons costs the first time and after, in one process.

    .venv/bin/python bench/bench_framing.py ../shared/data/wire-scrapes/helsinki_articles.csv
    .venv/bin/python bench/bench_framing.py ../shared/data/wire-scrapes/helsinki_articles.csv \\
        --mpqa ../shared/data/lexicons/mpqa-subjectivity-clues/subjclueslen1-HLTEMNLP05.tff

The story is the one bench/bench_align.py cuts from the Helsinki scrapes (50 articles x 40
paragraphs). Stage times are the best of --repeat runs over the same cleaned paragraphs, with
the lexicons already loaded (as `audit run` does: once per process for all its stories).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench_align import paragraph_pool, story_rows, write_story

from audit.align.stage import align_story, content_words
from audit.config import AuditConfig
from audit.framing.sentiment import word_valences
from audit.framing.stage import frame_story, lexicons_for
from audit.ingest.load import load_input
from audit.pipeline import clean_story
from audit.wording.stage import word_story


def best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scrapes", type=Path, help="helsinki_articles.csv of the wire scrapes")
    parser.add_argument("--mpqa", type=Path, help="MPQA clues file, to time with it")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config = AuditConfig()
    if args.mpqa:
        config = replace(config, framing=replace(config.framing, mpqa_path=str(args.mpqa)))
    started = time.perf_counter()
    lexicons = lexicons_for(config.framing)
    word_valences()
    first = time.perf_counter() - started
    again = best(3, lambda: lexicons_for(config.framing))
    with tempfile.TemporaryDirectory() as folder:
        path = write_story(story_rows(paragraph_pool(args.scrapes), 50, 40), Path(folder))
        story = load_input(path).stories[0]
    paragraphs = clean_story(story, config).paragraphs
    sources = {a.article_id: a.source for a in story.articles}
    framing_s = best(
        args.repeat, lambda: frame_story(story.articles, paragraphs, config.framing, lexicons)
    )
    framed = frame_story(story.articles, paragraphs, config.framing, lexicons)
    words = content_words(paragraphs)  # the pipeline tokenizes once for every later stage
    alignment = align_story(paragraphs, sources, config.align, words=words)
    wording_s = best(
        args.repeat,
        lambda: word_story(story.articles, paragraphs, alignment, lexicons, config, words=words),
    )
    wording = word_story(story.articles, paragraphs, alignment, lexicons, config, words=words)
    n_bias = sum(e.kind == "bias_word" for e in framed.evidence)
    print(f"lexicons, first load in the process: {first:.3f} s; again: {again * 1000:.3f} ms")
    print(f"50 x 40 story: {sum(p.is_content for p in paragraphs)} content paragraphs")
    print(f"frame_story: {framing_s:.3f} s ({len(framed.evidence)} evidence, {n_bias} bias_word)")
    print(
        f"word_story: {wording_s:.3f} s ({len(alignment.links)} links, "
        f"{len(wording.substitutions)} substitutions, {len(wording.actors)} actor rows)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
