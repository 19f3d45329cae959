"""Checkable facts in a story's paragraphs, and which sources report each one.

Three kinds, found with rules (no model):
- numbers with what they count ("30,000 peacekeepers", "40%", "26 nations", "tens of thousands
  of troops"): the number and the noun that ends the words after it;
- names of people, organisations and places: runs of capitalised words, cut at titles
  ("French President Emmanuel Macron" gives "French" and "Emmanuel Macron"); a person named in
  full and later by surname is one fact ("Emmanuel Macron" / "Macron"), and spelling variants
  ("Zelensky" / "Zelenskyy") are joined with rapidfuzz (`claims.spelling_variants`);
- quoted statements of three words or more, joined across sources when rapidfuzz finds one
  inside the other.

Every mention keeps its paragraph and offsets into the original article text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from audit.align.terms import SPELLING_ALIASES, STOPWORDS, spelling_variants, stem
from audit.config import AlignConfig
from audit.model import Paragraph
from audit.text.normalize import Token, fold, match_key, norm_word, tokens
from audit.text.similarity import score_matrix


class FactKind(StrEnum):
    NUMBER = "number"
    NAME = "name"
    QUOTE = "quote"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place a fact is stated: `article.text[start:end] == text`."""

    para_id: str
    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fact:
    """A number, name or quote, with every mention of it in the story's content paragraphs."""

    fact_id: str
    kind: FactKind
    label: str  # how it reads in the report: the fullest form seen
    key: str  # what mentions were matched on
    mentions: tuple[Mention, ...]

    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article_id for m in self.mentions))


_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|a|several)"
)
_MAGNITUDE = r"(?:dozen|hundred|thousand|million|billion)s?"
# A number: digits with separators and an optional % or magnitude word, or number words
# ("two dozen", "tens of thousands"). Years and day numbers are dates, left out below.
_NUMBER = re.compile(
    rf"(?<![\w.,])(?:\d[\d,]*(?:\.\d+)?(?:\s?%|\s(?:percent|{_MAGNITUDE}))?"
    rf"|(?:tens|hundreds|thousands|dozens) of (?:thousands|millions|billions)"
    rf"|{_NUMBER_WORD}\s{_MAGNITUDE}|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|"
    rf"twelve|twenty|thirty|forty|fifty|hundred))(?![\w])",
    re.IGNORECASE,
)
_COUNTED_WORD = re.compile(r"\s*(?:of\s+)?([^\W\d_][\w'\u2019-]*)")
_MONTH_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)
_MAX_COUNTED_WORDS = 4
_MONTH_WINDOW = 64
_YEAR = re.compile(r"(?:19|20)\d\d")

# Words that stand before names but are not part of them: titles and roles.
_TITLES = frozenset(
    """president prime minister chancellor secretary general vice chief adviser advisor
    spokesperson spokeswoman spokesman envoy director official officials leader leaders
    lieutenant commander ambassador senator governor king queen pope mr mrs ms dr
    president-elect""".split()
)
_DEMONYMS = frozenset(
    """american british english french german italian russian ukrainian polish danish dutch
    european western eastern northern southern baltic nordic chinese iranian israeli korean
    japanese finnish swedish norwegian spanish turkish indian canadian australian soviet
    african asian arab kremlin""".split()
) - {"kremlin"}
_DATES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec""".split()
)
_NOT_NAME_WORDS = _TITLES | STOPWORDS | _DATES
_SENTENCE_GAP = re.compile(r"[.!?:\u201c\"]")
_NAME_JOINERS = frozenset({"of", "on", "for", "the", "de", "van", "von"})
_QUOTE = re.compile(r"[\u201c\"]([^\u201c\u201d\"]{3,}?)[\u201d\"]")
_MIN_QUOTE_WORDS = 3

KeyOf = Callable[["Mention"], str]


def extract_facts(
    paragraphs: Sequence[Paragraph],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> tuple[Fact, ...]:
    """Every number, name and quote of the content paragraphs, grouped into facts; ids follow
    kind (numbers, names, quotes), then the first mention's place in the input. `words`: the
    content paragraphs' tokens (`textnorm.tokens` with their offsets) by para_id, if made."""
    content = [p for p in paragraphs if p.is_content]
    words = words if words is not None else {p.para_id: tokens(p.text, p.start) for p in content}
    name_keys = frozenset(
        key for p in content for key in _mid_sentence_capitals(p, words[p.para_id])
    )
    numbers = [m for p in content for m in number_mentions(p)]
    names = [m for p in content for m in name_mentions(p, name_keys, words[p.para_id])]
    quotes = [m for p in content for m in quote_mentions(p)]
    facts = [
        *_grouped(FactKind.NUMBER, numbers, _number_key),
        *_grouped(FactKind.NAME, names, _name_keys(names, config)),
        *_grouped(FactKind.QUOTE, quotes, _quote_keys(quotes, config)),
    ]
    return tuple(
        Fact(f"F{number:04d}", fact.kind, fact.label, fact.key, fact.mentions)
        for number, fact in enumerate(facts, start=1)
    )


