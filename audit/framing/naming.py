"""Naming variants: one name or term written differently by different sources (Kiev/Kyiv,
Zelensky/Zelenskyy, cease-fire/ceasefire, NATO/Nato), found from the texts, not from a list.

Two written forms are variants of one name when
- they fold to the same letters but are written differently (case beyond the first letter, or a
  hyphen: NATO/Nato, cease-fire/ceasefire); or
- they are close by rapidfuzz ratio (names: `naming_min_similarity`, lowercase words a stricter
  `naming_lowercase_min_similarity`), start with the same letter, and are not one word with a
  derivational ending (Russia/Russian, Europe/European are different words); lowercase words must
  also keep the same consonants (defence/defense, signaled/signalled, but not were/where);
and, in both cases, the sources split over them: some source writes one and not the other, and
another source the reverse. That last test is what makes it a choice of the outlet rather than
two words one writer uses side by side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from audit.align.scorer import score_pairs, term_vectors
from audit.align.terms import corpus_terms
from audit.config import AlignConfig, FramingConfig
from audit.framing.evidence import Evidence, EvidenceKind
from audit.framing.spelling import Pair, similar_pairs
from audit.model import Article, Paragraph
from audit.text.normalize import Token, tokens
from audit.text.spans import last_char_before, word_after, word_before

NAMING_COLUMNS = ("group", "form", "source", "count", "article_ids", "spans", "rule")

_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One written form at one place: `article.text[start:end] == text`."""

    article_id: str
    para_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class NamingVariant:
    """A name written in more than one way across sources, with every occurrence of each form."""

    group: str  # the forms joined by "/", commonest first
    forms: tuple[str, ...]
    similarity: float  # lowest pairwise similarity inside the group, in [0, 1]
    occurrences: tuple[Occurrence, ...]
    rule: str = ""  # why the forms name one thing: the spelling rule, or "similar_claims"


class Place(NamedTuple):
    """Where one form is written (`Occurrence` without the form, which keys it): a tuple, as
    a story has tens of thousands of these and only the paired forms' become occurrences."""

    article_id: str
    para_id: str
    start: int
    end: int


def name_occurrences(
    paragraphs: Sequence[Paragraph],
    words: Mapping[str, Sequence[Token]] | None = None,
    *,
    min_length: int = 0,
) -> dict[str, list[Place]]:
    """Every word of the content paragraphs with a letter and at least `min_length` characters,
    possessive endings cut off ("Kyiv's" -> "Kyiv"), by written form, in text order; `words`
    (para_id -> `tokens(p.text, p.start)`) saves tokenising them again."""
    found: dict[str, list[Place]] = defaultdict(list)
    given = words or {}
    new = tuple.__new__  # a Place without NamedTuple's Python-level __new__: ~45,000 of them
    for p in paragraphs:
        if not p.is_content:
            continue
        article_id, para_id = p.article_id, p.para_id
        for t in given.get(para_id) or tokens(p.text, p.start):
            text = t.text
            if len(text) < min_length:  # cutting an ending only shortens it
                continue
            if text.endswith(_POSSESSIVE):
                for ending in _POSSESSIVE:
                    if text.endswith(ending) and len(text) > len(ending):
                        text = text[: -len(ending)]
                        break
                if len(text) < min_length:
                    continue
            if text[0].isalpha() or any(map(str.isalpha, text)):
                found[text].append(new(Place, (article_id, para_id, t.start, t.start + len(text))))
    return found


