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

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from audit.config import FramingConfig
from audit.framing.evidence import Evidence, EvidenceKind
from audit.model import Article, Paragraph
from audit.text.normalize import fold, tokens
from audit.text.similarity import score_matrix

NAMING_COLUMNS = ("group", "form", "source", "count", "article_ids", "spans")

# Endings that make a different word of the same stem rather than another spelling of it.
_DERIVATIONAL = frozenset(
    "s es n an ian ans ians ns ese ish ic ics al ed d ing er ers ern ist ists ism ity e ly".split()
)
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


def name_occurrences(paragraphs: Sequence[Paragraph]) -> tuple[Occurrence, ...]:
    """Every word of the content paragraphs, possessive endings cut off ("Kyiv's" -> "Kyiv")."""
    found = []
    for p in paragraphs:
        if not p.is_content:
            continue
        for t in tokens(p.text, p.start):
            text = t.text
            for ending in _POSSESSIVE:
                if text.endswith(ending) and len(text) > len(ending):
                    text = text[: -len(ending)]
                    break
            found.append(Occurrence(p.article_id, p.para_id, t.start, t.start + len(text), text))
    return tuple(found)


def find_naming_variants(
    articles: Sequence[Article], paragraphs: Sequence[Paragraph], config: FramingConfig
) -> tuple[NamingVariant, ...]:
    """Variant groups across the articles' content paragraphs, in order of their label."""
    source_of = {a.article_id: a.source for a in articles}
    by_form: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in name_occurrences(paragraphs):
        if _candidate(occurrence.text, config):
            by_form[occurrence.text].append(occurrence)
    sources = {
        f: frozenset(source_of.get(o.article_id, "") for o in occ) for f, occ in by_form.items()
    }
    lowercase = {f for f in by_form if not f[:1].isupper()}
    forms = sorted(
        f
        for f in by_form
        if f.lower() not in lowercase or _written_mid_sentence(f, by_form[f], paragraphs)
    )
    pairs = [
        (a, b, s)
        for a, b, s in _similar_pairs(forms, config)
        if _sources_split(sources[a], sources[b])
    ]
    return _groups(pairs, by_form)


def _candidate(form: str, config: FramingConfig) -> bool:
    return len(form) >= config.naming_min_length and any(c.isalpha() for c in form)


def _written_mid_sentence(
    form: str, occurrences: Sequence[Occurrence], paragraphs: Sequence[Paragraph]
) -> bool:
    """Lowercase forms count as written; a capitalised form that is also written in lowercase
    must appear capitalised somewhere other than a sentence start ("Officials" is not a name)."""
    if not form[:1].isupper():
        return True
    para_text = {p.para_id: (p.start, p.text) for p in paragraphs}
    for o in occurrences:
        start, text = para_text[o.para_id]
        before = text[: o.start - start].rstrip(" \"'\u201c\u2018(")
        if before and before[-1] not in ".!?:":
            return True
    return False


def _similar_pairs(forms: Sequence[str], config: FramingConfig) -> list[tuple[str, str, float]]:
    keys = [fold(f).replace("-", "") for f in forms]
    # Only pairs above the lower of the two thresholds can be variants: select them by matrix
    # operations, a block of rows at a time (a news day has ~20,000 forms: a full matrix would
    # take 1.6 GB), instead of testing every pair of forms in Python.
    floor = min(config.naming_min_similarity, config.naming_lowercase_min_similarity)
    pairs = []
    for top in range(0, len(keys), _BLOCK_ROWS):
        block = score_matrix(keys[top : top + _BLOCK_ROWS], keys, cutoff=floor)
        rows, cols = np.nonzero(block >= floor)
        for row, j in zip(rows.tolist(), cols.tolist(), strict=True):
            i = top + row
            if j > i:
                pairs.append(_variant_pair(forms, keys, i, j, float(block[row, j]), config))
    return [pair for pair in pairs if pair is not None]