def number_mentions(para: Paragraph) -> list[Mention]:
    """Numbers with the word they count: "30,000 European peacekeepers" is one mention whose
    key is "30000 peacekeeper"."""
    found = []
    for match in _NUMBER.finditer(para.text):
        number = match.group()
        # The month must end right before the number: a bounded look back, not the whole
        # paragraph (searching every prefix is quadratic in a long paragraph).
        before = para.text[max(0, match.start() - _MONTH_WINDOW) : match.start()]
        if _YEAR.fullmatch(number) or _MONTH_BEFORE.search(before):
            continue  # a year or a day of the month: a date, not a count
        end = _counted_end(para.text, match.end())
        if end == match.end() and "%" not in number and "percent" not in number.lower():
            continue  # a bare number ("one of them", "620") counts nothing we can name
        found.append(_mention(para, match.start(), end))
    return found


def _counted_end(text: str, position: int) -> int:
    """Where the counted noun ends: the last of up to four words after the number, stopping at
    a function word ("26 nations have" -> "nations")."""
    end = position
    for _ in range(_MAX_COUNTED_WORDS):
        match = _COUNTED_WORD.match(text, end)
        if not match or norm_word(match.group(1)) in STOPWORDS:
            break
        end = match.end()
    return end


def _number_key(mention: Mention) -> str:
    words = [t.norm for t in tokens(mention.text)]
    head = _number_value(mention.text)
    noun = stem(words[-1]) if words and not any(ch.isdigit() for ch in words[-1]) else ""
    if head.endswith("%"):
        return head
    return f"{head} {noun}".strip()


def _number_value(text: str) -> str:
    folded = fold(text)
    digits = re.match(r"\d[\d,]*(?:\.\d+)?", folded)
    if digits:
        value = digits.group().replace(",", "")
        return value + "%" if re.match(r"[\d,.]+\s?(?:%|percent)", folded) else value
    match = re.match(rf"(?:tens|hundreds|thousands|dozens) of \w+|\w+(?: {_MAGNITUDE})?", folded)
    return match.group() if match else folded


def _mid_sentence_capitals(para: Paragraph, words: Sequence[Token]) -> Iterator[str]:
    """Keys of capitalised words not at a sentence start: names, wherever else they appear."""
    for i, word in enumerate(words):
        if (
            word.text[:1].isupper()
            and word.norm not in _NOT_NAME_WORDS
            and not _initial(para, words, i)
        ):
            yield word.norm


def _initial(para: Paragraph, words: Sequence[Token], i: int) -> bool:
    return i == 0 or bool(_SENTENCE_GAP.search(_gap(para, words[i - 1], words[i])))


def name_mentions(
    para: Paragraph, name_keys: frozenset[str], words: Sequence[Token] | None = None
) -> list[Mention]:
    """Runs of capitalised words, cut at titles; demonyms ("French") on their own and
    sentence-initial words not known as names elsewhere are left out. `words` are the
    paragraph's tokens, when already computed."""
    words = tokens(para.text, para.start) if words is None else words
    found, run = [], []
    for i, word in enumerate(words):
        key = word.norm
        capital = word.text[:1].isupper()
        initial = _initial(para, words, i)
        joiner = (
            key in _NAME_JOINERS
            and run
            and i + 1 < len(words)
            and (words[i + 1].text[:1].isupper())
        )
        known = key in name_keys or key.replace(".", "") in name_keys
        is_name = capital and key not in _NOT_NAME_WORDS and (not initial or known)
        if run and not _only_space_between(para, run[-1], word):
            found.extend(_name_run(para, run))  # "U.K., France": a list, not one name
            run = []
        if is_name or (joiner and run):
            run.append(word)
            continue
        found.extend(_name_run(para, run))
        run = []
    found.extend(_name_run(para, run))
    return found


