"""Word lists for framing measures: loading them from package data and finding them in text.

A lexicon file (`audit/framing/lexicons/<name>.txt`) holds one entry per line; `#` starts a
comment that
says where the list comes from. An entry is a word or a multiword phrase, optionally followed by
`|` and options:

    reportedly
    on condition of anonymity
    may | lower            (only lowercase occurrences: "May" is a month)
    say | verb             (a verb: skipped after a determiner, "the say" is a noun)
    claim | verb, nounlike (also a common noun: skipped two words after a determiner too,
                            "a Reuters report", "his early claim")
    noted | weight=0.5     (a weaker signal than the default weight 1.0)
    so-called | exact      (no inflected forms)

Every word of an entry also matches its regular inflections (claim -> claims, claimed, claiming;
deny -> denies, denied; admit -> admitted) and a few irregular ones (say -> said, tell -> told), so
a list is written in base forms. Matching runs over `textnorm.tokens`, so offsets point into the
original text and typographic quotes, dashes and case do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from audit.errors import AuditInputError
from audit.text.normalize import Token, norm_word, tokens

LEXICON_NAMES = (
    "loaded",
    "intensifiers",
    "hedges",
    "reporting_verbs",
    "slanted_verbs",
    "anonymous_sources",
    "anonymity_markers",
    # Published lists (scripts/build_lexicons.py builds them, each file says source and licence)
    "loaded_extended",
    "recasens_bias",
    "hyland_hedges",
    "hooper_factives",
    "hooper_assertives",
    "karttunen_implicatives",
    "recasens_report_verbs",
    "group_sources",
)

_OPTIONS = frozenset({"lower", "verb", "nounlike", "exact"})
# Words that head a noun phrase: a verb entry right after one of these is being used as a noun.
_DETERMINERS = frozenset(
    "a an the his her its their our my your this that these those such no any every".split()
)
# After a preposition a verb entry is a noun too ("secretary of state"), unless it is a gerund
# ("by insisting").
_PREPOSITIONS = frozenset("of for in on at with from by about".split())
# Function words are never inflected: "a" -> "as" or "it" -> "its" would match the wrong words.
_UNINFLECTED = frozenset(
    "a an the of on in at to by for with from as is are was be it he she we they not no or and"
    " but if that this who which what".split()
)
_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "speak": ("spoke", "spoken", "speaks", "speaking"),
    "write": ("wrote", "written", "writes", "writing"),
    "think": ("thought", "thinks", "thinking"),
    "hold": ("held", "holds", "holding"),
    "lead": ("led", "leads", "leading"),
    "find": ("found", "finds", "finding"),
    "know": ("knew", "known", "knows", "knowing"),
    "make": ("made", "makes", "making"),
    "take": ("took", "taken", "takes", "taking"),
    "see": ("saw", "seen", "sees", "seeing"),
    "give": ("gave", "given", "gives", "giving"),
    "slam": ("slammed", "slams", "slamming"),
    "lash": ("lashed", "lashes", "lashing"),
}
_VOWELS = "aeiou"


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: its phrase as written, the word forms each position accepts, options."""

    lexicon: str
    phrase: str
    forms: tuple[frozenset[str], ...]
    weight: float = 1.0
    lower_only: bool = False
    verb: bool = False
    nounlike: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    entries: tuple[Entry, ...]
    # Entries by the forms of their first word, built once: matching looks entries up per word.
    by_first: Mapping[str, tuple[Entry, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        by_first: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for form in entry.forms[0]:
                by_first.setdefault(form, []).append(entry)
        object.__setattr__(self, "by_first", {k: tuple(v) for k, v in by_first.items()})

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True, slots=True)
class Match:
    """An occurrence of a lexicon entry: `start`/`end` index the text `find_matches` was given
    (shifted by its `offset`)."""

    entry: Entry
    start: int
    end: int
    text: str


def inflections(word: str) -> frozenset[str]:
    """The word and its regular (plus a few irregular) inflected forms, all as matching keys."""
    key = norm_word(word)
    if key in _UNINFLECTED or len(key) < 3 or not key.isalpha():
        return frozenset({key})
    forms = {key, *_IRREGULAR.get(key, ())}
    forms |= _plural(key) | _past(key) | _progressive(key)
    return frozenset(forms)


def _plural(key: str) -> set[str]:
    if key.endswith(("s", "x", "z", "ch", "sh", "o")):
        return {key + "es"}
    if key.endswith("y") and key[-2] not in _VOWELS:
        return {key[:-1] + "ies"}
    return {key + "s"}


def _past(key: str) -> set[str]:
    if key.endswith("e"):
        return {key + "d"}
    if key.endswith("y") and key[-2] not in _VOWELS:
        return {key[:-1] + "ied"}
    return {key + "ed", _doubled(key) + "ed"}


def _progressive(key: str) -> set[str]:
    if key.endswith("ie"):
        return {key[:-2] + "ying"}
    if key.endswith("e") and not key.endswith("ee"):
        return {key[:-1] + "ing", key + "ing"}
    return {key + "ing", _doubled(key) + "ing"}


def _doubled(key: str) -> str:
    """admit -> admitt (admitted): a final consonant after one vowel may be doubled."""
    if (
        len(key) >= 3
        and key[-1] not in _VOWELS + "wxy"
        and key[-2] in _VOWELS
        and key[-3] not in _VOWELS
    ):
        return key + key[-1]
    return key


def parse_entry(lexicon: str, line: str, *, origin: str, line_no: int | None = None) -> Entry:
    """One entry from a lexicon line (comment already stripped); AuditInputError if malformed."""
    phrase, _, option_text = line.partition("|")
    words = [t.text for t in tokens(phrase)]
    if not words:
        raise AuditInputError(
            origin, f"lexicon {lexicon}: entry has no words: {line!r}", line=line_no
        )
    options = {o.strip() for o in option_text.split(",") if o.strip()}
    weight = 1.0
    for option in sorted(options):
        if option.startswith("weight="):
            weight = _weight(option, lexicon, origin, line_no)
        elif option not in _OPTIONS:
            raise AuditInputError(
                origin, f"lexicon {lexicon}: unknown option {option!r} in {line!r}", line=line_no
            )
    exact = "exact" in options
    forms = tuple(frozenset({norm_word(w)}) if exact else inflections(w) for w in words)
    return Entry(
        lexicon=lexicon,
        phrase=" ".join(words),
        forms=forms,
        weight=weight,
        lower_only="lower" in options,
        verb="verb" in options or "nounlike" in options,
        nounlike="nounlike" in options,
    )


def _weight(option: str, lexicon: str, origin: str, line_no: int | None) -> float:
    try:
        weight = float(option.removeprefix("weight="))
    except ValueError:
        weight = -1.0
    if not 0.0 < weight <= 1.0:
        raise AuditInputError(
            origin, f"lexicon {lexicon}: weight must be in (0, 1]: {option!r}", line=line_no
        )
    return weight


def parse_lexicon(name: str, text: str, *, origin: str) -> Lexicon:
    """A lexicon from the text of its file: one entry per line, `#` comments, blank lines."""
    entries = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            entries.append(parse_entry(name, line, origin=origin, line_no=line_no))
    return Lexicon(name, tuple(entries))


def bundled_lexicon(name: str) -> Lexicon:
    """A lexicon shipped as package data in `audit/framing/lexicons/`."""
    if name not in LEXICON_NAMES:
        raise AuditInputError("lexicons", f"unknown lexicon {name!r}")
    path = resources.files("audit.framing").joinpath("lexicons", f"{name}.txt")
    return parse_lexicon(name, path.read_text(encoding="utf-8"), origin=f"lexicons/{name}.txt")


def load_lexicons(add: Iterable[str] = (), remove: Iterable[str] = ()) -> Mapping[str, Lexicon]:
    """Every bundled lexicon, with a user's additions and removals applied.

    `add` and `remove` hold entries written `"<lexicon>: <entry>"` (the config file's
    `framing.lexicon_add` / `framing.lexicon_remove`); removal matches an entry's words, ignoring
    case and options.
    """
    lexicons = {name: bundled_lexicon(name) for name in LEXICON_NAMES}
    for item in remove:
        name, line = _split_override(item, "framing.lexicon_remove")
        key = _phrase_key(line)
        kept = tuple(e for e in lexicons[name].entries if _phrase_key(e.phrase) != key)
        lexicons[name] = Lexicon(name, kept)
    for item in add:
        name, line = _split_override(item, "framing.lexicon_add")
        entry = parse_entry(name, line, origin="framing.lexicon_add")
        lexicons[name] = Lexicon(name, (*lexicons[name].entries, entry))
    return lexicons


def _split_override(item: str, origin: str) -> tuple[str, str]:
    name, sep, line = item.partition(":")
    name = name.strip()
    if not sep or name not in LEXICON_NAMES or not line.strip():
        raise AuditInputError(
            origin,
            f"entry {item!r} must be '<lexicon>: <phrase>' with lexicon one of "
            + ", ".join(LEXICON_NAMES),
        )
    return name, line.strip()


def _phrase_key(line: str) -> str:
    return " ".join(norm_word(t.text) for t in tokens(line.partition("|")[0]))


_SENTENCE_GAP = re.compile(r"[.!?;:\"\u201c\u201d()\[\]]")


def find_matches(
    text: str,
    lexicon: Lexicon,
    *,
    offset: int = 0,
    words: tuple[Token, ...] | None = None,
    norms: frozenset[str] | None = None,
) -> tuple[Match, ...]:
    """Non-overlapping occurrences of the lexicon's entries in `text`, longest first at each
    position, left to right. Offsets are shifted by `offset` (the text's place in its article).
    Pass `words` (`tokens(text, offset)`) to reuse them across lexicons, `norms` (their norms)
    to skip at once a text no entry can start in."""
    by_first = lexicon.by_first
    if norms is not None and by_first.keys().isdisjoint(norms):
        return ()
    words = tokens(text, offset) if words is None else words
    found: list[Match] = []
    free = 0  # words before this one are inside a match already found
    for i in [i for i, w in enumerate(words) if w.norm in by_first]:  # where an entry can start
        if i < free:
            continue
        best = _longest_at(text, words, i, by_first[words[i].norm], offset)
        if best is None:
            continue
        entry, last = best
        start, end = words[i].start, words[last].end
        found.append(Match(entry, start, end, text[start - offset : end - offset]))
        free = last + 1
    return tuple(found)


def find_all(
    words: tuple[Token, ...], lexicon: Lexicon, *, text: str, offset: int = 0
) -> tuple[Match, ...]:
    """Every occurrence of every entry in `text` (tokenized as `words`), overlaps included: the
    bias score wants each lexicon that fired on a word, not only the longest entry."""
    spans = find_all_spans(words, lexicon, text=text, offset=offset)
    return tuple(Match(e, s, t, text[s - offset : t - offset]) for e, s, t in spans)


def find_all_spans(
    words: tuple[Token, ...], lexicon: Lexicon, *, text: str, offset: int = 0
) -> list[tuple[Entry, int, int]]:
    """`find_all` as (entry, start, end): no Match and text copy per occurrence (bias score)."""
    found: list[tuple[Entry, int, int]] = []
    by_first = lexicon.by_first
    for i in [i for i, w in enumerate(words) if w.norm in by_first]:  # where an entry can start
        word = words[i]
        for entry in by_first[word.norm]:
            last = i + len(entry.forms) - 1
            if last < len(words) and _matches_at(text, words, i, entry, offset):
                found.append((entry, word.start, words[last].end))
    return found


def matches_span(
    words: tuple[Token, ...], i: int, end: int, lexicon: Lexicon, *, text: str, offset: int = 0
) -> bool:
    """Whether some entry of `lexicon` occurs from word `i` to the word that ends at `end`: the
    same answer as looking for (start, end) in `find_all`, for one place only."""
    for entry in lexicon.by_first.get(words[i].norm, ()):
        last = i + len(entry.forms) - 1
        if (
            last < len(words)
            and words[last].end == end
            and _matches_at(text, words, i, entry, offset)
        ):
            return True
    return False


def _longest_at(
    text: str, words: tuple[Token, ...], i: int, candidates: Iterable[Entry], offset: int
) -> tuple[Entry, int] | None:
    best: tuple[Entry, int] | None = None
    for entry in candidates:
        last = i + len(entry.forms) - 1
        if last >= len(words) or (best is not None and last <= best[1]):
            continue
        if _matches_at(text, words, i, entry, offset):
            best = (entry, last)
    return best


def _matches_at(text: str, words: tuple[Token, ...], i: int, entry: Entry, offset: int) -> bool:
    for k, forms in enumerate(entry.forms):
        word = words[i + k]
        if word.norm not in forms:
            return False
        # A phrase does not run across a sentence end, a quotation mark or a bracket.
        if k and _SENTENCE_GAP.search(text[words[i + k - 1].end - offset : word.start - offset]):
            return False
    if entry.lower_only and not words[i].text.islower():
        return False
    if entry.verb and i > 0 and _noun_context(words[i - 1].norm, words[i].norm):
        return False
    # "a Reuters report": a determiner two words back, for words that are often nouns; "-ed"
    # forms stay verbs ("the officials claimed").
    return not (
        entry.nounlike
        and i > 1
        and words[i - 2].norm in _DETERMINERS
        and not words[i].norm.endswith("ed")
    )


def _noun_context(previous: str, word: str) -> bool:
    return previous in _DETERMINERS or (previous in _PREPOSITIONS and not word.endswith("ing"))


# Words that attribute a claim besides the lexicons' one-word entries.
_ATTRIBUTION_EXTRA = frozenset(
    "according reportedly allegedly purportedly anonymity anonymous unnamed spokesperson"
    " spokesman spokeswoman".split()
)


@cache
def attribution_forms() -> frozenset[str]:
    """Every word form that attributes a claim: the one-word entries of the reporting-verb,
    slanted-verb and anonymous-source lexicons, and a few more (for `align.diffkinds`)."""
    forms: set[str] = set(_ATTRIBUTION_EXTRA)
    for name in ("reporting_verbs", "slanted_verbs", "anonymous_sources"):
        for entry in bundled_lexicon(name).entries:
            if len(entry.forms) == 1:
                forms |= entry.forms[0]
    return frozenset(forms)