def find_naming_variants(
    articles: Sequence[Article],
    paragraphs: Sequence[Paragraph],
    config: FramingConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
    align: AlignConfig | None = None,
) -> tuple[NamingVariant, ...]:
    """Variant groups across the articles' content paragraphs, in order of their label;
    `align`: the run's alignment config, whose same-claim score judges unexplained pairs."""
    source_of = {a.article_id: a.source for a in articles}
    by_form = name_occurrences(paragraphs, words, min_length=config.naming_min_length)
    sources: dict[str, frozenset[str]] = {}  # of the forms paired only

    def sources_of(form: str) -> frozenset[str]:
        if form not in sources:
            sources[form] = frozenset(source_of.get(o.article_id, "") for o in by_form[form])
        return sources[form]

    lowercase = {f for f in by_form if not f[:1].isupper()}
    para = {p.para_id: p for p in paragraphs}  # once: not a dict of the story per form
    forms = sorted(
        f
        for f in by_form
        if f.lower() not in lowercase or _written_mid_sentence(f, by_form[f], para)
    )
    pairs = [
        (a, b, s, rule)
        for a, b, s, rule in similar_pairs(forms, config)
        if _sources_split(sources_of(a), sources_of(b))
        and not (rule == "case" and _shouted(a, b, by_form, para))
    ]
    kept = _with_evidence(pairs, by_form, paragraphs, source_of, config, words=words, align=align)
    return _groups(kept, by_form)


def _shouted(
    a: str, b: str, by_form: Mapping[str, Sequence[Place]], para: Mapping[str, Paragraph]
) -> bool:
    """True when the all-capitals form of a case pair is only ever typography: a dateline at a
    paragraph's start or before a dash ("WASHINGTON —") or a run of capitals ("WEST PALM
    BEACH"), not an acronym written in a sentence (NATO/Nato)."""
    caps = next((f for f in (a, b) if f.isupper()), None)
    if caps is None:
        return False
    for o in by_form[caps]:
        p = para[o.para_id]
        before, after = word_before(p.text, o.start - p.start), word_after(p.text, o.end - p.start)
        neighbours = [w for w in (before, after) if sum(c.isalpha() for c in w) > 1]
        dateline = after[:1] in ("\u2014", "\u2013", "-", "(")
        if before and not dateline and not any(w.isupper() for w in neighbours):
            return False
    return True


_OPENERS = " \"'\u201c\u2018("  # passed over, looking back from a form for a sentence end


def _written_mid_sentence(
    form: str, occurrences: Sequence[Place], para: Mapping[str, Paragraph]
) -> bool:
    """Lowercase forms count as written; a capitalised form that is also written in lowercase
    must appear capitalised somewhere other than a sentence start ("Officials" is not a name)."""
    if not form[:1].isupper():
        return True
    for o in occurrences:
        last = last_char_before(para[o.para_id].text, o.start - para[o.para_id].start, _OPENERS)
        if last and last not in ".!?:":
            return True
    return False


def _with_evidence(
    pairs: Sequence[Pair],
    by_form: Mapping[str, Sequence[Place]],
    paragraphs: Sequence[Paragraph],
    source_of: Mapping[str, str],
    config: FramingConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
    align: AlignConfig | None = None,
) -> list[Pair]:
    """Pairs a spelling rule explains, and name pairs without one whose forms are used in
    similar claims: some paragraph with one form and some paragraph of another source with the
    other score at least `naming_claim_threshold` (the alignment's same-claim score). Iran/Iron
    or Florida/Friday are alike in letters, not in what is said around them."""
    unexplained = [p for p in pairs if not p[3]]
    if not unexplained:
        return list(pairs)
    by_id = {p.para_id: p for p in paragraphs}
    involved = sorted({o.para_id for a, b, _, _ in unexplained for f in (a, b)
                       for o in by_form[f][: config.naming_max_contexts]})  # fmt: skip
    row = {para_id: i for i, para_id in enumerate(involved)}
    article = {p.para_id: p.article_id for p in paragraphs}
    asked = [
        [
            (row[x.para_id], row[y.para_id])
            for x in by_form[a][: config.naming_max_contexts]
            for y in by_form[b][: config.naming_max_contexts]
            if source_of.get(article[x.para_id]) != source_of.get(article[y.para_id])
        ]
        for a, b, _, _ in unexplained
    ]
    scores = _claim_scores(
        [by_id[p] for p in involved], [pair for ps in asked for pair in ps], words, align
    )
    kept = [p for p in pairs if p[3]]
    for (a, b, similarity, _), wanted in zip(unexplained, asked, strict=True):
        best = max((scores[pair] for pair in wanted), default=0.0)
        if best >= config.naming_claim_threshold:
            kept.append((a, b, similarity, "similar_claims"))
    return kept


