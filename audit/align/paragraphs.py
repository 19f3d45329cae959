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

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from audit.align.scorer import (
    PassageSet,
    Term,
    corpus_terms,
    score_pairs,
    term_slot,
    term_vectors,
    term_weights,
)
from audit.config import AlignConfig
from audit.model import Paragraph, Span
from audit.text.normalize import Token

_POSSESSIVE = re.compile(r"['\u2019]s$")


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence, or a whole paragraph, that takes part in matching."""

    para: int  # index into the aligned (content) paragraphs
    start: int
    end: int
    whole: bool  # the whole paragraph rather than one of its sentences


@dataclass(frozen=True, slots=True)
class Link:
    """Two paragraphs of different articles that report the same claim, and why.

    `evidence_a`/`evidence_b` are the passages whose match gave the score (offsets into the
    articles); `shared`, `only_a` and `only_b` are content terms (words, names, numbers, dates)
    as written in the paragraph they come from, most telling first."""

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


@dataclass(frozen=True, slots=True)
class ParagraphAlignment:
    """The links and units of one story, plus the passages they were computed from."""

    paragraphs: tuple[Paragraph, ...]  # the content paragraphs that were aligned, input order
    links: tuple[Link, ...]
    units: tuple[Unit, ...]


def content_passages(paragraphs: Sequence[Paragraph]) -> tuple[Passage, ...]:
    """Each paragraph whole, plus each of its sentences when it has more than one."""
    passages: list[Passage] = []
    for index, para in enumerate(paragraphs):
        passages.append(Passage(index, para.start, para.end, whole=True))
        if len(para.sentences) > 1:
            passages.extend(Passage(index, s.start, s.end, whole=False) for s in para.sentences)
    return tuple(passages)


def passage_vectors(
    paragraphs: Sequence[Paragraph],
    passages: Sequence[Passage],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> PassageSet:
    """Term vectors of the passages. Each paragraph is read once (or not at all: `words` are
    its tokens by para_id, when the caller has them); a sentence's terms are those of its
    paragraph that fall inside it. IDF counts sentences (a one-sentence paragraph is its own
    sentence), so that a paragraph and its sentences do not count a mention twice."""
    para_terms = corpus_terms(
        [p.text for p in paragraphs],
        [p.start for p in paragraphs],
        words=None if words is None else [words[p.para_id] for p in paragraphs],
    )
    terms = [
        para_terms[p.para]
        if p.whole
        else tuple(t for t in para_terms[p.para] if p.start <= t.start < p.end)
        for p in passages
    ]
    single = {i for i, para in enumerate(paragraphs) if len(para.sentences) <= 1}
    counted = np.array([(not p.whole) or p.para in single for p in passages])
    return term_vectors(terms, config, idf_rows=counted)


@dataclass(frozen=True, slots=True)
class PairScores:
    """Best same-claim score of every candidate pair of paragraphs from different articles:
    row k is paragraphs (para_a[k], para_b[k]), para_a < para_b, scored `score[k]` by the
    passage pair `evidence[k]` (indices into `passages`)."""

    passages: tuple[Passage, ...]
    vectors: PassageSet
    para_a: np.ndarray
    para_b: np.ndarray
    score: np.ndarray
    evidence: np.ndarray  # shape (n, 2)


def paragraph_scores(
    paragraphs: Sequence[Paragraph],
    articles: Sequence[str],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> PairScores:
    """Score all candidate paragraph pairs (`articles[i]` is the article of paragraphs[i]);
    `words`: the paragraphs' tokens by para_id, if already made."""
    passages = content_passages(paragraphs)
    vectors = passage_vectors(paragraphs, passages, config, words=words)
    rows, cols = _candidates(vectors, passages, articles, config)
    scores = score_pairs(vectors, rows, cols, config)
    para_of = np.array([p.para for p in passages], dtype=np.int64)
    para_a, para_b, best, evidence = _best_per_paragraph_pair(
        para_of[rows], para_of[cols], scores, np.column_stack([rows, cols])
    )
    return PairScores(passages, vectors, para_a, para_b, best, evidence)


def _candidates(
    vectors: PassageSet,
    passages: Sequence[Passage],
    articles: Sequence[str],
    config: AlignConfig,
) -> tuple[np.ndarray, np.ndarray]:
    """Passage pairs from different articles whose weighted cosine reaches the candidate
    threshold; the product is taken in row blocks so that a big story never holds a dense
    all-pairs matrix."""
    article_codes = {a: i for i, a in enumerate(dict.fromkeys(articles))}
    article_of = np.array([article_codes[articles[p.para]] for p in passages], dtype=np.int64)
    # A short sentence ("The discussions could be for naught.") matches anything that shares
    # its one or two words; it takes part only inside its whole paragraph.
    eligible = np.array(
        [p.whole or len(vectors.terms[i]) >= config.min_passage_terms
         for i, p in enumerate(passages)]
    )  # fmt: skip
    transposed = vectors.vectors.T.tocsc()
    found_rows, found_cols = [], []
    for start in range(0, len(passages), config.block_rows):
        block = sparse.coo_matrix(vectors.vectors[start : start + config.block_rows] @ transposed)
        rows = block.row.astype(np.int64) + start
        keep = (
            (block.data >= config.candidate_threshold)
            & (article_of[rows] < article_of[block.col])
            & eligible[rows]
            & eligible[block.col]
        )
        rows, cols, cosines = rows[keep], block.col[keep].astype(np.int64), block.data[keep]
        strongest = _top_per_row(rows, cols, cosines, config.max_candidates_per_passage)
        found_rows.append(rows[strongest])
        found_cols.append(cols[strongest])
    if not found_rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(found_rows), np.concatenate(found_cols)


