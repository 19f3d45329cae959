"""Entities resolved across outlets: which name mentions of a story name one thing.

By rules and the small tables of `aliases.toml` (package data, each entry with its reason):
- a name's key: folded, "the" and possessives and dots dropped, hyphens as spaces, "&" as
  "and", middle initials and "II"/"III" dropped ("Rudolph W. Giuliani" -> "rudolph giuliani"),
  "X Department" as "Department of X" (with a leading "U.S." dropped), then the alias table
  ("U.S." = "US" = "United States" = "America" -> "us"; "Pentagon" -> "department of defense");
- initialisms: a one-word key equal to the initials of exactly one longer name of the story
  ("IAEA", "ICE", "JCPOA" with or without the "of") is that name;
- people: nicknames ("Rudy" -> "rudolph"); a name whose words are all in exactly one longer
  name with the same first and last word is it ("Sarah Sanders" in "Sarah Huckabee Sanders");
  a surname used alone is the one full name of the story that ends in it (when several do,
  "Trump" stays unresolved: it then only *supports* each of them, see `facts`).
Demonyms ("Russian", "British") name their state: `demonym_country`.

No library is used: spaCy's pipelines would recognise entities but not link them across
outlets, and those on PyPI are third-party uploads of unclear provenance.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from importlib.resources import files
from types import MappingProxyType

from audit.config import AlignConfig
from audit.text.normalize import fold
from audit.text.similarity import ratio


def _table(section: str) -> Mapping[str, str]:
    data = tomllib.loads(files("audit.compare").joinpath("aliases.toml").read_text("utf-8"))
    return MappingProxyType({form: entry[0] for form, entry in data[section].items()})


NAME_ALIASES = _table("names")
DEMONYMS = _table("demonyms")
FIRST_NAMES = _table("first_names")
COUNTED_CLASSES = _table("counted")
ROLE_CLASSES = _table("roles")

_DEFAULTS = AlignConfig()
# Lower-case words inside names ("Bank of America", "Ludwig van Beethoven", "Moon Jae-in"):
# skipped in a name's content initials ("ajs" for "American Journal of Science").
JOINERS = frozenset({"of", "and", "the", "for", "on", "de", "van", "von", "in"})
# Dropped from the end of a name: "Robert S. Mueller III" is "Robert Mueller". "Jr"/"Sr" too:
# "Roger J. Stone Jr." is the "Roger Stone" of other outlets; the cost is that a father and son
# of one story become one fact (a fact missed, never a fact wrongly said to be left out).
_GENERATION = frozenset({"ii", "iii", "iv", "jr", "sr"})
_DEPARTMENT = re.compile(r"^(?:us )?(\w+) department$")
_DEPARTMENT_OF = re.compile(r"^us (department of \w+)$")


def name_key(text: str) -> str:
    """The key a name mention is matched on (see the module docstring)."""
    folded = fold(text).replace("&", " and ").replace("-", " ")
    words = []
    for word in folded.split():
        word = word.strip(".,;:'\"()")
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace(".", "").rstrip("'")
        if word:
            words.append(word)
    if words and words[0] == "the":
        words = words[1:]
    if len(words) >= 3:
        inner = [w for w in words[1:-1] if len(w) > 1]
        words = [words[0], *inner, words[-1]]
    if len(words) >= 2 and words[-1] in _GENERATION:
        words = words[:-1]
    key = " ".join(words)
    key = _DEPARTMENT.sub(r"department of \1", key)
    key = _DEPARTMENT_OF.sub(r"\1", key)
    key = NAME_ALIASES.get(key, key)
    if " " in key:
        first, rest = key.split(" ", 1)
        key = f"{FIRST_NAMES.get(first, first)} {rest}"
    return key


def demonym_country(word: str) -> str | None:
    """The country key a demonym names ("Russian" -> "russia"), or None."""
    return DEMONYMS.get(fold(word).strip("'\u2019s"))


def initials(words: list[str]) -> set[str]:
    """The initialisms a name's words could be written as: every word's first letter, and
    the content words' only ("ajs" and "as" ... for "american journal of science")."""
    return _initials(words)


def _initials(words: list[str]) -> set[str]:
    every = "".join(w[0] for w in words)
    content = "".join(w[0] for w in words if w not in JOINERS)
    return {every, content}


