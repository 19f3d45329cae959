"""The reprint short cuts of alignment give exactly what the plain computation gives: signals of
distinct passage pairs (`passages.distinct_pair_signals`), one diff per pair of texts
(`diffs.word_diffs`) and all links' explanations at once (`probability.explain_rows`)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align.diffs import paragraph_words, word_diff, word_diffs
from audit.align.passages import distinct_pair_signals, first_copies
from audit.align.probability import FEATURES, carried_by, conflicts_found, explain_rows
from audit.align.scorer import Signals, pair_signals, passage_set
from audit.config import AlignConfig
from audit.model import Paragraph

CONFIG = AlignConfig()
TEXTS = (
    "Britain and France plan to deploy up to 30,000 European peacekeepers in Ukraine.",
    "Trump has ruled out deploying US ground troops.",
    "Britain and France plan to deploy up to 30,000 European peacekeepers in Ukraine.",
    "Britain and France plan to send 26,000 peacekeepers to Ukraine, officials said.",
    "Trump has ruled out deploying US ground troops.",
    "Russia said NATO troops in Ukraine would be unacceptable.",
)


def test_first_copies_join_only_reprints() -> None:
    copies = first_copies(passage_set(TEXTS, CONFIG)).tolist()
    assert copies == [0, 1, 0, 3, 1, 5]


def test_distinct_pair_signals_equal_the_signals_of_every_pair() -> None:
    vectors = passage_set(TEXTS, CONFIG)
    n = len(TEXTS)
    rows = np.array([i for i in range(n) for j in range(n) if i != j], dtype=np.int64)
    cols = np.array([j for i in range(n) for j in range(n) if i != j], dtype=np.int64)
    plain = pair_signals(vectors, rows, cols, CONFIG)
    short = distinct_pair_signals(vectors, rows, cols, CONFIG)
    for name in Signals.__slots__:
        assert np.array_equal(getattr(plain, name), getattr(short, name)), name
    assert distinct_pair_signals(vectors, rows[:0], cols[:0], CONFIG).score.size == 0


def paragraph(article_id: str, text: str, start: int) -> Paragraph:
    return Paragraph(f"{article_id}:p000", article_id, 0, start, start + len(text), text)


def test_word_diffs_equal_one_word_diff_per_link() -> None:
    # the same two texts in two pairs of articles, at other offsets
    paras = [
        paragraph("a", TEXTS[0], 0),
        paragraph("b", TEXTS[3], 17),
        paragraph("c", TEXTS[0], 40),
        paragraph("d", TEXTS[3], 5),
        paragraph("e", TEXTS[5], 3),
    ]
    numbering: dict[str, int] = {}
    words = {p.para_id: paragraph_words(p, numbering=numbering) for p in paras}
    pairs = [("L1", paras[0], paras[1]), ("L2", paras[2], paras[3]), ("L3", paras[0], paras[4]),
             ("L4", paras[3], paras[2])]  # fmt: skip
    expected = tuple(
        span
        for link_id, a, b in pairs
        for span in word_diff(link_id, a, b, words_a=words[a.para_id], words_b=words[b.para_id])
    )
    assert word_diffs(pairs, words) == expected
    for span in expected:
        para = next(p for p in paras if p.para_id == span.para_id)
        assert para.text[span.start - para.start : span.end - para.start] == span.text


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.lists(
            st.floats(0.0, 3.0, allow_nan=False), min_size=len(FEATURES), max_size=len(FEATURES)
        ),
        min_size=1,
        max_size=6,
    )
)
def test_explain_rows_equal_each_row_explained_alone(rows: list[list[float]]) -> None:
    features = np.array(rows, dtype=np.float64)
    picked = list(range(len(rows)))[::-1]
    expected = [(carried_by(features[k], CONFIG), conflicts_found(features[k])) for k in picked]
    assert explain_rows(features, picked, CONFIG) == expected
    assert explain_rows(features, [], CONFIG) == []
