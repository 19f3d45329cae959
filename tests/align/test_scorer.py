from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align.passages import paragraph_scores
from audit.align.scorer import (
    _blocked_dots,
    _row_dots,
    claim_score,
    passage_set,
    same_claim,
    score_pairs,
)
from audit.align.terms import TermKind, corpus_terms, passage_terms, stem
from audit.config import AlignConfig
from audit.text.normalize import tokens
from tests.align.align_support import bundled, claim_labels

CONFIG = AlignConfig()
CORPUS = (
    "Britain and France are developing a plan to deploy up to 30,000 European peacekeepers.",
    "Trump has ruled out deploying US ground troops but signalled openness to other support.",
    "Russia's foreign ministry said NATO troops in Ukraine would be unacceptable.",
    "The chiefs of defence met in Washington between Tuesday and Thursday.",
    "Drones and satellites would monitor the front line to determine compliance.",
)


def test_the_same_claim_in_other_words_scores_above_the_threshold() -> None:
    a = "Britain and France plan to deploy up to 30,000 European peacekeepers in Ukraine."
    b = "Up to 30,000 European peacekeepers could deploy in Ukraine under a British-French plan."
    assert claim_score(a, b, corpus=CORPUS) >= CONFIG.claim_threshold
    assert same_claim(a, b)


def test_unrelated_passages_score_zero() -> None:
    a = "Drones and satellites would monitor the front line."
    b = "The chancellor said Berlin would decide at the appropriate time."
    assert claim_score(a, b) == 0.0


def test_disagreeing_numbers_lower_the_score() -> None:
    base = "Britain plans to send 30,000 peacekeepers to Ukraine after a ceasefire."
    same_number = "Britain plans to send 30,000 troops to Ukraine after a ceasefire deal."
    other_number = "Britain plans to send 5,000 troops to Ukraine after a ceasefire deal."
    assert claim_score(base, other_number) < claim_score(base, same_number)


def test_disagreeing_dates_lower_the_score() -> None:
    base = "Leaders met for talks in Paris in December 2024 to discuss troops for Ukraine."
    same_date = "In December 2024 leaders held talks in Paris on troops for Ukraine."
    other_date = "In September 2025 leaders held talks in Paris on troops for Ukraine."
    assert claim_score(base, other_date) < claim_score(base, same_date)


def test_rare_words_count_for_more_than_common_ones() -> None:
    # In a corpus where "troops" and "Ukraine" are everywhere, sharing "tripwire" weighs more.
    corpus = [f"Troops for Ukraine, report {i} on the talks." for i in range(30)]
    base = "Troops in Ukraine would act as a tripwire force, officials said."
    rare = "Officials described a tripwire force of allied soldiers."
    common = "Troops in Ukraine were discussed by officials again."
    assert claim_score(base, rare, corpus=corpus) > claim_score(base, common, corpus=corpus)


def test_name_spellings_and_aliases_are_one_term() -> None:
    passages = passage_set(
        ["Zelensky said Kiev needs troops.", "Zelenskyy said Kyiv needs troops."], CONFIG
    )
    assert {t.key for t in passages.terms[0]} == {t.key for t in passages.terms[1]}


def test_terms_keep_offsets_and_kinds() -> None:
    text = "French President Emmanuel Macron said 26 nations would act in September 2025."
    terms = passage_terms(text, offset=100)
    for term in terms:
        assert text[term.start - 100 : term.end - 100] == term.text
    kinds = {term.key: term.kind for term in terms}
    assert kinds["macron"] is TermKind.NAME
    assert "emmanuel" not in kinds  # a run of names keeps its last word: one person, one term
    assert "president" not in kinds  # titles are furniture
    assert kinds["26"] is TermKind.NUMBER
    assert kinds["2025"] is TermKind.DATE and kinds["september"] is TermKind.DATE


def test_stem_joins_word_forms() -> None:
    assert stem("forces") == stem("force") == stem("forced")
    assert stem("deploying") == stem("deployed") == stem("deploy")


def test_matrix_scores_equal_single_pair_scores() -> None:
    texts = list(CORPUS)
    passages = passage_set(texts, CONFIG)
    rows, cols = np.triu_indices(len(texts), k=1)
    together = score_pairs(passages, rows, cols, CONFIG)
    one_by_one = [
        score_pairs(passages, np.array([r]), np.array([c]), CONFIG)[0]
        for r, c in zip(rows, cols, strict=True)
    ]
    assert np.allclose(together, one_by_one)


texts = st.text(max_size=200)


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_scores_are_in_range_and_symmetric(a: str, b: str) -> None:
    forward = claim_score(a, b)
    assert 0.0 <= forward <= 1.0
    assert abs(forward - claim_score(b, a)) < 1e-9


@settings(max_examples=100, deadline=None)
@given(texts)
def test_terms_point_into_the_text(text: str) -> None:
    for term in passage_terms(text):
        assert text[term.start : term.end] == term.text


def test_identical_passages_score_one() -> None:
    text = "Trump has ruled out deploying US ground troops to Ukraine."
    assert claim_score(text, text) > 0.99


# --- the labelled pairs of the bundled story --------------------------------------------------


def labelled_predictions(config: AlignConfig) -> list[tuple[int, float]]:
    story = bundled()
    content = tuple(p for p in story.paragraphs if p.is_content)
    scored = paragraph_scores(content, [p.article_id for p in content], config)
    ids = [p.para_id for p in content]
    score = {
        frozenset((ids[a], ids[b])): float(s)
        for a, b, s in zip(scored.para_a, scored.para_b, scored.score, strict=True)
    }
    return [
        (int(row["same"]), score.get(frozenset((row["para_a"], row["para_b"])), 0.0))
        for row in claim_labels()
    ]


