"""The calibrated same-claim probability (`probability`, `pairs`) and what links carry of it:
quality floors on the blind sentence-pair labels, invariants, and the bundled story's links."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
from functools import cache
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align import claim_probability
from audit.align.ngrams import OVERLAPS, weighed
from audit.align.pairs import same_claim, score_text_pairs
from audit.align.passages import pair_dots
from audit.align.probability import FEATURES, carried_by, coefficients, probabilities
from audit.align.stage import align_story
from audit.config import AlignConfig
from audit.ingest.settings import load_config
from tests.align.align_support import DATA, bundled

CONFIG = AlignConfig()
ROUND5 = load_config(Path(__file__).parents[2] / "bench" / "claims_round5.toml").align


def label_half(row: dict[str, str]) -> int:
    """The split of bench/claim_sentences.py: 0 = tune, 1 = held out."""
    key = "|".join(row[c] for c in ("dataset", "doc_a", "text_a", "doc_b", "text_b"))
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


def story_of(row: dict[str, str]) -> str:
    doc = row["doc_a"]
    return f"{row['dataset']}/{doc.split('/')[0]}" if "/" in doc else row["dataset"]


LABELS = "claim_sentence_pairs.csv"
FRESH = "claim_sentence_pairs_fresh.csv"  # written blind after every fit: never fitted on


@cache
def sentence_labels(
    config: AlignConfig = CONFIG, name: str = LABELS
) -> tuple[list[dict[str, str]], np.ndarray]:
    """The blind sentence pairs and their probabilities, IDF over each story's labelled
    sentences (as the bench measures them)."""
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    probability = np.zeros(len(rows))
    for story in sorted({story_of(r) for r in rows}):
        index = [i for i, r in enumerate(rows) if story_of(r) == story]
        scored = score_text_pairs(
            [rows[i]["text_a"] for i in index],
            [rows[i]["text_b"] for i in index],
            config,
            titles=[rows[i]["kind"] == "title" for i in index],
        )
        probability[index] = scored.probability
    return rows, probability


def precision_recall(
    half: int | None, config: AlignConfig = CONFIG, name: str = LABELS
) -> tuple[float, float]:
    """At the config's threshold, on one half of a label file (None: all of it)."""
    rows, probability = sentence_labels(config, name)
    mask = np.array([half is None or label_half(r) == half for r in rows])
    same = np.array([r["same"] == "1" for r in rows])[mask]
    said = probability[mask] >= config.claim_probability_threshold
    tp = int(np.sum(said & same))
    return tp / max(int(np.sum(said)), 1), tp / int(np.sum(same))


def test_the_sentence_labels_are_well_formed() -> None:
    rows, _ = sentence_labels()
    assert len(rows) == 347
    assert {r["same"] for r in rows} == {"0", "1"} and {r["kind"] for r in rows} == {
        "content",
        "title",
    }
    assert sum(label_half(r) == 0 for r in rows) == 166


def test_precision_and_recall_floors_on_both_halves_of_the_sentence_labels() -> None:
    # Measured (bench/claim_sentences.py): tune 0.85 / 0.33, held-out 0.88 / 0.40 at 0.6. The
    # issue's target (held-out precision 0.85 at recall 0.6) is not reached: see BENCHMARKS.md.
    tune_p, tune_r = precision_recall(0)
    held_p, held_r = precision_recall(1)
    assert tune_p >= 0.83 and tune_r >= 0.31
    assert held_p >= 0.85 and held_r >= 0.38


def test_the_fresh_sentence_labels_are_well_formed() -> None:
    rows, _ = sentence_labels(CONFIG, FRESH)
    assert len(rows) == 300
    assert {r["dataset"] for r in rows} == {"newswcl50", "helsinki", "census", "spotify"}
    assert sum(r["same"] == "1" for r in rows) == 154
    old, _ = sentence_labels()
    key = ("doc_a", "text_a", "doc_b", "text_b")
    assert not {tuple(r[k] for k in key) for r in rows} & {tuple(r[k] for k in key) for r in old}


def test_precision_and_recall_floors_on_the_fresh_blind_labels() -> None:
    # Measured (bench/claim_sentences.py tests/data/claim_sentence_pairs_fresh.csv): 0.87 / 0.31
    # at 0.6, halves 0.85 / 0.33 and 0.91 / 0.29; these pairs were never fitted on, so this
    # is the honest figure (BENCHMARKS.md, "fresh blind labels").
    precision, recall = precision_recall(None, CONFIG, FRESH)
    assert precision >= 0.85 and recall >= 0.29


def test_floors_of_the_round_5_model_and_no_hints_on_the_bundled_story() -> None:
    # bench/claims_round5.toml (opt-in, BENCHMARKS.md): tune 0.92 / 0.32, held-out 0.93 / 0.38
    # at 0.65 (bench/claim_sentences.py --config); the bundled story's links stay, no hints
    tune_p, tune_r = precision_recall(0, ROUND5)
    held_p, held_r = precision_recall(1, ROUND5)
    assert tune_p >= 0.90 and tune_r >= 0.30
    assert held_p >= 0.90 and held_r >= 0.36
    assert weighed(ROUND5)
    s = bundled()
    aligned = align_story(s.paragraphs, s.sources, ROUND5)
    assert aligned.hints == ()
    shipped = align_story(s.paragraphs, s.sources, CONFIG).links
    assert [(k.para_a, k.para_b) for k in aligned.links] == [(k.para_a, k.para_b) for k in shipped]