def _claim_scores(
    paragraphs: Sequence[Paragraph],
    pairs: Sequence[tuple[int, int]],
    words: Mapping[str, Sequence[Token]] | None,
    align: AlignConfig | None,
) -> dict[tuple[int, int], float]:
    """The alignment's same-claim score of each pair (i, j) of the paragraphs (term weights over
    all of them), reading the words the stage already has instead of tokenising them again."""
    unique = sorted(set(pairs))
    if not unique:
        return {}
    config = align or AlignConfig()
    given = words or {}
    tokens_of = [given.get(p.para_id) or tokens(p.text, p.start) for p in paragraphs]
    terms = corpus_terms(
        [p.text for p in paragraphs], [p.start for p in paragraphs], words=tokens_of
    )
    rows = np.array([i for i, _ in unique], dtype=np.int64)
    cols = np.array([j for _, j in unique], dtype=np.int64)
    scores = score_pairs(term_vectors(terms, config), rows, cols, config)
    return {pair: float(score) for pair, score in zip(unique, scores, strict=True)}


def _sources_split(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a - b) and bool(b - a)


def _groups(
    pairs: Sequence[Pair], by_form: Mapping[str, Sequence[Place]]
) -> tuple[NamingVariant, ...]:
    parent: dict[str, str] = {}

    def root(form: str) -> str:
        while parent.setdefault(form, form) != form:
            form = parent[form]
        return form

    for a, b, _, _ in pairs:
        parent[root(a)] = root(b)
    members: dict[str, list[str]] = defaultdict(list)
    for form in sorted(parent):
        members[root(form)].append(form)
    groups = []
    for forms in members.values():
        ordered = tuple(sorted(forms, key=lambda f: (-len(by_form[f]), f)))
        inside = [s for a, b, s, _ in pairs if a in forms and b in forms]
        rules = sorted({r for a, b, _, r in pairs if a in forms and b in forms})
        occurrences = sorted(
            (Occurrence(*o, f) for f in ordered for o in by_form[f]),
            key=lambda o: (o.article_id, o.start),
        )
        groups.append(
            NamingVariant(
                "/".join(ordered), ordered, min(inside), tuple(occurrences), "+".join(rules)
            )
        )
    return tuple(sorted(groups, key=lambda g: g.group.casefold()))


def naming_evidence(variants: Sequence[NamingVariant]) -> tuple[Evidence, ...]:
    """Every occurrence of every form of every variant group, as evidence."""
    kind = EvidenceKind.NAMING_VARIANT
    return tuple(
        Evidence(o.article_id, o.para_id, o.start, o.end, o.text, kind, rule, weight)
        for v in variants
        for rule, weight in [(f"naming:{v.group}", round(v.similarity, 4))]
        for o in v.occurrences
    )


def naming_rows(
    variants: Sequence[NamingVariant], source_of: Mapping[str, str]
) -> tuple[dict[str, object], ...]:
    """Rows of `naming.csv` in NAMING_COLUMNS order: per group, form and source, the count and
    the spans ("article_id:start-end", space-separated)."""
    rows = []
    for v in variants:
        cells: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
        for o in v.occurrences:
            cells[(o.text, source_of.get(o.article_id, ""))].append(o)
        for (form, source), found in sorted(
            cells.items(), key=lambda kv: (v.forms.index(kv[0][0]), kv[0][1])
        ):
            rows.append(
                {
                    "group": v.group,
                    "form": form,
                    "source": source,
                    "count": len(found),
                    "article_ids": " ".join(sorted({o.article_id for o in found})),
                    "spans": " ".join(f"{o.article_id}:{o.start}-{o.end}" for o in found),
                    "rule": v.rule,
                }
            )
    return tuple(rows)
