import numpy as np

from audit.align.scorer import passage_set
from audit.compare.absence import article_passages, article_vectors
from audit.config import AlignConfig, SegmentConfig
from audit.ingest.segment import segment_article
from audit.model import Article

CONFIG = AlignConfig()
TEXTS = (
    "Macron met Zelenskyy in Paris on Monday. They agreed on 30,000 troops.\n\n"
    "\u201cWe will not back down,\u201d he said. The U.S. was not there.",
    "Zelensky and Macron held talks in Paris. Tens of thousands of troops may go.\n\n"
    "A cease-fire was not agreed.",
)


def _paragraphs():
    found = []
    for k, text in enumerate(TEXTS):
        found.extend(segment_article(Article(f"a{k}", "story", f"s{k}", text), SegmentConfig()))
    return found


def test_article_vectors_equal_the_passage_set_of_the_texts() -> None:
    paragraphs = _paragraphs()
    passages = article_passages(paragraphs)
    shared = article_vectors(passages, paragraphs, CONFIG)
    plain = passage_set([p.text for p in passages], CONFIG)
    assert shared.vocabulary == plain.vocabulary
    assert shared.content == plain.content
    for name in ("vectors", "word_vectors", "numbers", "dates", "names", "phrase_vectors"):
        assert np.array_equal(getattr(shared, name).toarray(), getattr(plain, name).toarray())