def test_a_paraphrase_is_more_probable_than_a_same_topic_pair() -> None:
    corpus = [
        "The central bank raised interest rates by a quarter point.",
        "Shares fell on Wall Street after the announcement.",
        "Farmers protested in the capital over fuel prices.",
    ] * 8
    a = "Britain and France plan to deploy 30,000 peacekeepers in Ukraine after a ceasefire."
    paraphrase = "London and Paris intend to send 30,000 peacekeeping troops to Ukraine."
    topic = "Russia launched a drone attack on Kyiv overnight, Ukraine's air force said."
    assert claim_probability(a, paraphrase, corpus=corpus) > claim_probability(
        a, topic, corpus=corpus
    )
    assert claim_probability(a, paraphrase, corpus=corpus) > claim_probability(
        a, paraphrase.replace("30,000", "5,000"), corpus=corpus
    )


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)


@settings(max_examples=40, deadline=None)
@given(texts, texts)
def test_probabilities_are_in_range_and_symmetric(a: str, b: str) -> None:
    forward = claim_probability(a, b)
    assert 0.0 <= forward <= 1.0
    assert abs(forward - claim_probability(b, a)) < 1e-6
    assert same_claim(a, b) == (forward >= CONFIG.claim_probability_threshold)


def test_every_feature_has_a_coefficient() -> None:
    assert len(CONFIG.claim_coefficients) == len(FEATURES) + 1
    assert len(CONFIG.title_coefficients) == len(FEATURES) - len(OVERLAPS) + 1


def test_the_overlaps_close_the_features_and_are_read_only_when_weighed() -> None:
    # ngrams.weighed reads the last len(OVERLAPS) weights; the shipped model gives them 0
    assert FEATURES[-len(OVERLAPS) :] == OVERLAPS
    assert not weighed(CONFIG)
    weights = list(CONFIG.claim_coefficients)
    weights[-1] = -0.3
    assert weighed(dataclasses.replace(CONFIG, claim_coefficients=tuple(weights)))
    s = bundled()
    plain = align_story(s.paragraphs, s.sources, CONFIG)
    weighing = dataclasses.replace(CONFIG, claim_coefficients=tuple(weights))
    with_overlaps = align_story(s.paragraphs, s.sources, weighing)
    assert [(k.para_a, k.para_b) for k in plain.links] == [
        (k.para_a, k.para_b) for k in with_overlaps.links
    ]  # links are the lexical rule's, whatever the probability weighs


def test_headline_pairs_take_the_headline_model_and_its_explanation() -> None:
    # a row with `title` on is scored by title_coefficients, where the word n-grams weigh 0
    rng = np.random.default_rng(5)
    rows = rng.uniform(0.0, 1.0, size=(6, len(FEATURES)))
    rows[:3, FEATURES.index("title")] = 1.0
    rows[3:, FEATURES.index("title")] = 0.0
    bias, weights = coefficients(CONFIG, title=True)
    assert np.all(weights[len(FEATURES) - len(OVERLAPS) :] == 0.0)
    expected = 1.0 / (1.0 + np.exp(-(bias + rows[:3] @ weights)))
    assert np.allclose(probabilities(rows, CONFIG)[:3], expected)
    bias, weights = coefficients(CONFIG)
    expected = 1.0 / (1.0 + np.exp(-(bias + rows[3:] @ weights)))
    assert np.allclose(probabilities(rows, CONFIG)[3:], expected)
    for row in rows[:3]:
        assert not any(s.startswith(OVERLAPS) for s in carried_by(row, CONFIG, limit=30))


def test_links_of_the_bundled_story_carry_their_claim_pair() -> None:
    s = bundled()
    by_id = {p.para_id: p for p in s.paragraphs}
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    assert len(aligned.links) >= 18  # the paragraph aligner's links stay (the app shows them)
    for link in aligned.links:
        assert 0.0 <= link.probability <= 1.0
        for para_id, claim in ((link.para_a, link.claim_a), (link.para_b, link.claim_b)):
            para = by_id[para_id]
            if link.probability > 0.0:
                assert para.start <= claim.start < claim.end <= para.end
        assert set(link.conflicts) <= {"number", "date", "name", "occasion"}
        assert all("=" in signal for signal in link.signals)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 40), st.integers(0, 60), st.integers(1, 7), st.randoms())
def test_pair_dots_in_chunks_equal_each_pair_dot(n: int, pairs: int, chunk: int, rnd) -> None:
    vectors = np.array([[rnd.uniform(-1, 1) for _ in range(4)] for _ in range(n)], np.float32)
    rows = np.array([rnd.randrange(n) for _ in range(pairs)], dtype=np.int64)
    cols = np.array([rnd.randrange(n) for _ in range(pairs)], dtype=np.int64)
    found = pair_dots(vectors, rows, cols, chunk=chunk)
    for k in range(pairs):  # exactly: a pair's value does not depend on the pairs beside it
        assert found[k] == pair_dots(vectors, rows[k : k + 1], cols[k : k + 1])[0]
        assert np.isclose(found[k], float(np.dot(vectors[rows[k]], vectors[cols[k]])), atol=1e-6)


def test_pair_dots_of_copies_tie_exactly() -> None:
    # a matrix product gave copies of one vector two different cosines with one other copy (the
    # last bits depend on the BLAS tile each falls in), so reprinted sentences traded places
    rng = np.random.default_rng(1)
    one = rng.standard_normal(256).astype(np.float32)
    vectors = np.vstack([np.tile(one / np.linalg.norm(one), (3000, 1)),
                         rng.standard_normal((50, 256)).astype(np.float32)])  # fmt: skip
    rows = np.arange(3000)
    assert np.unique(pair_dots(vectors, rows, np.full(3000, 1500))).size == 1