def _gap(para: Paragraph, left: Token, right: Token) -> str:
    return para.text[left.end - para.start : right.start - para.start]


def _only_space_between(para: Paragraph, left: Token, right: Token) -> bool:
    return not _gap(para, left, right).strip()


def _name_run(para: Paragraph, run: list[Token]) -> list[Mention]:
    while run and norm_word(run[-1].text) in _NAME_JOINERS:
        run = run[:-1]
    if not run:
        return []
    first = norm_word(run[0].text).split("-")[0]
    if len(run) == 1 and (first in _DEMONYMS or len(run[0].text) < 2):
        return []
    return [_mention(para, run[0].start - para.start, run[-1].end - para.start)]


def _name_keys(mentions: Sequence[Mention], config: AlignConfig) -> KeyOf:
    """Key function for names: words are first joined across spellings ("zelenskyy" ->
    "zelensky"); then a multi-word name whose last word is used alone elsewhere as a name
    ("Macron") is keyed by that word, so "Emmanuel Macron" and "Macron" are one fact; other
    names keep their whole folded text ("white house")."""
    raw = {m.text: _name_key(m.text) for m in mentions}
    variants = spelling_variants({w for key in raw.values() for w in key.split()}, config)

    def canonical(key: str) -> str:
        return " ".join(variants.get(word, word) for word in key.split())

    singles = {canonical(key) for key in raw.values() if " " not in key}

    def key_of(mention: Mention) -> str:
        key = canonical(raw[mention.text])
        last = key.rsplit(" ", 1)[-1]
        return last if last in singles else key

    return key_of


def _name_key(text: str) -> str:
    """Words folded, possessives and abbreviation dots dropped: "Trump's" -> "trump",
    "U.S." -> "us"."""
    words = (norm_word(t.text).replace(".", "") for t in tokens(text))
    return " ".join(SPELLING_ALIASES.get(word, word) for word in words)


def quote_mentions(para: Paragraph) -> list[Mention]:
    """Quoted passages of at least three words (the quote marks excluded from the span)."""
    return [
        _mention(para, match.start(1), match.start(1) + len(match.group(1).rstrip(" ,.;:")))
        for match in _QUOTE.finditer(para.text)
        if len(match.group(1).split()) >= _MIN_QUOTE_WORDS
    ]


def _quote_keys(mentions: Sequence[Mention], config: AlignConfig) -> KeyOf:
    """Key function for quotes: quotes that rapidfuzz finds inside one another (partial ratio
    at or above `quote_similarity`) share the key of the first of them."""
    keys = sorted({match_key(m.text) for m in mentions})
    canonical = {k: k for k in keys}
    if len(keys) > 1:
        scores = score_matrix(keys, keys, scorer="partial_ratio", cutoff=config.quote_similarity)
        similar = scores >= config.quote_similarity
        for i, j in zip(*np.nonzero(np.triu(similar, k=1)), strict=True):
            canonical[keys[int(j)]] = canonical[keys[int(i)]]
    return lambda mention: canonical[match_key(mention.text)]


def _mention(para: Paragraph, start: int, end: int) -> Mention:
    return Mention(
        para.para_id, para.article_id, para.start + start, para.start + end, para.text[start:end]
    )


def _grouped(kind: FactKind, mentions: Sequence[Mention], key_of: KeyOf) -> list[Fact]:
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(key_of(mention), []).append(mention)
    return [Fact("", kind, _label(group), key, tuple(group)) for key, group in groups.items()]


def _label(group: Sequence[Mention]) -> str:
    """The form written most often, the longest on a tie ("Emmanuel Macron" over "Macron")."""
    counts: dict[str, int] = {}
    for mention in group:
        counts[mention.text] = counts.get(mention.text, 0) + 1
    return max(counts, key=lambda text: (counts[text], len(text), text))


def fact_sources(fact: Fact, sources: Mapping[str, str]) -> tuple[str, ...]:
    """The sources that report `fact`, in order of first mention."""
    return tuple(dict.fromkeys(sources.get(m.article_id, m.article_id) for m in fact.mentions))
