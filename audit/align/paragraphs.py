"""Align the content paragraphs of a story's articles: which paragraphs report the same claim.

Outlets cut one paragraph into several, merge several into one and reorder them, and one
outlet's paragraph is a sentence while another's is five. So the unit of matching is the
*passage*: every sentence of a multi-sentence paragraph, and every whole paragraph. Passages are
scored against each other with the same-claim scorer (`audit.align.scorer`) in matrix form,
and a pair of paragraphs takes the best score of any of their passage pairs ("rolled up"). Pairs of
paragraphs of different articles at or above the threshold are *links*; the connected groups of
linked paragraphs are *units* (one claim, covered by some sources), and every unlinked content
paragraph is a unit of its own, reported by one source only.

Nothing here loops over all paragraph pairs: candidates come from a sparse matrix product,
computed in row blocks so that memory stays bounded, and only candidates are scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from audit.align.hints import Hint, claim_hints
from audit.align.passages import (
    PairScores,
    paragraph_scores,
)
from audit.align.probability import explain_rows
from audit.align.ranking import strongest_per_paragraph
from audit.align.scorer import (
    Term,
    term_slot,
    term_weights,
)
from audit.align.terms import POSSESSIVE
from audit.align.units import (
    Unit,
    _average_linkage,
    _units,
)
from audit.config import AlignConfig
from audit.model import Paragraph, Span
from audit.text.normalize import Token


@dataclass(frozen=True, slots=True)
class Link:
    """Two paragraphs of different articles that report the same claim, and why.

    `evidence_a`/`evidence_b` are the passages whose match gave the score (offsets into the
    articles); `shared`, `only_a` and `only_b` are content terms (words, names, numbers, dates)
    as written in the paragraph they come from, most telling first. `probability` is the
    calibrated same-claim probability of the sentence pair most surely the same claim
    (`claim_a`/`claim_b`; 0 with empty spans when no sentence pair was scored), `signals` the
    features that carried it ("name=value") and `conflicts` the specifics the two disagree on.
    The link itself is decided by `score` (see `AlignConfig.claim_probability_threshold`);
    `kind` is "content", or for a headline's link (`align.titles`, decided by `probability`)
    "title" (against a headline) or "title-lede" (the headline, side a, against a lede)."""

    link_id: str
    para_a: str
    para_b: str
    article_a: str
    article_b: str
    score: float
    evidence_a: Span
    evidence_b: Span
    shared: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    probability: float
    claim_a: Span
    claim_b: Span
    signals: tuple[str, ...]
    conflicts: tuple[str, ...]
    kind: str = "content"


@dataclass(frozen=True, slots=True)
class ParagraphAlignment:
    """The links and units of one story, plus the passages they were computed from."""

    paragraphs: tuple[Paragraph, ...]  # the content paragraphs that were aligned, input order
    links: tuple[Link, ...]
    units: tuple[Unit, ...]
    hints: tuple[Hint, ...] = ()  # unlinked pairs that may be the same claim (`align.hints`)


def align_paragraphs(
    paragraphs: Sequence[Paragraph],
    sources: Mapping[str, str],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> ParagraphAlignment:
    """Links and units of the content paragraphs of a story (`sources`: article_id -> source).
    Only `content` paragraphs take part; input order decides which side of a link is `a`.
    `words`: the content paragraphs' tokens by para_id, if already made."""
    content = tuple(p for p in paragraphs if p.is_content)
    scored = paragraph_scores(content, [p.article_id for p in content], config, words=words)
    weights = term_weights(scored.vectors, config)
    whole_terms = {
        p.para: scored.vectors.terms[i] for i, p in enumerate(scored.passages) if p.whole
    }
    forms = {i: ranked_forms(terms, weights) for i, terms in whole_terms.items()}
    accepted = np.flatnonzero(scored.score >= config.claim_threshold)
    reported = strongest_per_paragraph(
        scored.para_a, scored.para_b, scored.score, accepted, config.max_links_per_paragraph
    )
    links = _links(content, scored, reported.tolist(), forms, weights, config)
    groups = _average_linkage(content, scored, accepted, config)
    units = _units(content, sources, groups, scored, whole_terms, weights, config)
    hints = claim_hints(content, sources, scored, config, limit=config.max_links_per_paragraph)
    return ParagraphAlignment(paragraphs=content, links=links, units=units, hints=hints)