def _top_per_row(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, limit: int) -> np.ndarray:
    """Indices of the `limit` largest values of each row (ties: the lower column), in their
    original order; everything when `limit` is 0."""
    if limit <= 0 or rows.size == 0:
        return np.arange(rows.size)
    order = np.lexsort((cols, -values, rows))
    grouped = rows[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(grouped.size) - np.repeat(starts, np.diff(np.r_[starts, grouped.size]))
    return np.sort(order[rank < limit])


def _best_per_paragraph_pair(
    para_a: np.ndarray, para_b: np.ndarray, scores: np.ndarray, pairs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Roll passage-pair scores up to paragraph pairs: the best pair wins (ties: first pair)."""
    if scores.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -scores, para_b, para_a))
    a, b = para_a[order], para_b[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    chosen = order[first]
    return para_a[chosen], para_b[chosen], scores[chosen], pairs[chosen]


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
    forms = {i: _ranked_forms(terms, weights) for i, terms in whole_terms.items()}
    accepted = np.flatnonzero(scored.score >= config.claim_threshold)
    reported = strongest_per_paragraph(
        scored.para_a, scored.para_b, scored.score, accepted, config.max_links_per_paragraph
    )
    links = tuple(
        _link(
            f"L{number:05d}",
            (content[int(scored.para_a[k])], content[int(scored.para_b[k])]),
            float(scored.score[k]),
            (
                scored.passages[int(scored.evidence[k, 0])],
                scored.passages[int(scored.evidence[k, 1])],
            ),
            (forms[int(scored.para_a[k])], forms[int(scored.para_b[k])]),
            weights,
            config,
        )
        for number, k in enumerate(reported, start=1)
    )
    groups = _average_linkage(content, scored, accepted, config)
    units = _units(content, sources, groups, scored, whole_terms, weights, config)
    return ParagraphAlignment(paragraphs=content, links=links, units=units)


def strongest_per_paragraph(
    para_a: np.ndarray, para_b: np.ndarray, score: np.ndarray, accepted: np.ndarray, limit: int
) -> np.ndarray:
    """The accepted pairs that are among the `limit` strongest of either of their paragraphs,
    in their original order (ties keep the earlier pair). Vectorised: one sort, no pair loop."""
    if limit <= 0 or len(accepted) == 0:
        return accepted
    ends = np.concatenate([para_a[accepted], para_b[accepted]])
    pairs = np.concatenate([accepted, accepted])
    scores = np.concatenate([score[accepted], score[accepted]])
    order = np.lexsort((-scores, ends))  # by paragraph, strongest first; stable on ties
    grouped = ends[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sizes = np.diff(np.r_[starts, len(grouped)])
    rank = np.arange(len(grouped)) - np.repeat(starts, sizes)
    return np.unique(pairs[order][rank < limit])


def _link(
    link_id: str,
    paras: tuple[Paragraph, Paragraph],
    score: float,
    evidence: tuple[Passage, Passage],
    forms: tuple[Mapping[str, str], Mapping[str, str]],
    weights: Mapping[str, float],
    config: AlignConfig,
) -> Link:
    shared, only_a, only_b = _explain_forms(forms[0], forms[1], weights, config.explain_terms)
    return Link(
        link_id=link_id,
        para_a=paras[0].para_id,
        para_b=paras[1].para_id,
        article_a=paras[0].article_id,
        article_b=paras[1].article_id,
        score=round(score, 6),
        evidence_a=Span(evidence[0].start, evidence[0].end),
        evidence_b=Span(evidence[1].start, evidence[1].end),
        shared=shared,
        only_a=only_a,
        only_b=only_b,
    )


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
        forms.setdefault(term_slot(term), _POSSESSIVE.sub("", term.text))
    ordered = sorted(forms, key=lambda slot: (-weights.get(slot, 0.0), slot))
    return {slot: forms[slot] for slot in ordered}


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
    _, component = csgraph.connected_components(
        sparse.coo_matrix(
            (np.ones(accepted.size), (scored.para_a[accepted], scored.para_b[accepted])),
            shape=(len(content), len(content)),
        ),
        directed=False,
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
            forms.setdefault(term_slot(term), _POSSESSIVE.sub("", term.text))
    ranked = sorted(seen_in, key=lambda s: (-len(seen_in[s]), -weights.get(s, 0.0), s))
    return " ".join(forms[slot] for slot in ranked[:limit])
