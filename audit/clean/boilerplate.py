"""Flag scraped boilerplate and repeated paragraphs, never deleting them.

Each flag names the rule that fired (`reason`); repeats point at the first copy (`duplicate_of`).
Flagged paragraphs stay in the output and in the reports; later stages analyse only `content`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from audit.config import CleanConfig
from audit.model import Paragraph, ParaKind
from audit.text.normalize import word_count

# A line that opens a block of links to other stories; the short lines under it are part of it.
_RELATED_MARKER = re.compile(
    r"^\W*(you (may|might) (also )?like|related (articles?|stories|content|coverage|news)?"
    r"|read (more|next|also)|more (from|stories|on this)|recommended( for you| stories)?"
    r"|most (read|popular|viewed)|trending( now)?|don'?t miss|also read|see also"
    r"|top stories|latest news)\W*$",
    re.IGNORECASE,
)
# Prompts address the reader: they open with the action ("Sign up for...", "Share this") or
# speak of the site's own newsletter or cookies. A news sentence about countries that "sign up
# to a ceasefire" or "subscribe to the plan" does neither.
_PROMPT = re.compile(
    r"^\W*(subscribe|sign (me )?up|sign in|log ?in|register now|share (this|on|via|story)"
    r"|follow us|click here|tap here|download (our|the) app|accept (all )?cookies"
    r"|create an account|support our journalism|enable javascript|turn off your ad ?blocker"
    r"|advertisement|sponsored( content)?|get (our|the) [\w ]{0,30}newsletter)\b"
    r"|\b(our (daily |weekly |free |morning |evening )?newsletters?|we use cookies"
    r"|cookie (policy|settings)|thank you for signing up)\b",
    re.IGNORECASE,
)
_NOT_A_NAME = (
    r"(?!(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|may|june|july|august|september|october|november|december|then|now|early|late"
    r"|the (time|end|way)|far|contrast|comparison)\b)"
)
# A byline is "By" and capitalised name words (with particles and "and"), nothing after them:
# "By Tuesday the talks had collapsed." or "By 2030 the force could..." are sentences.
# Name words are possessive (`*+`): a word is never re-split into shorter capitalised words,
# which took minutes of backtracking on "By JONATHAN LEMIRE, JILL COLVIN and VLADIMIR glamorous
# Jewish Press" (an edited byline of the group bench feed).
_BYLINE = re.compile(
    rf"^(?i:by|written by|story by|words by)\s+{_NOT_A_NAME}[A-Z][\w.'\u2019-]*+"
    r"(\s*(,|and|&|\||de|van|von|der|la|le|da|di|bin|al|[A-Z][\w.'\u2019-]*+))*\s*$"
    r"|^\(?(?i:reporting by)\b.*(?i:editing by)\b.*\)?$"
    r"|^\(?(?i:reporting by)\s+[A-Z][^.!?]*\)?$",
)
_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?"
    r"|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?"
)
_DATELINE = re.compile(
    rf"^((published|updated|posted|last updated)\s*:?\s*)?"
    rf"((mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    rf"({_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"((?:\s|,|\||\bat\b)+\d{{1,2}}[:.]\d{{2}}\s*([ap]\.?m\.?)?(\s*[A-Z]{{2,4}})?)?\s*$",
    re.IGNORECASE,
)
# A credit names the picture's maker and ends without a sentence stop (or sits in brackets):
# "Photo by Jane Doe/Getty Images", "(AP Photo/Evan Vucci)"; "Photos by the drone showed the
# convoy." is reporting.
_PHOTO_CREDIT = re.compile(
    r"^\(.*\b(photo|getty images|reuters|afp|epa)\b.*\)$"
    r"|^(?!.*[.!?]$).*\b(photo(graph)?s?\s*(by|credit|:)|image (credit|caption|copyright|source)"
    r"|getty images|ap photo|reuters/|afp via|shutterstock|file photo)\b",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(
    r"^((updated|published|posted)\s*:?\s*)?(\d+\s+(seconds?|minutes?|mins?|hours?|hrs?|days?"
    r"|weeks?)\s+ago|today|yesterday|just now|updated)\W*$",
    re.IGNORECASE,
)
_AGENCY_CREDIT = re.compile(
    r"^(\(?(photo|image|video)?\s*credits?\s*:)"
    r"|^\(?[^.,;:]{2,60},\s*(AP|Reuters|AFP|EPA|Getty Images|Bloomberg|Sputnik|TASS)\)?$",
    re.IGNORECASE,
)
# Interface words that scrapers pick up from share bars and media players: a line made only of
# them (or of identifiers such as "more_vert") is a widget label, not a heading.
_UI_WORDS = frozenset(
    """share shares email e-mail print close more less menu search fullscreen comments comment
    edit image images video videos gallery photo photos amp next previous prev facebook twitter
    whatsapp linkedin pinterest reddit messenger tweet connect copy link save reply expand
    collapse play pause mute unmute replay back top home login logout a view""".split()
)
_IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")
_SCRIPT = re.compile(r"(window\.|document\.|function\s*\(|\bvar\s+\w+\s*=|\);\s*$|_taboola)")
_POST_SIGNATURE = re.compile(r"^[\u2014\u2013-]\s*[^()]{1,80}\(@\w+\)\s+\w+\.?\s+\d{1,2},\s+\d{4}$")
# A notice, not a mention: the sign, "(c) 2025", "Copyright 2025" or "all rights reserved";
# "Copyright claims were dismissed" is news.
_COPYRIGHT = re.compile(
    r"(\u00a9|\(c\)\s*\d{4}|\bcopyright\s+(\u00a9\s*)?\d{4}|\ball rights reserved\b)", re.I
)
_DEFAULTS = CleanConfig()
_HASHTAG = re.compile(r"#[^\W_][\w-]*")


def flag_boilerplate(
    paragraphs: tuple[Paragraph, ...], config: CleanConfig
) -> tuple[Paragraph, ...]:
    """The paragraphs of one article, with scraped boilerplate flagged (kind, reason)."""
    flagged = _flag_related_blocks(paragraphs, config)
    return tuple(_flag_one_liner(p, config) for p in flagged)


def boilerplate_reason(text: str, config: CleanConfig = _DEFAULTS) -> str | None:
    """The rule a single paragraph trips as scraped boilerplate, or None."""
    words = word_count(text)
    hashtags = _HASHTAG.findall(text) if "#" in text else []  # no scan without a '#'
    if len(hashtags) >= config.hashtag_line_min and len(hashtags) >= (
        config.hashtag_line_share * words
    ):
        return "hashtag line"
    if words == 0:
        return "separator line (no words)"
    if words > config.one_liner_max_words:
        return None
    stripped = text.strip()
    # Lower-cased once for the rules' literal pieces (see `_ONE_LINER_RULES`); None when the
    # line holds one of the few letters that match an ASCII letter case-insensitively without
    # lower-casing to it (every rule is then run).
    low = None if _ODD_CASES.search(stripped) else stripped.lower()
    for rule, test, maybe in _ONE_LINER_RULES:
        if maybe is not None and low is not None and not maybe(stripped, low):
            continue
        if test(stripped):
            return rule
    return None


def _is_ui_label(text: str) -> bool:
    # More than 4 words: known without folding the whole line (folding splits no word).
    if len(text.replace("|", " ").split(maxsplit=4)) > 4:
        return False
    words = text.casefold().replace("|", " ").split()
    if _IDENTIFIER.search(text) and len(words) <= 4:
        return True
    return 0 < len(words) <= 4 and all(w.strip(".:|-") in _UI_WORDS for w in words)


# Letters other than A-Z and a-z that a case-insensitive pattern matches to an ASCII letter:
# "\u0130" and "\u0131" (i), "\u017f" (s) and "\u212a" (k, which lower-cases to "k").
_ODD_CASES = re.compile("[\u0130\u0131\u017f]")

# Cheap tests that a line may trip an unanchored rule (each search costs a scan of the line):
# every match holds one of the rule's literal pieces, lower-cased (`low`); tested against
# running every rule on every line in tests/clean/test_boilerplate.py.
_SCRIPT_PIECES = ("window.", "document.", "function", ");", "_taboola")
_PHOTO_PIECES = ("photo", "image ", "getty images", "reuters/", "afp via", "shutterstock")
_BRACKETED_CREDIT = ("reuters", "afp", "epa")  # inside "(...)", the whole line
_PROMPT_STARTS = (
    "subscribe", "sign up", "sign me up", "sign in", "login", "log in", "register now",
    "share this", "share on", "share via", "share story", "follow us", "click here", "tap here",
    "download our app", "download the app", "create an account", "support our journalism",
    "enable javascript", "turn off your ad", "advertisement", "sponsored",
)  # fmt: skip
_PROMPT_PIECES = ("newsletter", "cookie", "thank you for signing up")
_LEADING_NON_WORD = re.compile(r"\W*")


def _maybe_script(stripped: str, low: str) -> bool:
    return any(p in low for p in _SCRIPT_PIECES) or ("var" in low and "=" in low)


def _maybe_copyright(stripped: str, low: str) -> bool:
    return "\u00a9" in low or "(c)" in low or "copyright" in low or "all rights reserved" in low


def _maybe_photo_credit(stripped: str, low: str) -> bool:
    if any(p in low for p in _PHOTO_PIECES):
        return True
    bracketed = low.startswith("(") and low.endswith(")")
    return bracketed and any(p in low for p in _BRACKETED_CREDIT)


def _maybe_prompt(stripped: str, low: str) -> bool:
    # the prompts that open the line come after its leading non-word characters
    start = _LEADING_NON_WORD.match(stripped).end()  # type: ignore[union-attr]
    return low.startswith(_PROMPT_STARTS, start) or any(p in low for p in _PROMPT_PIECES)


# Each rule, with a cheap test that the line may trip it (or None: the rule is always run).
_ONE_LINER_RULES: tuple[
    tuple[str, Callable[[str], object], Callable[[str, str], bool] | None], ...
] = (
    ("related-links marker", _RELATED_MARKER.match, None),
    ("interface label", _is_ui_label, None),
    ("script code", _SCRIPT.search, _maybe_script),
    ("embedded post signature", _POST_SIGNATURE.match, None),
    ("dateline", _RELATIVE_TIME.match, None),
    ("photo credit", _AGENCY_CREDIT.search, None),
    ("byline", _BYLINE.match, None),
    ("dateline", _DATELINE.match, None),
    ("copyright line", _COPYRIGHT.search, _maybe_copyright),
    ("photo credit", _PHOTO_CREDIT.search, _maybe_photo_credit),
    ("share/subscribe prompt", _PROMPT.search, _maybe_prompt),
)


def _flag_one_liner(paragraph: Paragraph, config: CleanConfig) -> Paragraph:
    if paragraph.kind is ParaKind.BOILERPLATE:
        return paragraph
    reason = boilerplate_reason(paragraph.text, config)
    if reason is None:
        return paragraph
    return replace(paragraph, kind=ParaKind.BOILERPLATE, reason=reason)


def _flag_related_blocks(
    paragraphs: tuple[Paragraph, ...], config: CleanConfig
) -> tuple[Paragraph, ...]:
    """A related-links marker and the headline-sized lines after it, up to the next body
    paragraph, are one block of links to other stories."""
    out, in_block = [], False
    for paragraph in paragraphs:
        if _RELATED_MARKER.match(paragraph.text.strip()):
            in_block = True
            out.append(replace(paragraph, kind=ParaKind.BOILERPLATE, reason="related-links marker"))
        elif in_block and word_count(paragraph.text) <= config.related_link_max_words:
            out.append(replace(paragraph, kind=ParaKind.BOILERPLATE, reason="related-links block"))
        else:
            in_block = False
            out.append(paragraph)
    return tuple(out)
