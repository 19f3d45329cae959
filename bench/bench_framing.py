"""Time of the framing stage (bias scores included) and of the wording stage on a 50 x 40 story,
and what loading the lexicons costs the first time and after, in one process.

    .venv/bin/python bench/bench_framing.py ../shared/data/wire-scrapes/helsinki_articles.csv
    .venv/bin/python bench/bench_framing.py ../shared/data/wire-scrapes/helsinki_articles.csv \\
        --mpqa ../shared/data/lexicons/mpqa-subjectivity-clues/subjclueslen1-HLTEMNLP05.tff

The story is the one bench/bench_align.py cuts from the Helsinki scrapes (50 articles x 40
paragraphs). Stage times are the best of --repeat runs over the same cleaned paragraphs, with
the lexicons already loaded (as `audit run` does: once per process for all its stories), in CPU
seconds of this process (`time.process_time`: a loaded machine inflates wall time more). The
framing stage as `bench/profile_stages.py` times it is `content_words` (the paragraphs
tokenised once for every later stage) plus `frame_story`; `find_naming_variants` is timed on
its own too. `--digest` prints a hash of everything `frame_story` returns, to check that a
speed change leaves the framing outputs byte-identical.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench_align import paragraph_pool, story_rows, write_story

from audit.align.stage import align_story, content_words
from audit.config import AuditConfig
from audit.framing.naming import find_naming_variants
from audit.framing.sentiment import word_valences
from audit.framing.stage import StoryFraming, frame_story, lexicons_for
from audit.ingest.load import load_input
from audit.pipeline import clean_story
from audit.wording.stage import word_story


def best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()  # each run starts without the previous run's garbage
        started = time.process_time()
        run()  # type: ignore[operator]
        times.append(time.process_time() - started)
    return min(times)


def digest(framing: StoryFraming) -> str:
    """A hash of the evidence, naming variants, quotes, attributions and scored words."""
    parts = [framing.evidence, framing.variants]
    parts += [(a.quotes, a.attributions, a.scored) for a in framing.articles]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scrapes", type=Path, help="helsinki_articles.csv of the wire scrapes")
    parser.add_argument("--mpqa", type=Path, help="MPQA clues file, to time with it")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--digest", action="store_true", help="hash of the framing outputs")
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
    words_s = best(args.repeat, lambda: content_words(paragraphs))
    words = content_words(paragraphs)  # the pipeline tokenizes once for every later stage
    framing_s = best(
        args.repeat,
        lambda: frame_story(story.articles, paragraphs, config.framing, lexicons, words=words),
    )
    naming_s = best(
        args.repeat,
        lambda: find_naming_variants(story.articles, paragraphs, config.framing, words=words),
    )
    framed = frame_story(story.articles, paragraphs, config.framing, lexicons, words=words)
    alignment = align_story(paragraphs, sources, config.align, words=words)
    wording_s = best(
        args.repeat,
        lambda: word_story(story.articles, paragraphs, alignment, lexicons, config, words=words),
    )
    wording = word_story(story.articles, paragraphs, alignment, lexicons, config, words=words)
    n_bias = sum(e.kind == "bias_word" for e in framed.evidence)
    print(f"lexicons, first load in the process: {first:.3f} s; again: {again * 1000:.3f} ms")
    print(f"50 x 40 story: {sum(p.is_content for p in paragraphs)} content paragraphs")
    print(f"content_words: {words_s:.3f} s CPU")
    print(
        f"frame_story: {framing_s:.3f} s CPU ({len(framed.evidence)} evidence, {n_bias} bias_word;"
        f" of which find_naming_variants {naming_s:.3f} s, {len(framed.variants)} groups)"
    )
    print(f"framing stage (content_words + frame_story): {words_s + framing_s:.3f} s CPU")
    if args.digest:
        print(f"digest of frame_story's outputs: {digest(framed)}")
    print(
        f"word_story: {wording_s:.3f} s CPU ({len(alignment.links)} links, "
        f"{len(wording.substitutions)} substitutions, {len(wording.actors)} actor rows)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
