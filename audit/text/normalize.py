"""Normalised views of text for matching, always with offsets back into the original.

The original text is never changed: these functions derive tokens and keys from it, and every
token keeps the `start`/`end` of the characters it came from.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

# Typographic variants that outlets and scrapers swap freely; matching should not see them.
_CHAR_FOLDS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)

# A word: letters/digits, joined across inner apostrophes, hyphens, dots and commas so that
# "Ukraine's", "cease-fire", "U.S" and "30,000" stay one token each.
_WORD = re.compile(r"[^\W_]+(?:['\u2019.,\-\u2010\u2011][^\W_]+)*")
_NOT_WORD = re.compile(r"[^\w\s]+")


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the original text: `norm` is its matching key, `start`/`end` its place."""

    text: str
    norm: str
    start: int
    end: int


# The same folds as pairs: `fold_chars` replaces the ones a text holds, which is what
# `str.translate` does (every replacement is ASCII, never a folded character itself) without
# its dictionary lookup per character (40 us for an 80-word lead with one curly quote).
_FOLD_PAIRS = tuple((chr(code), replacement) for code, replacement in _CHAR_FOLDS.items())


def fold_chars(text: str) -> str:
    """`text.translate(_CHAR_FOLDS)`: typographic quotes, dashes and spaces made plain."""
    if text.isascii():  # every folded character is outside ASCII
        return text
    for char, replacement in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, replacement)
    return text


def fold(text: str) -> str:
    """Unicode-compatible, quote- and dash-folded, case-folded text (same length not guaranteed)."""
    return fold_chars(unicodedata.normalize("NFKC", text)).casefold()


def norm_word(word: str) -> str:
    """The matching key of one word: folded, possessive "'s" dropped, inner punctuation kept."""
    key = fold(word)
    if key.endswith("'s"):
        key = key[:-2]
    return key


def reference_tokens(text: str, offset: int = 0) -> tuple[Token, ...]:
    """`tokens` the simple way, word by word: the reference the fast path is tested against."""
    return tuple(
        Token(m.group(), norm_word(m.group()), m.start() + offset, m.end() + offset)
        for m in _WORD.finditer(text)
    )


def word_count(text: str, at_most: int | None = None) -> int:
    """The words of `text`; with `at_most`, counted only up to that many (a cheap "more than
    n words?" for a long text)."""
    if at_most is None:
        return len(_WORD.findall(text))  # the pattern has no groups: one item per word
    return sum(1 for _ in itertools.islice(_WORD.finditer(text), at_most))


def word_starts(text: str, offset: int = 0) -> list[int]:
    """Where each word of `text` starts, shifted by `offset`: the `start` of each of its
    `tokens`, without making them (a 5 MB paragraph's 800k tokens take ~3.7 s CPU)."""
    return [match.start() + offset for match in _WORD.finditer(text)]


def match_key(text: str) -> str:
    """A key under which re-scraped copies of a passage are equal: folded, no punctuation,
    single spaces. Used for exact-duplicate hashing."""
    # single spaces by split and join: `str.split` breaks at exactly the characters `\s`
    # matches (tested over every code point), three times faster than a regex substitution
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def tokens(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The words of `text`, with offsets shifted by `offset` (the text's place in its article).

    Most text folds character for character (already NFKC, no length-changing case fold), so
    it is folded once as a whole instead of word by word (several times faster); other text
    is folded word by word, as `reference_tokens` does, which this equals exactly (tested),
    except that an ASCII word is only lowercased (all that folding does to it): one curly
    character in a 5 MB paragraph does not send its million words through Unicode folding."""
    folded = fold_chars(text).casefold()
    if len(folded) != len(text) or not unicodedata.is_normalized("NFKC", text):
        return _word_by_word(text, offset)
    found = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        key = folded[start:end]
        if key.endswith("'s"):
            key = key[:-2]
        found.append(Token(match.group(), key, start + offset, end + offset))
    return tuple(found)


def token_keys(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The `norm` of each of `tokens(text)` and its (start, end), without making the tokens:
    for callers that only compare keys and map them back to offsets (dedup's evidence spans),
    where building a Token per word was most of the time."""
    folded = fold_chars(text).casefold()
    if len(folded) != len(text) or not unicodedata.is_normalized("NFKC", text):
        found = _word_by_word(text, 0)
        return [t.norm for t in found], [(t.start, t.end) for t in found]
    spans = [match.span() for match in _WORD.finditer(text)]
    keys = [folded[start:end] for start, end in spans]
    return [k[:-2] if k.endswith("'s") else k for k in keys], spans


def _word_by_word(text: str, offset: int) -> tuple[Token, ...]:
    """`reference_tokens`, with ASCII words folded by `str.lower` (NFKC, the quote and dash
    folds and casefolding leave ASCII letters, digits and punctuation as lowercase does)."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        key = word.lower() if word.isascii() else fold(word)
        if key.endswith("'s"):
            key = key[:-2]
        found.append(Token(word, key, match.start() + offset, match.end() + offset))
    return tuple(found)
