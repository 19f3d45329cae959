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

from audit.align.terms import SPELLING_ALIASES
from audit.compare.absence import pair_scores
from audit.config import FramingConfig
from audit.framing.evidence import Evidence, EvidenceKind
from audit.model import Article, Paragraph
from audit.text.normalize import Token, fold, tokens
from audit.text.similarity import score_matrix
from audit.text.spans import last_char_before, word_after, word_before

NAMING_COLUMNS = ("group", "form", "source", "count", "article_ids", "spans", "rule")

# Endings that make a different word of the same stem rather than another spelling of it.
_DERIVATIONAL = frozenset(
    """s es n an ian ans ians ns ese ish ic ics al ed d ing er ers ern ist ists ism ity e ly ional
    ionals ion ions""".split()
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
    rule: str = ""  # why the forms name one thing: the spelling rule, or "similar_claims"


def name_occurrences(
    paragraphs: Sequence[Paragraph],
    words: Mapping[str, Sequence[Token]] | None = None,
    *,
    min_length: int = 0,
) -> tuple[Occurrence, ...]:
    """Every word of the content paragraphs with a letter and at least `min_length` characters,
    possessive endings cut off ("Kyiv's" -> "Kyiv"); `words` (para_id -> `tokens(p.text,
    p.start)`) saves tokenising them again."""
    found = []
    for p in (p for p in paragraphs if p.is_content):
        for t in (words or {}).get(p.para_id) or tokens(p.text, p.start):
            text = t.text
            if len(text) < min_length:  # cutting an ending only shortens it
                continue
            if text.endswith(_POSSESSIVE):
                for ending in _POSSESSIVE:
                    if text.endswith(ending) and len(text) > len(ending):
                        text = text[: -len(ending)]
                        break
            if len(text) >= min_length and any(c.isalpha() for c in text):
                found.append(
                    Occurrence(p.article_id, p.para_id, t.start, t.start + len(text), text)
                )
    return tuple(found)


def find_naming_variants(
    articles: Sequence[Article],
    paragraphs: Sequence[Paragraph],
    config: FramingConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> tuple[NamingVariant, ...]:
    """Variant groups across the articles' content paragraphs, in order of their label."""
    source_of = {a.article_id: a.source for a in articles}
    by_form: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in name_occurrences(paragraphs, words, min_length=config.naming_min_length):
        by_form[occurrence.text].append(occurrence)
    sources = {
        f: frozenset(source_of.get(o.article_id, "") for o in occ) for f, occ in by_form.items()
    }
    lowercase = {f for f in by_form if not f[:1].isupper()}
    para = {p.para_id: p for p in paragraphs}  # once: not a dict of the story per form
    forms = sorted(
        f
        for f in by_form
        if f.lower() not in lowercase or _written_mid_sentence(f, by_form[f], para)
    )
    pairs = [
        (a, b, s, rule)
        for a, b, s, rule in _similar_pairs(forms, config)
        if _sources_split(sources[a], sources[b])
        and not (rule == "case" and _shouted(a, b, by_form, para))
    ]
    return _groups(_with_evidence(pairs, by_form, paragraphs, source_of, config), by_form)


def _shouted(
    a: str, b: str, by_form: Mapping[str, Sequence[Occurrence]], para: Mapping[str, Paragraph]
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
    form: str, occurrences: Sequence[Occurrence], para: Mapping[str, Paragraph]
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


Pair = tuple[str, str, float, str]  # two forms, their similarity, the rule that explains them


def _similar_pairs(forms: Sequence[str], config: FramingConfig) -> list[Pair]:
    keys = [fold(f).replace("-", "") for f in forms]
    # Only pairs above the lower of the two thresholds can be variants: select them by matrix
    # operations, a block of rows at a time (a news day has ~20,000 forms: a full matrix would
    # take 1.6 GB), instead of testing every pair of forms in Python.
    # Every variant pair has keys with the same first letter (equal keys, or `_spelling_variant`
    # asks for it), so each first letter's forms are compared only with each other.
    floor = min(config.naming_min_similarity, config.naming_lowercase_min_similarity)
    by_letter: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        by_letter[key[:1]].append(i)
    found = []
    for members in by_letter.values():
        group = [keys[i] for i in members]
        for top in range(0, len(group), _BLOCK_ROWS):
            # pairs (i, j > i) only: the rows' block against the forms from the block's first
            block = score_matrix(group[top : top + _BLOCK_ROWS], group[top:], cutoff=floor)
            rows, cols = np.nonzero(block >= floor)
            for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
                i, j = members[top + row], members[top + col]
                if j > i:
                    found.append((i, j, float(block[row, col])))
    found.sort()  # the order of a scan of the whole matrix, row by row
    pairs = [_variant_pair(forms, keys, i, j, similarity, config) for i, j, similarity in found]
    return [pair for pair in pairs if pair is not None]


# Rows of a letter's similarity matrix computed at once: 512 x 20,000 float32 is 40 MB.
_BLOCK_ROWS = 512


def _variant_pair(
    forms: Sequence[str],
    keys: Sequence[str],
    i: int,
    j: int,
    similarity: float,
    config: FramingConfig,
) -> Pair | None:
    """Forms i and j as a variant pair with their similarity and the spelling rule that
    explains them ("" when none does: a name pair then needs evidence from the claims it is
    used in, `_with_evidence`), or None if they are not one."""
    a, b = forms[i], forms[j]
    if keys[i] == keys[j]:
        if _case_shape(a) == _case_shape(b):
            return None  # typographic quotes folded (don't/don’t), a sentence start's capital
        if a.count("-") != b.count("-"):
            return (a, b, 1.0, "hyphen")
        if not (a[:1].isupper() and b[:1].isupper()):
            return None  # private/PRIVATE, non-Hispanic/Non-Hispanic: emphasis, not naming
        return (a, b, 1.0, "case")
    if _compound(a, b) or _compound(b, a):
        return None  # "Jong"/"Jong-un", "World"/"World-big": a word and a compound of it
    if fold(a) in _CALENDAR or fold(b) in _CALENDAR:
        return None  # Tuesday/Thursday, June/July: different days, however alike
    if not _spelling_variant(a, b, keys[i], keys[j], similarity, config):
        return None
    rule = spelling_rule(keys[i], keys[j])
    if not a[:1].isupper() and (
        not rule or (rule == "double_letter" and not _unstressed_double(keys[i], keys[j]))
    ):
        return None  # common words need a spelling rule: last/least, were/where are two words
    return (a, b, similarity, rule)


def _case_shape(form: str) -> str:
    """The form with its first letter lowercased: "Nato" and "NATO" differ, "Kyiv" and "kyiv" do
    not (a sentence start capitalises any word)."""
    return (form[:1].lower() + form[1:]).translate(_TYPOGRAPHIC)


_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _spelling_variant(
    a: str, b: str, key_a: str, key_b: str, similarity: float, config: FramingConfig
) -> bool:
    is_name = a[:1].isupper() and b[:1].isupper()
    if a[:1].isupper() != b[:1].isupper():
        return False
    threshold = config.naming_min_similarity if is_name else config.naming_lowercase_min_similarity
    return similarity >= threshold and key_a[0] == key_b[0] and not _derivation(key_a, key_b)


_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
_DOUBLE = re.compile(r"(.)\1+")
# Spelling rules: two keys are one word or name written two ways when one rule maps both to the
# same string. US/UK spellings (defence/defense, honour/honor, centre/center, organise/organize,
# adviser/advisor, catalogue/catalog), doubled letters (signalled/signaled, Zelenskyy/
# Zelensky) and the place names fuzzy matching cannot explain (`SPELLING_ALIASES`: Kiev/Kyiv).
_SPELLING_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("double_letter", _DOUBLE, r"\1"),
    ("ce_se", re.compile(r"ce(?=s?$|d$)"), "se"),
    ("our_or", re.compile(r"our"), "or"),
    ("re_er", re.compile(r"re(?=s?$|d$)"), "er"),
    ("ise_ize", re.compile(r"is(?=e|ation|ing)"), "iz"),
    ("er_or", re.compile(r"or(?=s?$)"), "er"),
    ("ogue_og", re.compile(r"ogue$"), "og"),
)


_DOUBLED = re.compile(r"([lps])\1")
_VOWELS = re.compile(r"[aeiouy]+")


def _unstressed_double(key_a: str, key_b: str) -> bool:
    """A doubled l, p or s after a stem of two syllables or more: the US/UK doubling
    (signaled/signalled, kidnaped/kidnapped, focused/focussed), not two words (filed/filled,
    later/latter)."""
    longer = key_a if len(key_a) > len(key_b) else key_b
    match = _DOUBLED.search(longer)
    return bool(match) and len(_VOWELS.findall(longer[: match.start()])) >= 2


def spelling_rule(key_a: str, key_b: str) -> str:
    """The name of the spelling rule that maps both keys to one string, or "" if none does."""
    if SPELLING_ALIASES.get(key_a, key_a) == SPELLING_ALIASES.get(key_b, key_b):
        return "alias"
    for name, pattern, replacement in _SPELLING_RULES:
        if pattern.sub(replacement, key_a) == pattern.sub(replacement, key_b):
            return name
    return ""


def _with_evidence(
    pairs: Sequence[Pair],
    by_form: Mapping[str, Sequence[Occurrence]],
    paragraphs: Sequence[Paragraph],
    source_of: Mapping[str, str],
    config: FramingConfig,
) -> list[Pair]:
    """Pairs a spelling rule explains, and name pairs without one whose forms are used in
    similar claims: some paragraph with one form and some paragraph of another source with the
    other score at least `naming_claim_threshold` (the alignment's same-claim score). Iran/Iron
    or Florida/Friday are alike in letters, not in what is said around them."""
    unexplained = [p for p in pairs if not p[3]]
    if not unexplained:
        return list(pairs)
    text = {p.para_id: p.text for p in paragraphs}
    involved = sorted({o.para_id for a, b, _, _ in unexplained for f in (a, b)
                       for o in by_form[f][: _MAX_CONTEXTS]})  # fmt: skip
    row = {para_id: i for i, para_id in enumerate(involved)}
    article = {o.para_id: o.article_id for occ in by_form.values() for o in occ}
    asked = [
        [
            (row[x.para_id], row[y.para_id])
            for x in by_form[a][:_MAX_CONTEXTS]
            for y in by_form[b][:_MAX_CONTEXTS]
            if source_of.get(article[x.para_id]) != source_of.get(article[y.para_id])
        ]
        for a, b, _, _ in unexplained
    ]
    scores = pair_scores([text[p] for p in involved], [pair for pairs in asked for pair in pairs])
    kept = [p for p in pairs if p[3]]
    for (a, b, similarity, _), wanted in zip(unexplained, asked, strict=True):
        best = max((scores[pair] for pair in wanted), default=0.0)
        if best >= config.naming_claim_threshold:
            kept.append((a, b, similarity, "similar_claims"))
    return kept


# Paragraphs per form looked at for evidence: enough on a story, bounded on a news day.
_MAX_CONTEXTS = 10


def _compound(a: str, b: str) -> bool:
    return fold(b).startswith(fold(a) + "-")


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
    pairs: Sequence[Pair], by_form: Mapping[str, Sequence[Occurrence]]
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
            (o for f in ordered for o in by_form[f]), key=lambda o: (o.article_id, o.start)
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
