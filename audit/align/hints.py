""" "Possibly the same claim": hints for pairs of paragraphs of different sources that the
alignment did not link (lexical score under `claim_threshold`) but whose surest sentence pair
has a same-claim probability of at least `claim_probability_threshold` (the free-standing
"same" decision: tune 0.85 / held-out 0.88 precision on the blind sentence pairs).

A hint is not a link: it joins no unit, changes no omission, and is reported apart
(hints.csv), with its probability, the sentence pair, the signals that carried it and the
conflicts found, for a reader to judge. Within one story the probability also rises for
same-topic claims (BENCHMARKS.md: the bundled story's unlinked pairs at 0.48-0.57 were same
topic, not same claim), which is why it does not decide links there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from audit.align.passages import PairScores
from audit.align.probability import carried_by, conflicts_found
from audit.align.ranking import strongest_per_paragraph
from audit.config import AlignConfig
from audit.model import Paragraph, Span


@dataclass(frozen=True, slots=True)
class Hint:
    """Two sentences of different sources that may report the same claim (not linked)."""

    hint_id: str
    para_a: str
    para_b: str
    article_a: str
    article_b: str
    probability: float  # the calibrated same-claim probability of the sentence pair
    score: float  # the lexical score of the paragraph pair (under the link threshold)
    claim_a: Span
    claim_b: Span
    signals: tuple[str, ...]
    conflicts: tuple[str, ...]


def claim_hints(
    content: Sequence[Paragraph],
    sources: Mapping[str, str],
    scored: PairScores,
    config: AlignConfig,
    *,
    limit: int,
) -> tuple[Hint, ...]:
    """The hints of a story, H00001 on, in paragraph order; at most `limit` per paragraph, the
    most probable first (wire reprints would otherwise bring one per pair of copies)."""
    source = np.array([sources.get(p.article_id, p.article_id) for p in content], dtype=object)
    picked = np.flatnonzero(
        (scored.score < config.claim_threshold)
        & (scored.probability >= config.claim_probability_threshold)
        & (source[scored.para_a] != source[scored.para_b])
    )
    if picked.size == 0:
        return ()
    kept = strongest_per_paragraph(
        scored.para_a, scored.para_b, scored.probability, picked, limit, ties_by_index=True
    )  # the links' cap, by probability
    hints = []
    for number, k in enumerate(kept.tolist(), start=1):
        first, second = (scored.passages[int(i)] for i in scored.claim_evidence[k])
        a, b = content[int(scored.para_a[k])], content[int(scored.para_b[k])]
        hints.append(
            Hint(
                hint_id=f"H{number:05d}",
                para_a=a.para_id,
                para_b=b.para_id,
                article_a=a.article_id,
                article_b=b.article_id,
                probability=round(float(scored.probability[k]), 6),
                score=round(float(scored.score[k]), 6),
                claim_a=Span(first.start, first.end),
                claim_b=Span(second.start, second.end),
                signals=carried_by(scored.features[k], config),
                conflicts=conflicts_found(scored.features[k]),
            )
        )
    return tuple(hints)
