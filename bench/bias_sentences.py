"""Sentence-level lexical bias: the blind sentence labels and how the tool's flags meet them.

    .venv/bin/python bench/bias_sentences.py pick ../shared/data/newswcl50/articles.jsonl
    .venv/bin/python bench/bias_sentences.py measure ../shared/data/newswcl50/articles.jsonl \\
        [--labels tests/data/bias_sentences.csv] [--mpqa PATH]

`measure` runs the framing stage on every article that holds a labelled sentence and reports,
per half (tune / held out, by a hash of the sentence) and for both: span recall (annotated
spans that a flag overlaps), in-span precision (flags in the labelled sentences that overlap an
annotated span), for `bias_word`, for the lexical kinds together and for the |VADER valence| >=
0.5 baseline, with and without the quoted spans; and the AUC of sentence scores against the
sentence ratings (rated >= 1 against 0).

`pick` prints the sentences to label, chosen by a fixed rule before anything is measured: every
content sentence of 8+ words of each article (NewsWCL50: paragraphs split on blank lines;
bundled story: on line breaks; sentences by `audit.ingest.segment.sentence_spans`; a sentence
repeated in its article counts once), ranked by the MD5 of `doc|sentence`, the first 3 of each
NewsWCL50 article (150) and the first 10 of each bundled article (50).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from audit.config import AuditConfig
from audit.framing.bias import BiasWord, bias_lexicons
from audit.framing.evidence import Evidence, EvidenceKind
from audit.framing.quotes import quote_spans
from audit.framing.sentence_bias import noisy_or
from audit.framing.sentiment import sentiment, word_valences
from audit.framing.stage import frame_story, lexicons_for, paragraph_bias_scores, story_topics
from audit.ingest.load import bundled_story_path, load_input
from audit.ingest.segment import paragraph_spans, sentence_spans
from audit.pipeline import clean_story
from audit.text.normalize import tokens

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "bias_sentences.csv"

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


# The five lexical kinds of the first measurement, hedges left out (stance, not bias).
LEXICAL = frozenset(
    {
        EvidenceKind.BIAS_WORD,
        EvidenceKind.LOADED,
        EvidenceKind.INTENSIFIER,
        EvidenceKind.SLANTED_VERB,
        EvidenceKind.SCARE_QUOTE,
    }
)
BASELINE_VALENCE = 0.5 / 4  # |VADER valence| >= 0.5 on VADER's -4..4 scale


def sentence_half(row: dict[str, str]) -> int:
    """0 (tune) or 1 (held out): a fixed split by a hash of the labelled sentence."""
    key = "|".join((row["dataset"], row["doc"], row["sentence"]))
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


@dataclass(frozen=True, slots=True)
class Labelled:
    doc: str
    start: int
    end: int
    rating: int
    quoted_sentence: bool
    spans: tuple[tuple[int, int, bool], ...]  # article offsets, quoted
    half: int


def nth(haystack: str, needle: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = haystack.find(needle, start + 1)
        if start < 0:
            raise ValueError(f"not found: {needle!r} #{occurrence}")
    return start


def read_labels(path: Path, texts: dict[str, str]) -> list[Labelled]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        start = texts[row["doc"]].find(row["sentence"])
        if start < 0:
            raise ValueError(f"sentence not found in {row['doc']}: {row['sentence'][:40]!r}")
        spans = []
        for span in json.loads(row["spans"]):
            at = start + nth(row["sentence"], span["text"], span["occurrence"])
            spans.append((at, at + len(span["text"]), bool(span["quoted"])))
        found.append(
            Labelled(
                row["doc"],
                start,
                start + len(row["sentence"]),
                int(row["rating"]),
                row["quoted_sentence"] == "1",
                tuple(spans),
                sentence_half(row),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class Doc:
    text: str
    evidence: tuple[Evidence, ...]
    scored: tuple[BiasWord, ...]  # every scored occurrence, flagged or not
    valence: tuple[tuple[int, int, float], ...]  # (start, end, |valence|) of every content word
    quotes: tuple[tuple[int, int], ...]  # insides of the quotations


def read_docs(newswcl: Path, config: AuditConfig, wanted: set[str]) -> dict[str, Doc]:
    """The framing evidence and scored words of every article named in `wanted`."""
    lexicons = lexicons_for(config.framing)
    biased = bias_lexicons(lexicons)
    valences = word_valences()
    docs = {}
    for story in [*load_input(newswcl).stories, *load_input(bundled_story_path()).stories]:
        name = {
            a.article_id: f"{story.story_id}/{a.source}"
            if story.story_id.startswith("event-")
            else a.article_id
            for a in story.articles
        }
        if not wanted & set(name.values()):
            continue
        paragraphs = clean_story(story, config).paragraphs
        framing = frame_story(story.articles, paragraphs, config.framing, lexicons)
        topics = story_topics(paragraphs, config.framing)
        for article in story.articles:
            content = [p for p in paragraphs if p.article_id == article.article_id]
            content = [p for p in content if p.is_content]
            scored, valence, quotes = [], [], []
            for p in content:
                words = tokens(p.text, p.start)
                spans = quote_spans(p.text, offset=p.start)
                quotes += [(q.start, q.end) for q in spans]
                scored += paragraph_bias_scores(
                    p,
                    biased,
                    config.framing,
                    words=words,
                    quotes=spans,
                    topic=topics.get(article.article_id, frozenset()),
                )
                valence += [(t.start, t.end, abs(valences.get(t.norm, 0.0))) for t in words]
            evidence = tuple(e for e in framing.evidence if e.article_id == article.article_id)
            docs[name[article.article_id]] = Doc(
                article.text, evidence, tuple(scored), tuple(valence), tuple(quotes)
            )
    return docs


Flag = tuple[int, int, bool]  # start, end, quoted
Flagger = Callable[[Doc], Sequence[Flag]]


def _inside(start: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in spans)


def flaggers(threshold: float) -> dict[str, Flagger]:
    def bias_word(doc: Doc) -> list[Flag]:
        return [(w.start, w.end, w.quoted) for w in doc.scored if w.score >= threshold]

    def lexical(doc: Doc) -> list[Flag]:
        spans = {(e.start, e.end) for e in doc.evidence if e.kind in LEXICAL}
        return [(s, e, _inside(s, doc.quotes)) for s, e in sorted(spans)]

    def baseline(doc: Doc) -> list[Flag]:
        return [(s, e, _inside(s, doc.quotes)) for s, e, v in doc.valence if v >= BASELINE_VALENCE]

    return {
        "baseline |VADER valence| >= 0.5": baseline,
        f"bias_word >= {threshold:.2f}": bias_word,
        "lexical kinds (bias_word + 4 finders)": lexical,
    }


def span_scores(
    labels: Sequence[Labelled], docs: dict[str, Doc], flagger: Flagger, *, own: bool
) -> tuple[int, int, int, int]:
    """(spans hit, spans, flags inside a span, flags) over `labels`; `own` leaves quoted spans
    and quoted flags out (the outlet's own words only)."""
    hit = spans = inside = flags = 0
    for lab in labels:
        flagged = [
            (s, e)
            for s, e, quoted in flagger(docs[lab.doc])
            if lab.start <= s < lab.end and not (own and quoted)
        ]
        wanted = [(s, e) for s, e, quoted in lab.spans if not (own and quoted)]
        spans += len(wanted)
        hit += sum(any(fs < e and s < fe for fs, fe in flagged) for s, e in wanted)
        flags += len(flagged)
        inside += sum(any(s < fe and fs < e for s, e, _ in lab.spans) for fs, fe in flagged)
    return hit, spans, inside, flags


HAND_LISTS = ("loaded:", "loaded_extended:", "slanted_verbs:")


def by_source(
    labels: Sequence[Labelled], docs: dict[str, Doc], threshold: float
) -> dict[str, tuple[int, int]]:
    """(flags inside a span, flags) of the flags a hand-made list fired on and of the rest
    (VADER valence and the published lists only)."""
    counts = {"hand lists": [0, 0], "valence / published lists only": [0, 0]}
    for lab in labels:
        for w in docs[lab.doc].scored:
            if w.score >= threshold and lab.start <= w.start < lab.end:
                key = (
                    "hand lists"
                    if any(h in w.reason for h in HAND_LISTS)
                    else "valence / published lists only"
                )
                counts[key][0] += any(w.start < e and s < w.end for s, e, _ in lab.spans)
                counts[key][1] += 1
    return {k: (a, b) for k, (a, b) in counts.items()}


def auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Area under the ROC curve (Mann-Whitney; ties count half)."""
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def features(lab: Labelled, doc: Doc, threshold: float) -> dict[str, float]:
    """Candidate sentence scores of one labelled sentence (higher: more biased)."""
    text = doc.text[lab.start : lab.end]
    words = max(1, len(tokens(text)))
    inside = [w for w in doc.scored if lab.start <= w.start < lab.end]
    own = [w for w in inside if not w.quoted]
    evidence = [e for e in doc.evidence if lab.start <= e.start < lab.end]
    valences = [v for s, _, v in doc.valence if lab.start <= s < lab.end]

    return {
        "evidence density (all kinds /100w)": 100 * len(evidence) / words,
        "lexical evidence density": 100 * sum(e.kind in LEXICAL for e in evidence) / words,
        "max bias_word score": max((w.score for w in inside), default=0.0),
        "noisy-OR of scores": noisy_or([w.score for w in inside]),
        "noisy-OR, own words only": noisy_or([w.score for w in own]),
        "noisy-OR of flags (evidence.csv weights)": noisy_or(
            [w.score for w in inside if w.score >= threshold]
        ),
        "sum of scores": sum(w.score for w in inside),
        "flags >= threshold": sum(w.score >= threshold for w in inside),
        "|VADER compound|": abs(sentiment(text).compound),
        "max |VADER valence|": max(valences, default=0.0),
        "words with |valence| >= 0.5": sum(v >= BASELINE_VALENCE for v in valences),
    }


def quoted_noisy_or(lab: Labelled, doc: Doc, q: float) -> float:
    """Noisy-OR of the sentence's word scores, a quoted word's score times `q`."""
    inside = [w for w in doc.scored if lab.start <= w.start < lab.end]
    return 1 - math.prod(1 - w.score * (q if w.quoted else 1.0) for w in inside)


def bootstrap_auc(scores: Sequence[float], positive: Sequence[bool]) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of the AUC over resamples of the sentences."""
    rng = random.Random(0)
    pairs = list(zip(scores, positive, strict=True))
    found = []
    for _ in range(1000):
        sample = [rng.choice(pairs) for _ in pairs]
        value = auc([s for s, _ in sample], [p for _, p in sample])
        if not math.isnan(value):
            found.append(value)
    found.sort()
    return found[int(0.025 * len(found))], found[int(0.975 * len(found)) - 1]


def logistic_fit(rows: Sequence[Sequence[float]], ys: Sequence[bool]) -> list[float]:
    """Weights (bias last) of an L2-regularised logistic regression by gradient descent."""
    n, k = len(rows), len(rows[0])
    w = [0.0] * (k + 1)
    for _ in range(3000):
        grad = [0.0] * (k + 1)
        for x, y in zip(rows, ys, strict=True):
            z = w[-1] + sum(a * b for a, b in zip(w, x, strict=False))
            err = 1 / (1 + math.exp(-z)) - y
            for i, a in enumerate(x):
                grad[i] += err * a / n
            grad[-1] += err / n
        for i in range(k):
            grad[i] += 0.01 * w[i]
        w = [a - 0.5 * g for a, g in zip(w, grad, strict=True)]
    return w


def _cells(result: tuple[int, int, int, int]) -> str:
    hit, spans, inside, flags = result
    recall, precision = hit / max(1, spans), inside / max(1, flags)
    return f"R {recall:.3f} ({hit}/{spans}) P {precision:.3f} ({inside}/{flags})"


def measure(newswcl: Path, labels_path: Path, config: AuditConfig, *, sweep: bool = False) -> None:
    with labels_path.open(encoding="utf-8") as handle:
        wanted = {row["doc"] for row in csv.DictReader(handle)}
    docs = read_docs(newswcl, config, wanted)
    labels = read_labels(labels_path, {d: doc.text for d, doc in docs.items()})
    halves = {
        "tune": [lab for lab in labels if lab.half == 0],
        "held out": [lab for lab in labels if lab.half == 1],
        "all": labels,
    }
    print(", ".join(f"{h} {len(v)} sentences" for h, v in halves.items()))
    threshold = config.framing.bias_threshold
    thresholds = [threshold]
    if sweep:
        thresholds = sorted({threshold, *(t / 20 for t in range(4, 9))})
    for t in thresholds if sweep else ():
        flagger = flaggers(t)[f"bias_word >= {t:.2f}"]
        cells = " | ".join(
            f"{h}: " + _cells(span_scores(v, docs, flagger, own=False)) for h, v in halves.items()
        )
        print(f"  sweep bias_word >= {t:.2f}{' (config)' if t == threshold else '':9} {cells}")
    for own in (False, True):
        print(
            "\nspans, outlet's own words only (quoted spans and flags left out)"
            if own
            else "\nspans, quoted ones included"
        )
        for name, flagger in flaggers(threshold).items():
            cells = " | ".join(
                f"{h}: " + _cells(span_scores(v, docs, flagger, own=own)) for h, v in halves.items()
            )
            print(f"  {name:40} {cells}")
    agree = [
        (quoted, w.quoted)
        for lab in labels
        for s, e, quoted in lab.spans
        for w in docs[lab.doc].scored
        if w.score >= threshold and w.start < e and s < w.end
    ]
    same = sum(a == b for a, b in agree)
    print(f"\nquoted mark of the flags on annotated spans, as the annotator's: {same}/{len(agree)}")
    for a, b in sorted(set(agree) - {(True, True), (False, False)}):
        print(f"  annotator {int(a)}, flag {int(b)}: {agree.count((a, b))}")
    print("\nin-span precision of bias_word flags by what fired (inside / flags)")
    for h, v in halves.items():
        print(
            f"  {h:9} "
            + "  ".join(f"{k}: {a}/{b}" for k, (a, b) in by_source(v, docs, threshold).items())
        )
    table = {id(lab): features(lab, docs[lab.doc], threshold) for lab in labels}
    names = list(next(iter(table.values())))
    print("\nsentence AUC (rated >= 1 against 0; tune | held out | all)")
    for key, subset in (("all sentences", None), ("not mostly quotation", False)):
        print(f"  {key}:")
        for name in names:
            cells = []
            for v in halves.values():
                v = [lab for lab in v if subset is None or lab.quoted_sentence == subset]
                cells.append(
                    auc([table[id(lab)][name] for lab in v], [lab.rating >= 1 for lab in v])
                )
            print(f"    {name:40} " + " | ".join(f"{c:.3f}" for c in cells))
    combos = {
        "logistic(noisy-OR, |compound|)": ["noisy-OR of scores", "|VADER compound|"],
        "logistic(max, sum, flags, |compound|)": [
            "max bias_word score",
            "sum of scores",
            "flags >= threshold",
            "|VADER compound|",
        ],
    }
    print("  fitted on the tune half, all sentences:")
    tune = halves["tune"]
    fitted_q = max(
        (q / 4 for q in range(5)),
        key=lambda q: auc(
            [quoted_noisy_or(lab, docs[lab.doc], q) for lab in tune],
            [lab.rating >= 1 for lab in tune],
        ),
    )
    cells = [
        auc(
            [quoted_noisy_or(lab, docs[lab.doc], fitted_q) for lab in v],
            [lab.rating >= 1 for lab in v],
        )
        for v in halves.values()
    ]
    print(
        f"    {'noisy-OR, quoted scores x q (q on tune)':40} "
        + " | ".join(f"{c:.3f}" for c in cells)
        + f"  (q {fitted_q:.2f})"
    )
    for combo, used in combos.items():
        w = logistic_fit(
            [[table[id(lab)][n] for n in used] for lab in tune], [lab.rating >= 1 for lab in tune]
        )
        score = {
            id(lab): w[-1] + sum(a * table[id(lab)][n] for a, n in zip(w, used, strict=False))
            for lab in labels
        }
        cells = [
            auc([score[id(lab)] for lab in v], [lab.rating >= 1 for lab in v])
            for v in halves.values()
        ]
        weights = ", ".join(f"{n.split()[0]} {a:+.2f}" for n, a in zip(used, w, strict=False))
        print(
            f"    {combo:40} "
            + " | ".join(f"{c:.3f}" for c in cells)
            + f"  ({weights}, b {w[-1]:+.2f})"
        )

    print("\nby data set (both halves): bias_word spans; noisy-OR AUC against |VADER compound|")
    flagger = flaggers(threshold)[f"bias_word >= {threshold:.2f}"]
    for name, subset in (
        ("NewsWCL50", [lab for lab in labels if lab.doc.startswith("event-")]),
        ("bundled story", [lab for lab in labels if not lab.doc.startswith("event-")]),
    ):
        biased = [lab.rating >= 1 for lab in subset]
        scores = [table[id(lab)]["noisy-OR of scores"] for lab in subset]
        vader = [table[id(lab)]["|VADER compound|"] for lab in subset]
        print(
            f"  {name:14} {_cells(span_scores(subset, docs, flagger, own=False))}  "
            f"AUC {auc(scores, biased):.3f} vs {auc(vader, biased):.3f}"
        )
    print(
        "\nheld out, 95% bootstrap interval of the AUC (1,000 resamples of the sentences, seed 0)"
    )
    held = halves["held out"]
    for name in ("noisy-OR of scores", "evidence density (all kinds /100w)", "|VADER compound|"):
        low, high = bootstrap_auc(
            [table[id(lab)][name] for lab in held], [lab.rating >= 1 for lab in held]
        )
        print(f"  {name:40} {low:.3f} - {high:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    picker = sub.add_parser("pick", help="print the sentences to label (JSON lines)")
    picker.add_argument("newswcl", type=Path, help="NewsWCL50 articles.jsonl")
    measurer = sub.add_parser("measure", help="span and sentence scores against the labels")
    measurer.add_argument("newswcl", type=Path, help="NewsWCL50 articles.jsonl")
    measurer.add_argument("--labels", type=Path, default=LABELS)
    measurer.add_argument("--mpqa", type=Path, help="MPQA subjclueslen1-HLTEMNLP05.tff")
    measurer.add_argument("--sweep", action="store_true", help="span scores by threshold")
    args = parser.parse_args(argv)
    if args.command == "pick":
        for dataset, doc, sentence in pick(args.newswcl):
            print(json.dumps({"dataset": dataset, "doc": doc, "sentence": sentence}))
        return 0
    config = AuditConfig()
    if args.mpqa:
        config = replace(config, framing=replace(config.framing, mpqa_path=str(args.mpqa)))
    measure(args.newswcl, args.labels, config, sweep=args.sweep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
