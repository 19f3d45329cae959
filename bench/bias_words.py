"""Precision and recall of the `bias_word` flags on the blind word labels, by half, against the
plain baseline |VADER valence| >= 0.5; with `--fit`, each source's estimated in-span precision
from the tune half (what `BiasConfig` takes); `--sweep` tries thresholds 0.20-0.90.

    .venv/bin/python bench/bias_words.py ../shared/data/newswcl50/articles.jsonl
    .venv/bin/python bench/bias_words.py ../shared/data/newswcl50/articles.jsonl \\
        --mpqa ../shared/data/lexicons/mpqa-subjectivity-clues/subjclueslen1-HLTEMNLP05.tff --fit

Labels: tests/data/bias_words.csv (see tests/data/README.md), word occurrences of NewsWCL50 and
the bundled story. A label is flagged when a flag overlaps its span; precision is over the
labelled occurrences that are flagged, recall over those labelled biased. `rate` is flags per
100 content words over all NewsWCL50 articles: the labels are a sample, so the rate says how
much a method flags where nobody labelled. `est. in-span` scales the issue's measured VADER
baseline (0.155 in-span precision, 0.39 recall on unseen annotations) by our recall and rate
ratios to the same baseline: an estimate of the issue's in-span precision, not a measurement.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from audit.config import AuditConfig
from audit.framing.bias import BiasWord, bias_lexicons
from audit.framing.sentiment import word_valences
from audit.framing.stage import lexicons_for, paragraph_bias_scores, story_topics
from audit.ingest.load import bundled_story_path, load_input
from audit.pipeline import clean_story
from audit.text.normalize import tokens

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "bias_words.csv"
BASELINE_IN_SPAN, BASELINE_RECALL = 0.155, 0.39  # the numbers on unseen annotations


def label_half(row: dict[str, str]) -> int:
    """0 (tune) or 1 (held out): a fixed split by a hash of the labelled occurrence."""
    key = "|".join((row["dataset"], row["doc"], row["text"], row["occurrence"]))
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


@dataclass(frozen=True, slots=True)
class Label:
    doc: str
    start: int
    end: int
    biased: bool
    quoted: bool
    half: int
    text: str


def find_span(text: str, needle: str, occurrence: int) -> int:
    """Start of the `occurrence`-th appearance of `needle` (case ignored if not found as is)."""
    for haystack, key in ((text, needle), (text.casefold(), needle.casefold())):
        start = -1
        for _ in range(occurrence + 1):
            start = haystack.find(key, start + 1)
            if start < 0:
                break
        if start >= 0:
            return start
    raise ValueError(f"label not found: {needle!r} #{occurrence}")


def read_labels(texts: dict[str, str]) -> list[Label]:
    with LABELS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = []
    for row in rows:
        start = find_span(texts[row["doc"]], row["text"], int(row["occurrence"]))
        labels.append(
            Label(
                row["doc"],
                start,
                start + len(row["text"]),
                row["label"] == "biased",
                row["quoted"] == "1",
                label_half(row),
                row["text"],
            )
        )
    return labels


@dataclass(frozen=True, slots=True)
class Corpus:
    texts: dict[str, str]  # doc -> article text
    words: dict[str, int]  # doc -> content words
    scored: dict[str, list[BiasWord]]  # doc -> every scored occurrence
    baseline: dict[str, list[tuple[int, int, float]]]  # doc -> (start, end, |valence|) per word


def read_corpus(newswcl: Path, config: AuditConfig) -> Corpus:
    """Every article of NewsWCL50 (doc "event-0/left") and of the bundled story (doc = id)."""
    lexicons = lexicons_for(config.framing)
    biased = bias_lexicons(lexicons)
    valence = word_valences()
    texts, words, scored, baseline = {}, {}, defaultdict(list), defaultdict(list)
    stories = [*load_input(newswcl).stories, *load_input(bundled_story_path()).stories]
    for story in stories:
        paragraphs = clean_story(story, config).paragraphs
        topics = story_topics(paragraphs, config.framing)
        for article in story.articles:
            doc = article.article_id
            if story.story_id.startswith("event-"):
                doc = f"{story.story_id}/{article.source}"
            texts[doc] = article.text
            content = [p for p in paragraphs if p.article_id == article.article_id]
            content = [p for p in content if p.is_content]
            words[doc] = 0
            for p in content:
                toks = tokens(p.text, p.start)
                words[doc] += len(toks)
                topic = topics.get(article.article_id, frozenset())
                scored[doc] += paragraph_bias_scores(
                    p, biased, config.framing, words=toks, topic=topic
                )
                baseline[doc] += [(t.start, t.end, abs(valence.get(t.norm, 0.0))) for t in toks]
    return Corpus(texts, words, dict(scored), dict(baseline))


Flags = Callable[[str], Iterable[tuple[int, int]]]  # doc -> flagged spans


def evaluate(labels: list[Label], corpus: Corpus, flags: Flags) -> dict[int, tuple]:
    """Per half (0, 1) and both (2): (flagged & biased, flagged, biased) counts."""
    spans = {doc: list(flags(doc)) for doc in corpus.texts}
    counts = {0: [0, 0, 0], 1: [0, 0, 0], 2: [0, 0, 0]}
    for lab in labels:
        hit = any(s < lab.end and lab.start < e for s, e in spans[lab.doc])
        for half in (lab.half, 2):
            counts[half][0] += hit and lab.biased
            counts[half][1] += hit
            counts[half][2] += lab.biased
    rate = 100 * sum(len(v) for v in spans.values()) / max(1, sum(corpus.words.values()))
    return {h: (*c, rate) for h, c in counts.items()}


def report(name: str, result: dict[int, tuple], base: dict[int, tuple] | None = None) -> None:
    cells = []
    for half in (0, 1, 2):
        right, flagged, wanted, rate = result[half]
        p = right / flagged if flagged else 0.0
        r = right / wanted if wanted else 0.0
        cells.append(f"P {p:.3f} R {r:.3f} ({right}/{flagged}, {wanted})")
    rate = result[2][3]
    est = ""
    if base:
        r_ratio = (result[2][0] / result[2][2]) / max(1e-9, base[2][0] / base[2][2])
        est = f"  est. in-span {BASELINE_IN_SPAN * r_ratio * base[2][3] / max(rate, 1e-9):.3f}"
    print(f"{name:34} " + " | ".join(cells) + f"  rate {rate:.2f}/100w{est}")


def _sources(word: BiasWord) -> set[str]:
    found = set()
    for part in word.reason.split("; "):
        name = part.split(":")[0].split("->")[0]
        if name == "vader":
            raw = abs(float(part.split("=")[1].split("->")[0])) * 4
            name = "vader " + ("<1.5" if raw < 1.5 else "<2.5" if raw < 2.5 else ">=2.5")
        found.add(name)
    return found


def fit(labels: list[Label], corpus: Corpus, base: dict[int, tuple]) -> None:
    """Each source's estimated in-span precision from the tune half: the share of the tune
    half's biased labels it fires on (recall), and how often it fires on all of NewsWCL50
    (rate), scaled to the issue's VADER baseline: 0.155 x (recall / base recall) x (base rate /
    rate). Words scored 0 by a context rule do not count as fires."""
    tune_biased = [lab for lab in labels if lab.half == 0 and lab.biased]
    base_recall = base[0][0] / base[0][2]
    base_rate = base[2][3]
    fires: dict[str, int] = defaultdict(int)
    for words in corpus.scored.values():
        for w in words:
            if w.score > 0:
                for source in _sources(w):
                    fires[source] += 1
    hits: dict[str, int] = defaultdict(int)
    for lab in tune_biased:
        found = set()
        for w in corpus.scored[lab.doc]:
            if w.score > 0 and w.start < lab.end and lab.start < w.end:
                found |= _sources(w)
        for source in found:
            hits[source] += 1
    total = sum(corpus.words.values())
    print("\ntune half by source: recall, rate /100w, estimated in-span precision")
    for source in sorted(fires):
        recall = hits[source] / len(tune_biased)
        rate = 100 * fires[source] / total
        est = BASELINE_IN_SPAN * (recall / base_recall) * (base_rate / rate)
        print(f"  {source:30} {hits[source]:3} R {recall:.3f} rate {rate:6.2f} est {est:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("newswcl", type=Path, help="NewsWCL50 articles.jsonl")
    parser.add_argument("--mpqa", type=Path, help="MPQA subjclueslen1-HLTEMNLP05.tff")
    parser.add_argument("--fit", action="store_true", help="print each source's precision")
    parser.add_argument("--sweep", action="store_true", help="precision/recall by threshold")
    args = parser.parse_args(argv)
    config = AuditConfig()
    if args.mpqa:
        config = replace(config, framing=replace(config.framing, mpqa_path=str(args.mpqa)))
    corpus = read_corpus(args.newswcl, config)
    labels = read_labels(corpus.texts)
    print(f"{len(labels)} labels, halves: tune {sum(lab.half == 0 for lab in labels)}")
    print(f"{'':34} {'tune':^32} | {'held out':^32} | {'all':^32}")
    base = evaluate(
        labels, corpus, lambda d: ((s, e) for s, e, v in corpus.baseline[d] if v * 4 >= 0.5)
    )
    report("baseline |VADER| >= 0.5 (raw -4..4)", base, base)
    strong = evaluate(
        labels, corpus, lambda d: ((s, e) for s, e, v in corpus.baseline[d] if v >= 0.5)
    )
    report("baseline |VADER| >= 0.5 (of 4: 2.0)", strong, base)
    thresholds = [i / 20 for i in range(4, 19)] if args.sweep else []
    for t in sorted({config.framing.bias_threshold, *thresholds}):
        result = evaluate(
            labels,
            corpus,
            lambda d, t=t: ((w.start, w.end) for w in corpus.scored[d] if w.score >= t),
        )
        marker = " (config)" if t == config.framing.bias_threshold else ""
        report(f"bias_word >= {t:.2f}{marker}", result, base)
    if args.fit:
        fit(labels, corpus, base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