def test_labelled_pairs_are_well_formed() -> None:
    story = bundled()
    kinds = {p.para_id: p for p in story.paragraphs}
    labels = claim_labels()
    assert sum(row["same"] == "1" for row in labels) >= 30
    assert sum(row["same"] == "0" for row in labels) >= 30
    assert sum("HARD" in row["note"] for row in labels) >= 20
    for row in labels:
        a, b = kinds[row["para_a"]], kinds[row["para_b"]]
        assert a.is_content and b.is_content
        assert a.article_id != b.article_id


def test_precision_and_recall_floors_on_the_labelled_pairs() -> None:
    # Measured at the tool's threshold (0.19): 13 of 46 positives found, 3 of 73 negatives
    # linked (precision 0.81, recall 0.28; tune half 0.78 / 0.28, held-out half 0.86 / 0.29;
    # BENCHMARKS.md). 31 of the 119 pairs were written from the texts after the first tuning,
    # without looking at the tool's output, and 16 were mined from its links. The floors sit
    # just under: two more false links, or two lost true links, fail.
    predictions = labelled_predictions(CONFIG)
    tp = sum(1 for same, s in predictions if same and s >= CONFIG.claim_threshold)
    fp = sum(1 for same, s in predictions if not same and s >= CONFIG.claim_threshold)
    fn = sum(1 for same, s in predictions if same and s < CONFIG.claim_threshold)
    assert tp / (tp + fp) >= 0.75
    assert tp / (tp + fn) >= 0.26


def test_the_false_friend_of_the_issue_is_not_linked() -> None:
    # 000's Paris talks of December 2024 and 004's Paris summit of September 2025: "talks" and
    # "summit" are two occasions (event conflict). It scores 0.10; the margin must stay wide,
    # not a hair under the threshold as it once was (0.235 against 0.24).
    predictions = dict(
        (frozenset((row["para_a"], row["para_b"])), s)
        for row, (_, s) in zip(claim_labels(), labelled_predictions(CONFIG), strict=True)
    )
    paris = frozenset(("000_2454bc97f983af98:p002", "004_d0f0dbfe9e194b55:p001"))
    assert predictions[paris] < 0.7 * CONFIG.claim_threshold


def test_different_occasions_lower_the_score() -> None:
    base = "Macron hosted talks in Paris attended by Zelensky on troops for Ukraine."
    same_occasion = "Zelensky attended talks in Paris hosted by Macron on troops for Ukraine."
    other_occasion = "Zelensky attended a summit in Paris hosted by Macron on troops for Ukraine."
    assert claim_score(base, other_occasion) < claim_score(base, same_occasion)
    met = "Macron met Zelensky in Paris on troops for Ukraine."
    meeting = "A meeting of Macron and Zelensky in Paris on troops for Ukraine."
    without = dataclasses.replace(CONFIG, event_conflict_penalty=0.0)
    # forms of one kind of occasion ("met", "meeting") do not conflict with each other
    passages = passage_set([met, meeting], CONFIG)
    assert passages.events[0].toarray().tolist() == passages.events[1].toarray().tolist()
    assert claim_score(met, meeting) == claim_score(met, meeting, config=without)


def test_a_shared_phrase_counts_for_more_than_the_same_words_apart() -> None:
    # The same content words each time; "front line" is a phrase in the first two only.
    base = "The force would stay away from the front line in the east."
    phrase = "In the east the force would stay away from the front line."
    scattered = "The front of the force would stay away from the line in the east."
    assert claim_score(base, phrase) > claim_score(base, scattered)


def test_phrase_pairs_found_by_blocks_equal_the_direct_product() -> None:
    passages = passage_set(list(CORPUS) * 3, CONFIG)
    rows, cols = np.triu_indices(len(passages), k=1)
    direct = _row_dots(passages.phrase_vectors, rows, cols)
    assert np.allclose(_blocked_dots(passages.phrase_vectors, rows, cols, 4), direct)
    assert direct.max() > 0.99  # the repeated passages share all their phrases


def test_conflict_penalties_matter_for_numbers() -> None:
    without = dataclasses.replace(CONFIG, number_conflict_penalty=0.0)
    a = "Britain and France plan 30,000 peacekeepers for Ukraine."
    b = "Britain and France plan 10,000 peacekeepers for Ukraine."
    assert claim_score(a, b, config=CONFIG) < claim_score(a, b, config=without)


def test_terms_from_ready_tokens_equal_terms_from_text() -> None:
    # align_story tokenises each paragraph once and hands the tokens on: same terms either way.
    texts = [*CORPUS, "Kiev's envoy met NATO on Friday. Zelenskyy said 26 nations agreed."]
    offsets = [1000 * i + 7 for i in range(len(texts))]
    words = [tokens(text, offset) for text, offset in zip(texts, offsets, strict=True)]
    assert corpus_terms(texts, offsets, words=words) == corpus_terms(texts, offsets)


def test_weights_that_leave_no_room_for_the_cosine_are_refused() -> None:
    bad = dataclasses.replace(CONFIG, fuzzy_weight=0.7, phrase_weight=0.5)
    with pytest.raises(ValueError, match="phrase_weight"):
        claim_score("Troops for Ukraine.", "Troops in Ukraine.", config=bad)
