"""Word lists several stages share, written once: calendar words and number words (folded, as
`normalize.Token.norm` has them). A stage that needs a list with a difference takes these and
states the difference where it uses them (`MONTH_WORDS - {"may"}` ...), with the reason. (Not
yet drawn from here: the not-a-name lists of `wording.actors` and `framing.speakers`, which
hold some calendar words among their other words.)"""

from __future__ import annotations

from types import MappingProxyType

WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = frozenset(
    """january february march april may june july august september october november
    december""".split()
)
# "may" and "mar" are written out; "sept" is AP style for September.
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
MONTH_WORDS = MONTHS | MONTH_ABBREVIATIONS
# Weekdays and month names: words that open sentences ("On Tuesday, ...") and are capitalised
# without naming anyone.
CALENDAR = WEEKDAYS | MONTHS

# Spelled-out numbers and their values; the plural scales count as their singular ("hundreds"
# of something is at least 100).
NUMBER_VALUES = MappingProxyType({
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1_000_000,
    "billion": 1_000_000_000, "dozen": 12, "hundreds": 100, "thousands": 1000,
    "millions": 1_000_000, "dozens": 12, "tens": 10,
})  # fmt: skip
NUMBER_WORDS = frozenset(NUMBER_VALUES)
# One to ten spelled out: mostly idiom ("the two sides", "one of them") rather than a count.
SMALL_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())
