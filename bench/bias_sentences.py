"""Sentence-level lexical bias: the blind sentence labels and how the tool's flags meet them.

    .venv/bin/python bench/bias_sentences.py pick ../shared/data/newswcl50/articles.jsonl

`pick` prints the sentences to label, chosen by a fixed rule before anything is measured: every
content sentence of 8+ words of each article (NewsWCL50: paragraphs split on blank lines;
bundled story: on line breaks; sentences by `audit.ingest.segment.sentence_spans`; a sentence
repeated in its article counts once), ranked by the MD5 of `doc|sentence`, the first 3 of each
NewsWCL50 article (150) and the first 10 of each bundled article (50).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from audit.ingest.load import bundled_story_path
from audit.ingest.segment import paragraph_spans, sentence_spans

PER_ARTICLE = {"newswcl50": 3, "seeds": 10}
MIN_WORDS = 8


def articles(newswcl: Path) -> list[tuple[str, str, str]]:
    """(dataset, doc, text) of every NewsWCL50 article and every bundled article."""
    found = []
    with newswcl.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            found.append(("newswcl50", f"{row['story_id']}/{row['source']}", row["text"]))
    for path in sorted(bundled_story_path().glob("*.txt")):
        found.append(("seeds", path.stem, path.read_text(encoding="utf-8")))
    return found


def candidate_sentences(text: str) -> list[str]:
    seen, found = set(), []
    for para in paragraph_spans(text):
        for span in sentence_spans(text[para.start : para.end], offset=para.start):
            sentence = text[span.start : span.end]
            if len(sentence.split()) >= MIN_WORDS and sentence not in seen:
                seen.add(sentence)
                found.append(sentence)
    return found


def pick(newswcl: Path) -> list[tuple[str, str, str]]:
    """(dataset, doc, sentence): the fixed sample to label, in article order."""
    chosen = []
    for dataset, doc, text in articles(newswcl):
        sentences = candidate_sentences(text)
        ranked = sorted(sentences, key=lambda s: hashlib.md5(f"{doc}|{s}".encode()).hexdigest())
        keep = set(ranked[: PER_ARTICLE[dataset]])
        chosen += [(dataset, doc, s) for s in sentences if s in keep]
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    picker = sub.add_parser("pick", help="print the sentences to label (JSON lines)")
    picker.add_argument("newswcl", type=Path, help="NewsWCL50 articles.jsonl")
    args = parser.parse_args(argv)
    if args.command == "pick":
        for dataset, doc, sentence in pick(args.newswcl):
            print(json.dumps({"dataset": dataset, "doc": doc, "sentence": sentence}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