def _links(
    content: Sequence[Paragraph],
    scored: PairScores,
    reported: Sequence[int],
    forms: Mapping[int, Mapping[str, str]],
    weights: Mapping[str, float],
    config: AlignConfig,
) -> tuple[Link, ...]:
    """The links of the `reported` pairs, numbered in that order, each with its claim-level
    explanation when a sentence pair was scored: the pair of highest probability, the signals
    that carried it and its conflicts (`probability.explain_rows`, for all links at once)."""
    picked = np.asarray(reported, dtype=np.int64)  # only the reported pairs made Python values
    para_a, para_b = scored.para_a[picked].tolist(), scored.para_b[picked].tolist()
    score, probability = scored.score[picked].tolist(), scored.probability[picked].tolist()
    evidence = scored.evidence[picked].tolist()
    claim_evidence = scored.claim_evidence[picked].tolist()
    with_claim = [row for row, p in enumerate(probability) if p > 0.0]
    explained = dict(
        zip(with_claim, explain_rows(scored.features[picked], with_claim, config), strict=True)
    )
    links = []
    for k in range(len(reported)):
        paras = (content[para_a[k]], content[para_b[k]])
        shared, only_a, only_b = explain_forms(
            forms[para_a[k]], forms[para_b[k]], weights, config.explain_terms
        )
        first, second = (scored.passages[i] for i in evidence[k])
        claim_a = claim_b = Span(0, 0)
        signals: tuple[str, ...] = ()
        conflicts: tuple[str, ...] = ()
        if k in explained:
            claim_first, claim_second = (scored.passages[i] for i in claim_evidence[k])
            claim_a = Span(claim_first.start, claim_first.end)
            claim_b = Span(claim_second.start, claim_second.end)
            signals, conflicts = explained[k]
        links.append(
            Link(
                link_id=f"L{k + 1:05d}",
                para_a=paras[0].para_id,
                para_b=paras[1].para_id,
                article_a=paras[0].article_id,
                article_b=paras[1].article_id,
                score=round(score[k], 6),
                evidence_a=Span(first.start, first.end),
                evidence_b=Span(second.start, second.end),
                shared=shared,
                only_a=only_a,
                only_b=only_b,
                probability=round(probability[k], 6) if k in explained else 0.0,
                claim_a=claim_a,
                claim_b=claim_b,
                signals=signals,
                conflicts=conflicts,
            )
        )
    return tuple(links)


def explain(
    terms_a: Sequence[Term],
    terms_b: Sequence[Term],
    weights: Mapping[str, float],
    limit: int,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The content terms both passages share, and those only one has, as written (shared ones as
    in `a`), most telling (heaviest) first, at most `limit` of each."""
    return explain_forms(
        ranked_forms(terms_a, weights), ranked_forms(terms_b, weights), weights, limit
    )


def explain_forms(
    first_a: Mapping[str, str],
    first_b: Mapping[str, str],
    weights: Mapping[str, float],
    limit: int,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Both maps are already in ranking order (`ranked_forms`), so no sorting per link."""
    shared = [form for slot, form in first_a.items() if slot in first_b][:limit]
    only_a = [form for slot, form in first_a.items() if slot not in first_b][:limit]
    only_b = [form for slot, form in first_b.items() if slot not in first_a][:limit]
    return tuple(shared), tuple(only_a), tuple(only_b)


def ranked_forms(terms: Sequence[Term], weights: Mapping[str, float]) -> dict[str, str]:
    """Each term slot of a passage with its first written form, heaviest slot first."""
    forms: dict[str, str] = {}
    for term in terms:
        forms.setdefault(term_slot(term), POSSESSIVE.sub("", term.text))
    ordered = sorted(forms, key=lambda slot: (-weights.get(slot, 0.0), slot))
    return {slot: forms[slot] for slot in ordered}
