"""Align a story's articles claim by claim: which sentences report the same thing.

Outlets cut one paragraph into several, merge several into one and reorder them, and one
outlet's paragraph is a sentence while another's is five. So the unit of matching is the
*claim* (`audit.align.claims`): a sentence, a clause of one, or a headline. Claims are scored
against each other in matrix form (`passages`) and pairs of different articles whose
calibrated same-claim probability reaches `link_probability` are *links* (each names its two
paragraphs and its two sentence spans). Groups of linked claims are *units* (one thing, covered
by some sources), many-to-many across paragraphs: a paragraph carrying two claims can be in two
units; the claims of a paragraph that are linked to nothing form one unit of their own,
reported by one source only.

Nothing here loops over all pairs: candidates come from sparse and dense products computed in
row blocks, so that memory stays bounded, and only candidates are scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from audit.align.claims import aligned_paragraphs
from audit.align.passages import ClaimSpace, paragraph_scores
from audit.align.probability import explain_rows
from audit.align.scorer import Term, term_slot, term_weights
from audit.align.terms import POSSESSIVE
from audit.align.units import Unit, _average_linkage, build_units, claim_groups
from audit.config import AlignConfig
from audit.model import Paragraph, Span
from audit.text.normalize import Token


@dataclass(frozen=True, slots=True)
class Link:
    """Two claims of different articles that report the same thing, and why.

    `evidence_a`/`evidence_b` are the two claims (sentence spans, offsets into the articles) and
    `para_a`/`para_b` their paragraphs; `score` is the calibrated same-claim probability,
    `lexical` and `semantic` two of the signals it was computed from, `carried_by` the
    signals that carried it and `conflicts` the specifics the claims disagree on; `shared`,
    `only_a` and `only_b` are content terms (words, names, numbers, dates) as written in the
    claim they come from, most telling first. `unit_id` is the unit holding both claims (empty
    when average linkage kept them apart)."""

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
    unit_id: str = ""
    lexical: float = 0.0
    semantic: float = 0.0
    carried_by: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParagraphAlignment:
    """The links and units of one story, and the claims they were computed from."""

    paragraphs: tuple[Paragraph, ...]  # the paragraphs that were aligned, input order
    links: tuple[Link, ...]
    units: tuple[Unit, ...]
    space: ClaimSpace = field(compare=False)  # arrays inside: not compared


def align_paragraphs(
    paragraphs: Sequence[Paragraph],
    sources: Mapping[str, str],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> ParagraphAlignment:
    """Links and units of the claims of a story (`sources`: article_id -> source). Content
    paragraphs and headlines take part; input order decides which side of a link is `a`.
    `words`: the content paragraphs' tokens by para_id, if already made."""
    content = aligned_paragraphs(paragraphs)
    scored = paragraph_scores(content, None, config, words=words)
    claims = scored.space.claims
    weights = term_weights(scored.space.vectors, config)
    terms = scored.space.vectors.terms
    accepted = np.flatnonzero(scored.probability >= config.link_probability)
    articles = [content[c.para].article_id for c in claims]
    keys = [f"{content[c.para].para_id}@{c.start:09d}" for c in claims]
    groups = claim_groups(
        _average_linkage(
            articles, scored.rows, scored.cols, scored.probability, accepted, keys,
            config.unit_threshold,
        ),
        claims,
    )  # fmt: skip
    units = build_units(content, claims, sources, groups, scored, weights, config)
    unit_of = {i: units[number].unit_id for number, group in enumerate(groups) for i in group}
    reported = strongest_per_paragraph(
        scored.rows, scored.cols, scored.probability, accepted, config.max_links_per_paragraph
    )
    links = []
    forms: dict[int, dict[str, str]] = {}  # each claim's ranked terms, made once
    for number, k in enumerate(reported, start=1):
        a, b = int(scored.rows[k]), int(scored.cols[k])
        carried, conflicts = explain_rows(scored.features, [k], config)[0]
        for i in (a, b):
            if i not in forms:
                forms[i] = _ranked_forms(terms[i], weights)
        shared, only_a, only_b = _explain_forms(forms[a], forms[b], weights, config.explain_terms)
        para_a, para_b = content[claims[a].para], content[claims[b].para]
        links.append(
            Link(
                link_id=f"L{number:05d}",
                para_a=para_a.para_id,
                para_b=para_b.para_id,
                article_a=para_a.article_id,
                article_b=para_b.article_id,
                score=round(float(scored.probability[k]), 6),
                evidence_a=Span(claims[a].start, claims[a].end),
                evidence_b=Span(claims[b].start, claims[b].end),
                shared=shared,
                only_a=only_a,
                only_b=only_b,
                unit_id=unit_of[a] if unit_of[a] == unit_of[b] else "",
                lexical=round(float(scored.signals.score[k]), 6),
                semantic=round(float(scored.features[k, 0]), 6),
                carried_by=carried,
                conflicts=conflicts,
            )
        )
    return ParagraphAlignment(
        paragraphs=content, links=tuple(links), units=units, space=scored.space
    )


def strongest_per_paragraph(
    para_a: np.ndarray, para_b: np.ndarray, score: np.ndarray, accepted: np.ndarray, limit: int
) -> np.ndarray:
    """The accepted pairs that are among the `limit` strongest of either of their ends (claims
    here), in their original order (ties keep the earlier pair). Vectorised: one sort."""
    if limit <= 0 or len(accepted) == 0:
        return accepted
    ends = np.concatenate([para_a[accepted], para_b[accepted]])
    pairs = np.concatenate([accepted, accepted])
    scores = np.concatenate([score[accepted], score[accepted]])
    order = np.lexsort((-scores, ends))  # by end, strongest first; stable on ties
    grouped = ends[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sizes = np.diff(np.r_[starts, len(grouped)])
    rank = np.arange(len(grouped)) - np.repeat(starts, sizes)
    return np.unique(pairs[order][rank < limit])


def explain(
    terms_a: Sequence[Term],
    terms_b: Sequence[Term],
    weights: Mapping[str, float],
    limit: int,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The content terms both passages share, and those only one has, as written (shared ones as
    in `a`), most telling (heaviest) first, at most `limit` of each."""
    return _explain_forms(
        _ranked_forms(terms_a, weights), _ranked_forms(terms_b, weights), weights, limit
    )


def _explain_forms(
    first_a: Mapping[str, str],
    first_b: Mapping[str, str],
    weights: Mapping[str, float],
    limit: int,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Both maps are already in ranking order (`_ranked_forms`), so no sorting per link."""
    shared = [form for slot, form in first_a.items() if slot in first_b][:limit]
    only_a = [form for slot, form in first_a.items() if slot not in first_b][:limit]
    only_b = [form for slot, form in first_b.items() if slot not in first_a][:limit]
    return tuple(shared), tuple(only_a), tuple(only_b)


def _ranked_forms(terms: Sequence[Term], weights: Mapping[str, float]) -> dict[str, str]:
    """Each term slot of a passage with its first written form, heaviest slot first."""
    forms: dict[str, str] = {}
    for term in terms:
        forms.setdefault(term_slot(term), POSSESSIVE.sub("", term.text))
    ordered = sorted(forms, key=lambda slot: (-weights.get(slot, 0.0), slot))
    return {slot: forms[slot] for slot in ordered}
