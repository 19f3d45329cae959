"""Story units: the groups of linked paragraphs that report one claim, by average linkage so that
a chain of weak links does not merge two claims, and each group's label."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from audit.align.passages import (
    PairScores,
)
from audit.align.scorer import (
    Term,
    term_slot,
)
from audit.align.terms import POSSESSIVE
from audit.config import AlignConfig
from audit.model import Paragraph


@dataclass(frozen=True, slots=True)
class UnitMember:
    para_id: str
    article_id: str
    source: str
    score: float  # strength of membership: best link to another member; 1.0 when alone


@dataclass(frozen=True, slots=True)
class Unit:
    """Content paragraphs, from any number of sources, that report one claim."""

    unit_id: str
    label: str
    members: tuple[UnitMember, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({m.source for m in self.members}))


def _components(size: int, a: Sequence[int], b: Sequence[int]) -> np.ndarray:
    """Each of `size` nodes' component (a root's index) along the edges a[i]-b[i]: a union-find
    in a few milliseconds, where `scipy.sparse.csgraph` costs ~0.1 s of every run to import
    (its package pulls in `scipy.sparse.linalg` and `scipy.linalg`)."""
    parent = list(range(size))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # halve the path as we go
            node = parent[node]
        return node

    for x, y in zip(a, b, strict=True):
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    return np.fromiter((root(node) for node in range(size)), dtype=np.int64, count=size)


def _average_linkage(
    content: Sequence[Paragraph], scored: PairScores, accepted: np.ndarray, config: AlignConfig
) -> list[list[int]]:
    """Group linked paragraphs by average linkage, strongest link first.

    Plain connected components chain: A links B, B links C, and soon one unit holds half the
    story (23 paragraphs on the bundled story). Here two groups merge only when their
    paragraphs of different articles score, on average, at least `unit_threshold` with each
    other (pairs never scored count 0). The sums of scores between groups are kept up to date
    on each merge (Lance-Williams), so a merge costs the number of the groups' neighbours, not
    the product of their sizes."""
    articles = [p.article_id for p in content]
    group_of = list(range(len(content)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(content))}
    per_article: dict[int, Counter[str]] = {i: Counter([articles[i]]) for i in members}
    between: dict[int, dict[int, float]] = {i: {} for i in members}
    para_a, para_b, score = scored.para_a.tolist(), scored.para_b.tolist(), scored.score.tolist()
    # Groups only ever merge along accepted links, so a pair of paragraphs in two different
    # components of the accepted links never counts in a merge: skip them (most pairs).
    component = _components(
        len(content), scored.para_a[accepted].tolist(), scored.para_b[accepted].tolist()
    )
    inside = np.flatnonzero(component[scored.para_a] == component[scored.para_b])
    for a, b, value in zip(
        scored.para_a[inside].tolist(),
        scored.para_b[inside].tolist(),
        scored.score[inside].tolist(),
        strict=True,
    ):
        between[a][b] = between[b][a] = value
    order = sorted(
        accepted.tolist(),
        key=lambda k: (-score[k], content[para_a[k]].para_id, content[para_b[k]].para_id),
    )
    for k in order:
        a, b = group_of[para_a[k]], group_of[para_b[k]]
        if a == b:
            continue
        pairs = _cross_article_pairs(per_article[a], per_article[b])
        if not pairs or between[a].get(b, 0.0) / pairs < config.unit_threshold:
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


def _units(
    content: Sequence[Paragraph],
    sources: Mapping[str, str],
    groups: Sequence[Sequence[int]],
    scored: PairScores,
    whole_terms: Mapping[int, Sequence[Term]],
    weights: Mapping[str, float],
    config: AlignConfig,
) -> tuple[Unit, ...]:
    """Every group of paragraphs as a unit, numbered in input order of its first paragraph; a
    member's strength is its mean score with the unit's paragraphs of other articles."""
    strength = _membership(content, groups, scored)
    return tuple(
        Unit(
            unit_id=f"U{number:04d}",
            label=_label(
                [whole_terms[i] for i in group],
                [content[i].article_id for i in group],
                weights,
                config.label_terms,
            ),
            members=tuple(
                UnitMember(
                    para_id=content[i].para_id,
                    article_id=content[i].article_id,
                    source=sources.get(content[i].article_id, content[i].article_id),
                    score=strength[i],
                )
                for i in group
            ),
        )
        for number, group in enumerate(groups, start=1)
    )


def _membership(
    content: Sequence[Paragraph], groups: Sequence[Sequence[int]], scored: PairScores
) -> dict[int, float]:
    """Mean score of each paragraph with the paragraphs of other articles in its unit (1.0 for
    a paragraph alone), from one sparse matrix of pair scores."""
    n = len(content)
    scores = sparse.coo_matrix((scored.score, (scored.para_a, scored.para_b)), shape=(n, n)).tocsr()
    scores = scores + scores.T
    articles = np.array([p.article_id for p in content], dtype=object)
    strength: dict[int, float] = {}
    for group in groups:
        if len(group) == 1:  # most units: no sparse slicing for a paragraph alone
            strength[group[0]] = 1.0
            continue
        index = np.array(group)
        block = scores[index][:, index].toarray()
        other = articles[index][:, None] != articles[index][None, :]
        counts = other.sum(axis=1)
        means = np.where(counts > 0, (block * other).sum(axis=1) / np.maximum(counts, 1), 1.0)
        strength.update({i: float(m) for i, m in zip(group, means, strict=True)})
    return strength


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
