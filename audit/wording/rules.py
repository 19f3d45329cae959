"""The word-level rules of contrastive word choice: what counts as a word chosen in place of
another (`rule`), and the helpers that trim, anchor and compare the swapped runs."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from audit.align.terms import STOPWORDS, stem
from audit.config import WordingConfig
from audit.framing.bias import BiasLexicons
from audit.framing.lexicon import inflections
from audit.text.normalize import Token
from audit.text.similarity import ratio
from audit.text.wordlists import SMALL_NUMBER_WORDS

# Articles, prepositions and conjunctions: slack at a run's edge. Not particles ("bring down").
_SLACK = frozenset(
    "a an the of to in on at for with by from about into over after before than and or but"
    " that which as 's s".split()
)


def reports(run: Sequence[Token], lexicons: BiasLexicons) -> bool:
    """Whether a run holds a verb of saying or a hedge (the stance lists: "said", "claimed")."""
    return any(w.norm in lexicons.stance.by_first for w in run)


def trimmed(run: Sequence[Token]) -> Sequence[Token]:
    """A run without function words at its edges ("influence the" -> "influence"): they are
    the alignment's slack, not the word chosen. An all-function-word run stays (and is dropped
    by `_rule`)."""
    start, end = 0, len(run)
    while start < end and run[start].norm in _SLACK:
        start += 1
    while end > start and run[end - 1].norm in _SLACK:
        end -= 1
    return run[start:end] if start < end else run


def broken(text: str, run: Sequence[Token]) -> bool:
    return any(text[x.end : y.start].strip() for x, y in pairwise(run))


def same_word(a: str, b: str) -> bool:
    """ "said"/"says", "filing"/"filed", "decision"/"decide": one word in two forms."""
    if a == b or b in inflections(a) or a in inflections(b) or _stem(a) == _stem(b):
        return True
    return len(a) >= 5 and len(b) >= 5 and a[:4] == b[:4] and ratio(a, b) >= 0.55


def _stem(key: str) -> str:
    """The light stem alignment uses ("filing"/"filed" -> "fil"), cut to 5 letters so that
    "colluded"/"collusion" meet too."""
    return stem(key)[:5]


def content(words: Sequence[Token]) -> int:
    return sum(1 for w in words if w.norm not in STOPWORDS and len(w.norm) > 1)


def anchoring(words: Sequence[Token]) -> int:
    """Content words that anchor a swap; numbers do not ("two months" / "two nations")."""
    return sum(
        1
        for w in words
        if w.norm not in STOPWORDS
        and len(w.norm) > 1
        and not any(c.isdigit() for c in w.norm)
        and w.norm not in SMALL_NUMBER_WORDS
    )


def _verbish(key: str) -> bool:
    return key.endswith(("ed", "ing"))


def _plural(key: str) -> bool:
    return key.endswith("s") and not key.endswith(("ss", "us", "is"))


def _kinds_differ(a: str, b: str) -> bool:
    """ "warned" / "leaders": a verb form against a plural noun fills no common slot."""
    return (_verbish(a) and _plural(b)) or (_plural(a) and _verbish(b))


def _is_name(words: Sequence[Token]) -> bool:
    return all(w.text[:1].isupper() for w in words)


def kind_of(run_a: Sequence[Token], run_b: Sequence[Token], config: WordingConfig) -> str | None:
    """Which substitution this is, or None when it is not word choice."""
    keys_a, keys_b = [w.norm for w in run_a], [w.norm for w in run_b]
    if not content(run_a) or not content(run_b) or abs(len(run_a) - len(run_b)) > 1:
        return None  # a word for a word (or a two-word phrase): longer is rephrasing
    if any(any(c.isdigit() for c in k) for k in (*keys_a, *keys_b)):
        return None  # numbers: a different fact, which facts.csv compares
    shorter, longer = sorted((keys_a, keys_b), key=len)
    kept = [k for k in shorter if k not in STOPWORDS]
    if all(any(same_word(k, other) for other in longer) for k in kept):
        return None  # "said" / "says", "colluded" / "campaign colluding": the same word
    names_a = [w.norm for w in run_a if w.text[:1].isupper()]
    names_b = [w.norm for w in run_b if w.text[:1].isupper()]
    other_names = not all(any(same_word(a, b) for b in names_b) for a in names_a)
    if names_a and names_b and other_names and not (_is_name(run_a) and _is_name(run_b)):
        return None  # "leader Vladimir" / "President Volodymyr": two people
    if len(keys_a) == len(keys_b) == 1 and _kinds_differ(keys_a[0], keys_b[0]):
        return None
    joined_a, joined_b = " ".join(keys_a), " ".join(keys_b)
    if _is_name(run_a) and _is_name(run_b):
        if ratio(joined_a, joined_b) >= config.spelling_similarity:
            return "spelling"  # "Kiev" / "Kyiv"
        return None  # two actors, not two words for one
    if ratio(joined_a, joined_b) >= config.spelling_lowercase_similarity:
        return "spelling"  # "defence" / "defense" (not "secret" / "top-secret")
    if _is_name(run_a) != _is_name(run_b):
        if any(w.text.endswith(("'s", "\u2019s")) for w in (*run_a, *run_b)):
            return None  # "campaign" / "Manafort's": the name owns the thing, it is not it
        return "name_vs_description"  # "Iran" / "the regime"
    return "word_choice"
