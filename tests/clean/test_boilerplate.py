"""The one-liner rules skip a rule when the line holds none of its literal pieces: the verdicts
must be those of running every rule on every line."""

from __future__ import annotations

import re
import sys
from string import ascii_lowercase

from hypothesis import given
from hypothesis import strategies as st

from audit.clean import boilerplate as b
from audit.clean.boilerplate import boilerplate_reason
from audit.config import CleanConfig
from audit.text.normalize import word_count

CONFIG = CleanConfig()


def _reference_reason(text: str, config: CleanConfig = CONFIG) -> str | None:
    """`boilerplate_reason` as first written: every rule run on the stripped line, in order."""
    words = word_count(text)
    hashtags = b._HASHTAG.findall(text)
    if len(hashtags) >= config.hashtag_line_min and len(hashtags) >= (
        config.hashtag_line_share * words
    ):
        return "hashtag line"
    if words == 0:
        return "separator line (no words)"
    if words > config.one_liner_max_words:
        return None
    stripped = text.strip()
    for rule, test, _ in b._ONE_LINER_RULES:
        if test(stripped):
            return rule
    return None


def _reference_ui_label(text: str) -> bool:
    words = text.casefold().replace("|", " ").split()
    if b._IDENTIFIER.search(text) and len(words) <= 4:
        return True
    return 0 < len(words) <= 4 and all(w.strip(".:|-") in b._UI_WORDS for w in words)


_PIECES = [
    *b._SCRIPT_PIECES, *b._PHOTO_PIECES, *b._BRACKETED_CREDIT, *b._PROMPT_STARTS,
    *b._PROMPT_PIECES, "Department", "(EPA)", "(Reuters)", "var x=1", "= ", "Var", "LOGIN",
    "... Share on", "-- subscribe", "\u201cSign up", "\u00a9 2018",
    *"aAbBzZ  .,:;!?()|/-_#@\u00a9\u2019\n\t\u0130\u0131\u017f\u212a0123",
    "Photo by", "PHOTO", "Getty Images", "(AP Photo/Evan Vucci)", "REUTERS/", "AFP via",
    "Copyright 2018", "(c) 2019", "(C)2019", "ALL RIGHTS RESERVED", "All Rights Reserved",
    "Sign up", "SIGN IN", "Log in", "login", "Share this", "share on", "Subscribe", "Cookie Policy",
    "We use cookies", "our daily newsletter", "Get our free newsletter", "Thank you for signing up",
    "window.", "document.", "function (", "var x =", ");", "_taboola", "Function(", "VAR x =",
    "newsletter", "NEWSLETTERS", "\u017fubscribe", "\u0130mage credit", "photo credit:", "share",
    "email", "more_vert", "Facebook", "Twitter", "Print", "Image", "EPA", "afp",
    "Trump met Putin", "the talks", "Reporting by", "editing by", "Updated", "2 hours ago",
]  # fmt: skip
_LINES = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


@given(_LINES | st.text(max_size=120))
def test_the_rules_give_the_verdicts_of_every_rule_run(line: str) -> None:
    assert boilerplate_reason(line, CONFIG) == _reference_reason(line)
    assert b._is_ui_label(line) == _reference_ui_label(line)


def test_the_odd_case_letters_are_all_that_match_an_ascii_letter_unlowered() -> None:
    """A letter that a case-insensitive pattern takes for an ASCII letter lower-cases to it,
    except those `_ODD_CASES` sends to every rule; only cased characters have such matches."""
    cased = [chr(c) for c in range(128, sys.maxunicode + 1) if chr(c).lower() != chr(c).upper()]
    for letter in ascii_lowercase:
        pattern = re.compile(letter, re.IGNORECASE)
        for char in cased:
            if pattern.fullmatch(char) and char.lower() != letter:
                assert b._ODD_CASES.search(char), (letter, hex(ord(char)))
