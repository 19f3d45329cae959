"""Sentence-level quality of the bias-word score on the blind sentence labels
(tests/data/bias_sentences.csv: every biased span of 200 sentences and a 0/1/2 rating), both
halves: span recall and in-span precision of the `bias_word` flags against the |VADER valence|
>= 0.5 baseline, and the AUC of the sentence's noisy-OR of word scores against the ratings.

Each sentence is scored on its own (the NewsWCL50 articles are not in the repository);
`bench/bias_sentences.py measure` scores them in their articles and is what BENCHMARKS.md
reports."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.config import FramingConfig
from audit.framing.bias import BiasWord, bias_lexicons, score_words
from audit.framing.evidence import EvidenceKind
from audit.framing.quotes import quote_spans
from audit.framing.sentence_bias import noisy_or as noisy_or_of
from audit.framing.sentence_bias import sentence_biases, sentence_rows
from audit.framing.sentiment import sentiment, word_valences
from audit.framing.stage import lexicons_for, paragraph_bias_scores, story_topics
from audit.ingest.segment import sentence_spans
from audit.model import Paragraph, ParaKind, Span
from audit.report.writer import SENTENCE_COLUMNS, csv_bytes, story_sentence_rows
from audit.text.normalize import tokens

CONFIG = FramingConfig()
BIASED = bias_lexicons(lexicons_for(CONFIG))
LABELS = Path(__file__).parent.parent / "data" / "bias_sentences.csv"
BASELINE_VALENCE = 0.5 / 4  # |VADER valence| >= 0.5 on VADER's -4..4 scale


def sentence_half(row: dict[str, str]) -> int:
    key = "|".join((row["dataset"], row["doc"], row["sentence"]))
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


def _nth(text: str, needle: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(needle, start + 1)
    return start


def label_rows() -> list[dict[str, str]]:
    """The sentence labels (tests/data/bias_sentences.csv), read afresh."""
    with LABELS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def scored(sentence: str) -> tuple[BiasWord, ...]:
    return score_words(
        sentence,
        tokens(sentence),
        BIASED,
        CONFIG.bias,
        quotes=quote_spans(sentence),
        sentences=sentence_spans(sentence),
    )


def spans(row: dict[str, str]) -> list[tuple[int, int]]:
    found = []
    for span in json.loads(row["spans"]):
        start = _nth(row["sentence"], span["text"], span["occurrence"])
        found.append((start, start + len(span["text"])))
    return found


Row = dict[str, str]


def span_scores(half: int, flags: Callable[[Row], list[tuple[int, int]]]) -> tuple[float, float]:
    """(span recall, in-span precision) of `flags(row) -> [(start, end)]` over one half."""
    hit = wanted = inside = flagged = 0
    for row in label_rows():
        if sentence_half(row) != half:
            continue
        marked, found = spans(row), flags(row)
        wanted += len(marked)
        hit += sum(any(fs < e and s < fe for fs, fe in found) for s, e in marked)
        flagged += len(found)
        inside += sum(any(s < fe and fs < e for s, e in marked) for fs, fe in found)
    return hit / wanted, inside / flagged


def tool_flags(row: dict[str, str]) -> list[tuple[int, int]]:
    return [(w.start, w.end) for w in scored(row["sentence"]) if w.score >= CONFIG.bias_threshold]


def baseline_flags(row: dict[str, str]) -> list[tuple[int, int]]:
    valence = word_valences()
    words = tokens(row["sentence"])
    return [(w.start, w.end) for w in words if abs(valence.get(w.norm, 0.0)) >= BASELINE_VALENCE]


def noisy_or(row: dict[str, str]) -> float:
    """The sentence score sentences.csv ships (`audit.framing.sentence_bias`), of the sentence
    scored on its own: one content paragraph, its words scored as the framing stage does."""
    text = row["sentence"]
    paragraph = Paragraph("p", "a", 0, 0, len(text), text, sentences=(Span(0, len(text)),))
    [sentence] = sentence_biases([paragraph], paragraph_bias_scores(paragraph, BIASED, CONFIG))
    return sentence.score


def auc(half: int, score: Callable[[Row], float]) -> float:
    """AUC of `score(row)` for sentences rated >= 1 against those rated 0 (ties count half)."""
    labelled = [(score(r), r["rating"] != "0") for r in label_rows() if sentence_half(r) == half]
    pos = [s for s, biased in labelled if biased]
    neg = [s for s, biased in labelled if not biased]
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def test_the_labels_are_whole_and_split_into_two_stable_halves() -> None:
    labelled = label_rows()
    assert len(labelled) == 200
    assert sum(sentence_half(r) == 0 for r in labelled) == 109
    for row in labelled:
        assert row["rating"] in {"0", "1", "2"}
        assert all(start >= 0 for start, _ in spans(row)), row
        assert (row["rating"] == "0") == (row["spans"] == "[]"), row


# Measured with each sentence scored on its own (so without the story's topic words): span
# recall / in-span precision tune 0.621 / 0.487, held out 0.548 / 0.279 (baseline 0.362 / 0.112
# and 0.355 / 0.067); noisy-OR AUC tune 0.781, held out 0.791 as sentences.csv rounds it
# (|VADER compound| 0.597 and 0.634). Before negative and positive valence were weighed apart
# and the tune half's missed words listed (loaded_extended): 0.414 / 0.270, 0.516 / 0.188, AUC
# 0.682 / 0.786. Floors a little under; the held-out ones keep the targets (0.45, 0.25).
SPAN_FLOORS = {0: (0.58, 0.44), 1: (0.50, 0.25)}  # (recall, in-span precision)
AUC_FLOORS = {0: 0.75, 1: 0.76}


@pytest.mark.parametrize("half", [0, 1])
def test_flags_reach_span_floors_and_beat_the_vader_baseline(half: int) -> None:
    recall, precision = span_scores(half, tool_flags)
    base_recall, base_precision = span_scores(half, baseline_flags)
    assert recall >= SPAN_FLOORS[half][0], (recall, precision)
    assert precision >= SPAN_FLOORS[half][1], (recall, precision)
    assert recall > base_recall and precision > 1.5 * base_precision, (base_recall, base_precision)


@pytest.mark.parametrize("half", [0, 1])
def test_sentence_noisy_or_ranks_biased_sentences_above_vader(half: int) -> None:
    measured = auc(half, noisy_or)
    vader = auc(half, lambda r: abs(sentiment(r["sentence"]).compound))
    assert measured >= AUC_FLOORS[half], (measured, vader)
    assert measured > vader, (measured, vader)


# sentences.csv: the sentence score the report ships.

TWO = "The minister spoke to reporters on Monday. Critics slammed the disastrous, shameful plan."


def _paragraph(text: str) -> Paragraph:
    return Paragraph("a:p000", "a", 0, 0, len(text), text, sentences=sentence_spans(text))


def test_a_sentence_with_loaded_words_scores_above_a_neutral_one_with_its_words_as_evidence() -> (
    None
):
    paragraph = _paragraph(TWO)
    plain, loaded = sentence_biases([paragraph], paragraph_bias_scores(paragraph, BIASED, CONFIG))
    assert (plain.text, loaded.text) == (TWO[:42], TWO[43:])
    assert loaded.score > 0.8 > 0.3 > plain.score
    assert (plain.n_words, loaded.n_words) == (7, 6)
    assert {w.text for w in loaded.words} >= {"slammed", "disastrous", "shameful"}
    assert loaded.words[0].score == max(w.score for w in loaded.words)
    [row] = sentence_rows([loaded], {"a": "Outlet A"}, "story")[:1]
    assert row["bias_score"] == loaded.score and row["source"] == "Outlet A"
    first = row["evidence"].split(" | ")[0]
    start, end = (int(x) for x in first.split(" ")[0].split("-"))
    assert first.split(" ")[1] == TWO[start:end] and "[" in first


def test_only_content_paragraphs_get_sentences() -> None:
    paragraph = replace(_paragraph(TWO), kind=ParaKind.BOILERPLATE)
    assert sentence_biases([paragraph], paragraph_bias_scores(paragraph, BIASED, CONFIG)) == ()


@given(st.text(alphabet=st.sampled_from("ab Zc.!?\u201c\u201d\"' \n-é"), max_size=80))
def test_sentence_offsets_point_into_the_text_and_scores_stay_in_range(body: str) -> None:
    text = "Critics slammed it. " + body
    paragraph = _paragraph(text)
    scored = paragraph_bias_scores(paragraph, BIASED, CONFIG)
    sentences = sentence_biases([paragraph], scored)
    assert sentences == sentence_biases([paragraph], tuple(reversed(scored)))  # deterministic
    for s in sentences:
        assert 0 <= s.start <= s.end <= len(text) and text[s.start : s.end] == s.text
        assert 0.0 <= s.score <= 1.0
        assert all(s.start <= w.start < s.end and w.score > 0 for w in s.words)


def story_sentences_csv(result) -> str:
    return csv_bytes(story_sentence_rows(result), SENTENCE_COLUMNS).decode("utf-8")


def test_the_report_scores_are_the_ones_the_auc_bench_measures(bundled_result) -> None:
    """sentences.csv of the bundled story against `bench/bias_sentences.py`'s sentence score
    (the framing stage's word scores of each content paragraph, noisy-OR over the words that start
    in the labelled sentence), for every labelled sentence of the bundled story."""
    rows = list(csv.DictReader(io.StringIO(story_sentences_csv(bundled_result))))
    by_span = {(r["article_id"], int(r["start"]), int(r["end"])): r for r in rows}
    texts = {a.article_id: a.text for a in bundled_result.story.articles}
    words: dict[str, list[BiasWord]] = {}
    topics = story_topics(bundled_result.paragraphs, CONFIG)
    for p in bundled_result.paragraphs:
        if p.is_content:
            topic = topics[p.article_id]
            scores = paragraph_bias_scores(p, BIASED, CONFIG, topic=topic)
            words.setdefault(p.article_id, []).extend(scores)
    checked = 0
    for row in (r for r in label_rows() if r["dataset"] == "seeds"):
        start = texts[row["doc"]].find(row["sentence"])
        end = start + len(row["sentence"])
        report = by_span.get((row["doc"], start, end))
        if report is None:
            continue
        bench = noisy_or_of([w.score for w in words[row["doc"]] if start <= w.start < end])
        assert float(report["bias_score"]) == pytest.approx(bench, abs=5e-5), row["sentence"]
        checked += 1
    assert checked >= 45, checked  # of 50 (47 today; 3 are in a heading or boilerplate)


def test_on_the_bundled_story_the_topic_rule_drops_wrong_flags_only(bundled_result) -> None:
    """The story's topic words ("peace", "war", "peacekeeping" in a peace-force story) score 0
    in the report: on the labelled sentences of the bundled story (both halves) the flags lose
    wrong ones and no annotated span (measured: 5 of 26 flags inside a span, 5 of 30 without
    the rule; recall 5 of 14 either way; 5 of 32 and 5 of 45 before positive valence weighed
    less, `BiasConfig.p_valence_positive`, which already drops "peace" and "agreement")."""
    texts = {a.article_id: a.text for a in bundled_result.story.articles}
    topics = story_topics(bundled_result.paragraphs, CONFIG)
    scores: dict[bool, dict[str, list[BiasWord]]] = {True: {}, False: {}}
    for p in (p for p in bundled_result.paragraphs if p.is_content):
        for rule in (True, False):
            topic = topics[p.article_id] if rule else frozenset()
            found = paragraph_bias_scores(p, BIASED, CONFIG, topic=topic)
            scores[rule].setdefault(p.article_id, []).extend(found)
    counts = {}
    for rule, words in scores.items():
        hit = wanted = inside = flagged = 0
        for row in (r for r in label_rows() if r["dataset"] == "seeds"):
            start = texts[row["doc"]].find(row["sentence"])
            end = start + len(row["sentence"])
            marked = [(start + s, start + e) for s, e in spans(row)]
            flags = [
                (w.start, w.end)
                for w in words[row["doc"]]
                if start <= w.start < end and w.score >= CONFIG.bias_threshold
            ]
            wanted += len(marked)
            hit += sum(any(fs < e and s < fe for fs, fe in flags) for s, e in marked)
            flagged += len(flags)
            inside += sum(any(s < fe and fs < e for s, e in marked) for fs, fe in flags)
        counts[rule] = (hit, wanted, inside, flagged)
    with_rule, without = counts[True], counts[False]
    assert with_rule[0] == without[0] and with_rule[1] == 14, counts  # no span lost
    assert with_rule[3] <= without[3] - 4, counts  # at least 4 fewer flags, all wrong ones
    assert with_rule[2] == without[2], counts
    assert with_rule[2] / with_rule[3] >= 0.18 > without[2] / without[3], counts
    evidence = {
        (e.article_id, e.start, e.end)
        for e in bundled_result.framing.evidence
        if e.kind is EvidenceKind.BIAS_WORD
    }
    shipped = {
        (doc, w.start, w.end)
        for doc, ws in scores[True].items()
        for w in ws
        if w.score >= CONFIG.bias_threshold
    }
    assert evidence == shipped  # the report's flags are the ones with the rule
