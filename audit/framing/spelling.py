"""Which written forms of a story may be one word or name spelt two ways (`naming` then asks
whether the sources split over them): pairs of forms close by rapidfuzz ratio that start with
the same letter and are not one word with a derivational ending, with the spelling rule that
explains them (US/UK spellings, doubled letters, known place-name aliases, case, hyphens).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from audit.align.terms import SPELLING_ALIASES
from audit.config import FramingConfig
from audit.text.normalize import fold, fold_chars
from audit.text.similarity import score_matrix
from audit.text.wordlists import CALENDAR

# Endings that make a different word of the same stem rather than another spelling of it.
_DERIVATIONAL = frozenset(
    """s es n an ian ans ians ns ese ish ic ics al ed d ing er ers ern ist ists ism ity e ly ional
    ionals ion ions""".split()
)

Pair = tuple[str, str, float, str]  # two forms, their similarity, the rule that explains them


def similar_pairs(forms: Sequence[str], config: FramingConfig) -> list[Pair]:
    """Pairs (a, b) of `forms` (a before b in `forms`) that may be spellings of one name, with
    their similarity and the spelling rule that explains them ("" when none does: a name pair
    then needs evidence from the claims it is used in), in the order of `forms`."""
    folded = [fold(f) for f in forms]
    keys = [f.replace("-", "") for f in folded]
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
        step = config.naming_block_rows or len(group)  # 0: the whole matrix at once
        for top in range(0, len(group), step):
            # pairs (i, j > i) only: the rows' block against the forms from the block's first
            block = score_matrix(group[top : top + step], group[top:], cutoff=floor)
            rows, cols = np.nonzero(block >= floor)
            for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
                i, j = members[top + row], members[top + col]
                if j > i:
                    found.append((i, j, float(block[row, col])))
    found.sort()  # the order of a scan of the whole matrix, row by row
    pairs = [
        _variant_pair(forms, folded, keys, i, j, similarity, config) for i, j, similarity in found
    ]
    return [pair for pair in pairs if pair is not None]


def _variant_pair(
    forms: Sequence[str],
    folded: Sequence[str],
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
    # Each test below only rules a pair out: the cheap one first (most pairs fail it).
    if not _spelling_variant(a, b, keys[i], keys[j], similarity, config):
        return None
    if _compound(folded[i], folded[j]) or _compound(folded[j], folded[i]):
        return None  # "Jong"/"Jong-un", "World"/"World-big": a word and a compound of it
    if folded[i] in CALENDAR or folded[j] in CALENDAR:
        return None  # Tuesday/Thursday, June/July: different days, however alike
    rule = spelling_rule(keys[i], keys[j])
    if not a[:1].isupper() and (
        not rule or (rule == "double_letter" and not _unstressed_double(keys[i], keys[j]))
    ):
        return None  # common words need a spelling rule: last/least, were/where are two words
    return (a, b, similarity, rule)


def _case_shape(form: str) -> str:
    """The form with its first letter lowercased: "Nato" and "NATO" differ, "Kyiv" and "kyiv" do
    not (a sentence start capitalises any word); typographic quotes and dashes are one
    character, not a second spelling ("cease\u2011fire" is "cease-fire")."""
    return fold_chars(form[:1].lower() + form[1:])


def _spelling_variant(
    a: str, b: str, key_a: str, key_b: str, similarity: float, config: FramingConfig
) -> bool:
    is_name = a[:1].isupper() and b[:1].isupper()
    if a[:1].isupper() != b[:1].isupper():
        return False
    threshold = config.naming_min_similarity if is_name else config.naming_lowercase_min_similarity
    return similarity >= threshold and key_a[0] == key_b[0] and not _derivation(key_a, key_b)


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


def _compound(folded_a: str, folded_b: str) -> bool:
    return folded_b.startswith(folded_a + "-")


def _derivation(a: str, b: str) -> bool:
    """True when the two keys share a stem and differ only by derivational endings."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    tail_a, tail_b = a[common:], b[common:]
    return common >= 3 and {tail_a, tail_b} <= _DERIVATIONAL | {""}
