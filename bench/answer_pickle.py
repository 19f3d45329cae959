"""Time to pickle and unpickle what `audit run`'s children send back (`audit.beside`): the facts
with their coverage, and the measures + framing, of one story; with the values' field-tuple
state (`audit.model.pickled_by_fields`) and with Python's own dataclass state methods.

Usage: python bench/answer_pickle.py STORY.csv [--paragraph-separator ' ### '] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import pickle
import statistics
import sys
import time
from pathlib import Path

from audit.align.stage import content_words
from audit.compare import absence, left_out, mentions
from audit.compare.stage import story_facts
from audit.config import AuditConfig
from audit.framing import attribution, bias, evidence, quotes
from audit.framing.measure import measure_paragraphs
from audit.framing.stage import frame_story, lexicons_for
from audit.ingest.load import load_input
from audit.model import Paragraph, ParagraphMeasures, Sentiment, Span
from audit.pipeline import clean_story

# Every class `pickled_by_fields` decorates.
DECORATED = (
    Span,
    Paragraph,
    Sentiment,
    ParagraphMeasures,
    mentions.Mention,
    mentions.Fact,
    left_out.FactCoverage,
    absence.ArticlePassage,
    bias.BiasWord,
    evidence.Evidence,
    quotes.Quote,
    attribution.Attribution,
)


def timed(answer: object, repeat: int) -> tuple[float, float, int]:
    """Median seconds of pickle.dumps and pickle.loads of `answer`, and the pickle's bytes."""
    dumps, loads = [], []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        blob = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        dumps.append(time.perf_counter() - started)
        started = time.perf_counter()
        pickle.loads(blob)
        loads.append(time.perf_counter() - started)
    return statistics.median(dumps), statistics.median(loads), len(blob)


def python_state() -> None:
    """Put Python 3.11's own frozen-slots state methods back on the decorated classes."""
    for cls in DECORATED:
        cls.__getstate__ = dataclasses._dataclass_getstate  # type: ignore[attr-defined]
        cls.__setstate__ = dataclasses._dataclass_setstate  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", type=Path)
    parser.add_argument("--paragraph-separator", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = AuditConfig()
    segment = dataclasses.replace(base.segment, paragraph_separator=args.paragraph_separator)
    config = dataclasses.replace(base, segment=segment)
    story = load_input(args.story).stories[0]
    paragraphs = clean_story(story, config).paragraphs
    words = content_words(paragraphs)
    source_of = {a.article_id: a.source for a in story.articles}
    facts = story_facts(paragraphs, source_of, config.align, words=words)
    measures = measure_paragraphs(paragraphs, config.measure)
    framing = frame_story(
        story.articles,
        paragraphs,
        config.framing,
        lexicons_for(config.framing),
        words=words,
        align=config.align,
    )
    framed = (measures, framing)
    answers = {"facts": facts, "measures + framing": framed}
    print("| answer | state | dumps s | loads s | MB |\n|---|---|---:|---:|---:|")
    for state in ("field tuples", "Python's"):
        if state == "Python's":
            python_state()
        for name, answer in answers.items():
            dumps, loads, size = timed(answer, args.repeat)
            print(f"| {name} | {state} | {dumps:.2f} | {loads:.2f} | {size / 1e6:.1f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
