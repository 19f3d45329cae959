"""Story units: the groups of linked claims that report one thing, by average linkage so that a
chain of weak links does not merge two claims, and each group's label."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from audit.align.claims import Claim
from audit.align.passages import PairScores
from audit.align.scorer import (
    Term,
    term_slot,
)
from audit.align.terms import POSSESSIVE
from audit.config import AlignConfig
from audit.model import Paragraph, Span


@dataclass(frozen=True, slots=True)
class UnitMember:
    para_id: str
    article_id: str
    source: str
    score: float  # strength of membership: best link to another member; 1.0 when alone
    spans: tuple[Span, ...] = ()  # the paragraph's claims in this unit (offsets in the article)


@dataclass(frozen=True, slots=True)
class Unit:
    """Claims, from any number of sources, that report one thing; one member per paragraph (a
    paragraph carrying two claims can be a member of two units)."""

    unit_id: str
    label: str
    members: tuple[UnitMember, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({m.source for m in self.members}))


def _average_linkage(
    articles: Sequence[str],
    node_a: np.ndarray,
    node_b: np.ndarray,
    score: np.ndarray,
    accepted: np.ndarray,
    order_keys: Sequence[str],
    threshold: float,
) -> list[list[int]]:
    """Group linked claims (nodes; `articles[i]` is node i's article) by average linkage,
    strongest link first.

    Plain connected components chain: A links B, B links C, and soon one unit holds half the
    story (23 paragraphs on the bundled story). Here two groups merge only when their
    claims of different articles score, on average, at least `threshold` with each
    other (pairs never scored count 0). The sums of scores between groups are kept up to date
    on each merge (Lance-Williams), so a merge costs the number of the groups' neighbours, not
    the product of their sizes. `order_keys` break ties between equal scores."""
    n = len(articles)
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    per_article: dict[int, Counter[str]] = {i: Counter([articles[i]]) for i in members}
    between: dict[int, dict[int, float]] = {i: {} for i in members}
    para_a, para_b, values = node_a.tolist(), node_b.tolist(), score.tolist()
    # Groups only ever merge along accepted links, so a pair of nodes in two different
    # components of the accepted links never counts in a merge: skip them (most pairs).
    _, component = csgraph.connected_components(
        sparse.coo_matrix(
            (np.ones(accepted.size), (node_a[accepted], node_b[accepted])), shape=(n, n)
        ),
        directed=False,
    )
    inside = np.flatnonzero(component[node_a] == component[node_b])
    for a, b, value in zip(
        node_a[inside].tolist(), node_b[inside].tolist(), score[inside].tolist(), strict=True
    ):
        between[a][b] = between[b][a] = max(value, between[a].get(b, 0.0))
    order = sorted(
        accepted.tolist(),
        key=lambda k: (-values[k], order_keys[para_a[k]], order_keys[para_b[k]]),
    )
    for k in order:
        a, b = group_of[para_a[k]], group_of[para_b[k]]
        if a == b:
            continue
        pairs = _cross_article_pairs(per_article[a], per_article[b])
        if not pairs or between[a].get(b, 0.0) / pairs < threshold:
            continue
        # the group with fewer neighbours is folded into the other: the result is the same
        # either way (sums are symmetric), the work is not
        keep, gone = (a, b) if len(between[a]) >= len(between[b]) else (b, a)
        for other, total in between.pop(gone).items():
            del between[other][gone]
            if other != keep:
                between[keep][other] = between[keep].get(other, 0.0) + total
                between[other][keep] = between[keep][other]
        for i in members[gone]:
            group_of[i] = keep
        members[keep].extend(members.pop(gone))
        per_article[keep].update(per_article.pop(gone))
    return [sorted(group) for group in sorted(members.values(), key=min)]


def _cross_article_pairs(first: Counter[str], second: Counter[str]) -> int:
    """Pairs (one paragraph from each group) whose paragraphs come from different articles."""
    same = sum(count * second[article] for article, count in first.items())
    return first.total() * second.total() - same


def claim_groups(groups: Sequence[Sequence[int]], claims: Sequence[Claim]) -> list[list[int]]:
    """Units of claims: each group of two or more linked claims, and for every paragraph the
    claims of it that are in no such group, together (what only that paragraph says); in the
    order of their first claim."""
    linked = [list(g) for g in groups if len(g) > 1]
    alone: dict[int, list[int]] = {}
    for group in groups:
        if len(group) == 1:
            alone.setdefault(claims[group[0]].para, []).extend(group)
    return sorted([*linked, *(sorted(g) for g in alone.values())], key=min)


def build_units(
    content: Sequence[Paragraph],
    claims: Sequence[Claim],
    sources: Mapping[str, str],
    groups: Sequence[Sequence[int]],
    scored: PairScores,
    weights: Mapping[str, float],
    config: AlignConfig,
) -> tuple[Unit, ...]:
    """Every group of claims as a unit, numbered in text order of its first claim; a unit has
    one member per paragraph, with the spans of its claims there, and a member's strength is
    the best mean probability of its claims with the unit's claims of other articles."""
    strength = _membership(claims, content, groups, scored)
    terms = scored.space.vectors.terms
    units = []
    for number, group in enumerate(groups, start=1):
        by_para: dict[int, list[int]] = {}
        for i in group:
            by_para.setdefault(claims[i].para, []).append(i)
        units.append(
            Unit(
                unit_id=f"U{number:04d}",
                label=_label(
                    [terms[i] for i in group],
                    [content[claims[i].para].article_id for i in group],
                    weights,
                    config.label_terms,
                ),
                members=tuple(
                    UnitMember(
                        para_id=content[para].para_id,
                        article_id=content[para].article_id,
                        source=sources.get(content[para].article_id, content[para].article_id),
                        score=max(strength[i] for i in ids),
                        spans=tuple(Span(claims[i].start, claims[i].end) for i in ids),
                    )
                    for para, ids in by_para.items()
                ),
            )
        )
    return tuple(units)


def _membership(
    claims: Sequence[Claim],
    content: Sequence[Paragraph],
    groups: Sequence[Sequence[int]],
    scored: PairScores,
) -> dict[int, float]:
    """Mean probability of each claim with the claims of other articles in its unit (1.0 for a
    unit of one article; pairs never scored count 0), with array operations over the scored
    pairs: no loop over units."""
    n = len(claims)
    group_of = np.empty(n, dtype=np.int64)
    for number, group in enumerate(groups):
        group_of[np.array(group, dtype=np.int64)] = number
    codes = {a: i for i, a in enumerate(dict.fromkeys(p.article_id for p in content))}
    article = np.array([codes[content[c.para].article_id] for c in claims], dtype=np.int64)
    # claims of other articles in one's unit: unit size minus one's article's claims there
    size = np.bincount(group_of, minlength=len(groups))[group_of]
    key = group_of * (len(codes) + 1) + article
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    others = size - counts[inverse]
    rows, cols = scored.rows, scored.cols
    inside = group_of[rows] == group_of[cols]
    total = np.bincount(rows[inside], scored.probability[inside], minlength=n) + np.bincount(
        cols[inside], scored.probability[inside], minlength=n
    )
    means = np.where(others > 0, total / np.maximum(others, 1), 1.0)
    return {i: round(float(means[i]), 6) for i in range(n)}


def _label(
    term_lists: Sequence[Sequence[Term]],
    articles: Sequence[str],
    weights: Mapping[str, float],
    limit: int,
) -> str:
    """The unit's most telling words: the heaviest terms found in the most of its articles."""
    seen_in: dict[str, set[str]] = {}
    forms: dict[str, str] = {}
    for terms, article in zip(term_lists, articles, strict=True):
        for term in terms:
            seen_in.setdefault(term_slot(term), set()).add(article)
            forms.setdefault(term_slot(term), POSSESSIVE.sub("", term.text))
    ranked = sorted(seen_in, key=lambda s: (-len(seen_in[s]), -weights.get(s, 0.0), s))
    return " ".join(forms[slot] for slot in ranked[:limit])