def resolve(
    keys: Iterable[str], *, misspelt_similarity: float = _DEFAULTS.misspelt_surname_similarity
) -> dict[str, str]:
    """key -> the key of the entity it names, for the keys of one story (keys that name
    nothing else map to themselves). `misspelt_similarity`: `AlignConfig`'s
    `misspelt_surname_similarity`."""
    keys = sorted(set(keys))
    canonical = {key: key for key in keys}
    long_keys = [k for k in keys if " " in k]
    by_last: dict[str, list[str]] = {}
    by_initials: dict[str, set[str]] = {}
    for key in long_keys:
        by_last.setdefault(key.split()[-1], []).append(key)
        for letters in _initials(key.split()):
            by_initials.setdefault(letters, set()).add(key)
    # initialisms: "iaea" is the one longer name whose initials it is
    for key in keys:
        if " " in key or not 2 <= len(key) <= 6:
            continue
        expansions = sorted(by_initials.get(key, ()))
        if len(expansions) == 1:
            canonical[key] = expansions[0]
    # a person named with fewer words: "sarah sanders" in "sarah huckabee sanders"
    for key in long_keys:
        words = key.split()
        fuller = [
            k
            for k in by_last[words[-1]]
            if k != key
            and len(k.split()) > len(words)
            and k.split()[0] == words[0]
            and set(words) <= set(k.split())
        ]
        if len(fuller) == 1:
            canonical[key] = fuller[0]
    # "moon jae in of south korea": a name the story also writes alone, placed by "of"; the
    # head may differ from that name by a plural "s" ("Worker's Party of Korea", "Workers'
    # Party": the possessive's apostrophe is dropped from the key, so only the "s" tells them
    # apart)
    by_singular: dict[str, list[str]] = {}
    for key in long_keys:
        by_singular.setdefault(_singular(key), []).append(key)
    for key in long_keys:
        head = key.split(" of ", 1)[0]
        if " of " not in key or canonical[key] != key or " " not in head:
            continue
        same = [k for k in by_singular.get(_singular(head), ()) if k != key]
        if head in canonical:
            canonical[key] = head
        elif len(same) == 1:
            canonical[key] = same[0]
    # "moon jae" (the extractor cuts a trailing joiner: "Moon Jae In.") is the one longer name
    # it begins, when the rest is joiners only ("moon jae in", from "Moon Jae-in")
    for key in long_keys:
        if canonical[key] != key:
            continue
        longer = [k for k in _starting_with(long_keys, key + " ")
                  if all(w in JOINERS for w in k[len(key) + 1 :].split())]  # fmt: skip
        if len(longer) == 1:
            canonical[key] = longer[0]
    # a surname misspelt: "thomas hoffler" for "thomas hofeller" (same first name, surnames
    # alike under the spelling threshold but with the same first three letters and length
    # within one letter), when exactly one name of the story is that close
    two_words: dict[str, list[str]] = {}  # only two-word keys with one first name can match
    for key in long_keys:
        if len(key.split()) == 2:
            two_words.setdefault(key.split()[0], []).append(key)
    for key in long_keys:
        if canonical[key] != key:
            continue
        alike = two_words.get(key.split()[0], []) if len(key.split()) == 2 else []
        close = [k for k in alike if k != key and _misspelt(key, k, misspelt_similarity)]
        if len(close) == 1 and (len(close[0]), close[0]) > (len(key), key):
            canonical[key] = close[0]  # the longer spelling stands for both
    # a name written after words that are not part of it: "house judiciary chairman robert
    # goodlatte" ends in "robert goodlatte", the story's name for him
    for key in long_keys:
        if canonical[key] != key or " of " in key:
            continue
        words = key.split()
        endings = [" ".join(words[i:]) for i in range(1, len(words) - 1)]
        shorter = [k for k in endings if k in canonical]
        if shorter:
            canonical[key] = shorter[0]
    # a surname alone: the one full name ending in it
    for key in keys:
        if " " in key or canonical[key] != key:
            continue
        full = {canonical[k] for k in by_last.get(key, ())}
        if len(full) == 1:
            canonical[key] = full.pop()
    return {key: _follow(canonical, key) for key in keys}


def _starting_with(ordered: list[str], prefix: str) -> list[str]:
    """The keys of the sorted list `ordered` that start with `prefix` (a run of it, in order)."""
    first = bisect_left(ordered, prefix)
    last = first
    while last < len(ordered) and ordered[last].startswith(prefix):
        last += 1
    return ordered[first:last]


def _singular(key: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in key.split())


def _misspelt(key: str, other: str, similarity: float) -> bool:
    """Two person keys with one first name and surnames written alike (see `resolve`)."""
    words, others = key.split(), other.split()
    if len(words) != 2 or len(others) != 2 or words[0] != others[0]:
        return False
    last, other_last = words[1], others[1]
    if last == other_last or last[:3] != other_last[:3] or abs(len(last) - len(other_last)) > 1:
        return False
    return ratio(last, other_last) >= similarity


def surname_candidates(key: str, keys: Iterable[str]) -> list[str]:
    """The full names of the story a one-word key could be the surname of ("trump" ->
    ["donald trump", "ivanka trump"]): what an unresolved surname supports."""
    if " " in key:
        return []
    return sorted({k for k in keys if " " in k and k.split()[-1] == key})


def _follow(canonical: dict[str, str], key: str) -> str:
    seen = {key}
    while canonical[key] != key and canonical[key] not in seen:
        key = canonical[key]
        seen.add(key)
    return key
