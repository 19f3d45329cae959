"""Numbers as values with what they count: "30,000", "30 000" and "thirty thousand" are one
value; "12,000 homes" and "12,000 households" one fact (counted nouns joined by the `counted`
table of `aliases.toml`); "up to", "more than", "about" are kept in the mention's span (the form a
source used) but not in the key, so "up to 30,000 peacekeepers" and "30,000 peacekeepers" are
one fact. A number inside a word ("19" of "COVID-19") is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from audit.align.terms import STOPWORDS, stem
from audit.compare.entities import COUNTED_CLASSES
from audit.config import AlignConfig
from audit.text.normalize import fold, norm_word

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a": 1, "half": 0.5, "half-a": 0.5,
}  # fmt: skip
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000,
           "billion": 1_000_000_000, "trillion": 1_000_000_000_000}  # fmt: skip
_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|" \
        r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|" \
        r"seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"  # fmt: skip
_SCALE = r"(?:dozen|hundred|thousand|million|billion|trillion)"
_DIGITS = r"\d{1,3}(?:(?:,|[ \u00a0\u202f\u2009])\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = re.compile(
    rf"(?<![\w.,])(?<![^\W\d_]-)"  # not inside a word or a number ("COVID-19", "1,2")
    rf"(?P<money>[$\u20ac\u00a3])?"
    rf"(?:(?P<digits>{_DIGITS})(?:\s?(?P<pct>%|percent\b|per cent\b))?"
    rf"(?:[\s-](?P<dscale>{_SCALE})s?\b)?"
    rf"|(?P<approx>(?:tens|hundreds|dozens) of (?:thousands|millions|billions)"
    rf"|(?:thousands|millions|billions))\b"
    rf"|(?P<words>(?:a|half|half-a|{_UNIT})(?:[\s-](?:{_UNIT}|{_SCALE}|and))*[\s-]{_SCALE}s?"
    rf"|{_UNIT})\b)",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?:up to|more than|over|about|nearly|almost|at least|some|roughly|around|approximately|"
    r"fewer than|less than|as many as|at most|an estimated|just over|just under|close to)\s+$",
    re.IGNORECASE,
)
_COUNTED_WORD = re.compile(r"[\s-]*(?:of\s+)?([^\W\d_][\w'\u2019.-]*)")
_MONTH_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# Months and qualifiers end right before the number: a bounded look back (searching the whole
# text before every number is quadratic in a long paragraph). The longest qualifier is 14
# characters; 64 leaves room for runs of spaces and a month with its dot.
_LOOK_BACK = 64
# Small counts of these say nothing checkable ("two sides", "three times"): no fact.
_GENERIC = frozenset(
    form
    for word in """side time way thing other one part point step issue question reason occasion
    kind sort type lot bit""".split()
    for form in (word, stem(word), stem(word + "s"))
)


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number found in a paragraph: `start`/`end` into the paragraph text (qualifier and
    counted words included), and its key."""

    start: int
    end: int
    key: str


def number_spans(text: str, config: AlignConfig) -> list[NumberSpan]:
    """Every number with what it counts in `text` (at most `config.number_counted_words` words
    after it); dates, bare small numbers and small generic counts are left out."""
    found = []
    for match in _NUMBER.finditer(text):
        value, distinctive = _value(match)
        if value is None:
            continue
        digits = match.group("digits")
        if digits and _YEAR.fullmatch(digits) and not match.group("money"):
            continue  # a year
        back = max(0, match.start() - _LOOK_BACK)
        before = text[back : match.start()]
        if _MONTH_BEFORE.search(before):
            continue  # a day of the month
        end, noun = _counted(text, match.end(), config.number_counted_words)
        counted = text[match.end() : end].split()
        if counted and all(w[:1].isupper() and w[1:2].islower() for w in counted):
            continue  # "10 Downing Street", "7 World Trade Center": a name, not a count
        pct = bool(match.group("pct"))
        if not noun and not (pct or match.group("money") or distinctive or value >= 1000):
            continue  # a bare small number ("one of them") counts nothing we can name
        if noun in _GENERIC and value <= 12:
            continue
        if match.group().lower() == "one":
            continue  # "one possible downside", "one currently gaining": a determiner, no count
        qualifier = _QUALIFIER.search(before)
        start = back + qualifier.start() if qualifier else match.start()
        found.append(NumberSpan(start, end, _key(match, value, noun, distinctive)))
    return found


def _value(match: re.Match[str]) -> tuple[float | None, bool]:
    """The number's value, and whether it is specific enough to be one fact whatever it counts
    (money, a decimal, a percentage, or three significant digits: 28,500; 5.1%; $150 billion)."""
    if match.group("digits"):
        raw = re.sub(r"[,\s\u00a0\u202f\u2009]", "", match.group("digits"))
        value = float(raw)
        scale = match.group("dscale")
        if scale:
            value *= _SCALES[scale.lower()]
        significant = raw.replace(".", "").strip("0")
        distinctive = (
            bool(match.group("money") or match.group("pct") or "." in raw) or len(significant) >= 3
        )
        return value, distinctive
    if match.group("approx"):
        return -1.0, False  # "tens of thousands": a size, keyed by its words
    words = re.split(r"[\s-]+", match.group("words").lower())
    total, current = 0.0, 0.0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            current = (current or 1.0) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
    total += current
    return (total if total else None), bool(match.group("money"))


def _counted(text: str, position: int, most: int) -> tuple[int, str]:
    """Where the counted words end and the class of their head noun ("households" ->
    "household"): up to `most` words, stopping at a function word or after the first plural
    ("12,000 households lost power" -> "households"; "500 U.S. service members")."""
    end, last = position, ""
    for _ in range(most):
        match = _COUNTED_WORD.match(text, end)
        if not match:
            break
        raw = match.group(1)
        word = norm_word(raw).replace(".", "")
        if word in STOPWORDS or word in _SCALES:
            break
        end, last = match.end(), word
        if raw.endswith(".") and raw.count(".") == 1:
            end -= 1  # a sentence's full stop, not an abbreviation's ("U.S.")
            break
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and raw[0].islower():
            break  # the plural head noun
    if not last:
        return end, ""
    singular = last[:-1] if last.endswith("s") and not last.endswith("ss") else last
    for form in (last, singular, stem(last)):
        if form in COUNTED_CLASSES:
            return end, COUNTED_CLASSES[form]
    return end, stem(last)


def _key(match: re.Match[str], value: float, noun: str, distinctive: bool) -> str:
    money = match.group("money") or ""
    if value < 0:
        number = " ".join(fold(match.group("approx")).split())
    else:
        number = f"{value:.6g}" if value != int(value) else str(int(value))
    if match.group("pct"):
        return f"{number}%"
    if distinctive or not noun:
        return f"{money}{number}"
    return f"{money}{number} {noun}"