# Rows of the similarity matrix computed at once: 512 x 20,000 float32 is 40 MB.
_BLOCK_ROWS = 512


def _variant_pair(
    forms: Sequence[str],
    keys: Sequence[str],
    i: int,
    j: int,
    similarity: float,
    config: FramingConfig,
) -> tuple[str, str, float] | None:
    """Forms i and j as a variant pair with their similarity, or None if they are not one."""
    a, b = forms[i], forms[j]
    if keys[i] == keys[j]:
        same_shape = _case_shape(a) == _case_shape(b) and "-" not in a and "-" not in b
        return None if same_shape else (a, b, 1.0)
    if _spelling_variant(a, b, keys[i], keys[j], similarity, config):
        return (a, b, similarity)
    return None


def _case_shape(form: str) -> str:
    """The form with its first letter lowercased: "Nato" and "NATO" differ, "Kyiv" and "kyiv" do
    not (a sentence start capitalises any word)."""
    return (form[:1].lower() + form[1:]).replace("-", "")


def _spelling_variant(
    a: str, b: str, key_a: str, key_b: str, similarity: float, config: FramingConfig
) -> bool:
    is_name = a[:1].isupper() and b[:1].isupper()
    if a[:1].isupper() != b[:1].isupper():
        return False
    threshold = config.naming_min_similarity if is_name else config.naming_lowercase_min_similarity
    if similarity < threshold or key_a[0] != key_b[0] or _derivation(key_a, key_b):
        return False
    # Common words that look alike are usually different words (were/where, protect/protest);
    # spelling variants keep their consonants (defence/defense, signaled/signalled).
    return is_name or _skeleton(key_a) == _skeleton(key_b)


_SOFT_C = re.compile(r"c(?=[eiy])")
_VOWEL = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"(.)\1+")


def _skeleton(key: str) -> str:
    """Consonants only, soft c and z read as s, doubled letters single: defence -> dfns."""
    return _DOUBLE.sub(r"\1", _VOWEL.sub("", _SOFT_C.sub("s", key).replace("z", "s")))


def _derivation(a: str, b: str) -> bool:
    """True when the two keys share a stem and differ only by derivational endings."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    tail_a, tail_b = a[common:], b[common:]
    return common >= 3 and {tail_a, tail_b} <= _DERIVATIONAL | {""}


def _sources_split(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a - b) and bool(b - a)


def _groups(
    pairs: Sequence[tuple[str, str, float]], by_form: Mapping[str, Sequence[Occurrence]]
) -> tuple[NamingVariant, ...]:
    parent: dict[str, str] = {}

    def root(form: str) -> str:
        while parent.setdefault(form, form) != form:
            form = parent[form]
        return form

    for a, b, _ in pairs:
        parent[root(a)] = root(b)
    members: dict[str, list[str]] = defaultdict(list)
    for form in sorted(parent):
        members[root(form)].append(form)
    groups = []
    for forms in members.values():
        ordered = tuple(sorted(forms, key=lambda f: (-len(by_form[f]), f)))
        inside = [s for a, b, s in pairs if a in forms and b in forms]
        occurrences = sorted(
            (o for f in ordered for o in by_form[f]), key=lambda o: (o.article_id, o.start)
        )
        groups.append(NamingVariant("/".join(ordered), ordered, min(inside), tuple(occurrences)))
    return tuple(sorted(groups, key=lambda g: g.group.casefold()))


def naming_evidence(variants: Sequence[NamingVariant]) -> tuple[Evidence, ...]:
    """Every occurrence of every form of every variant group, as evidence."""
    return tuple(
        Evidence(
            o.article_id,
            o.para_id,
            o.start,
            o.end,
            o.text,
            EvidenceKind.NAMING_VARIANT,
            f"naming:{v.group}",
            round(v.similarity, 4),
        )
        for v in variants
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
                }
            )
    return tuple(rows)
