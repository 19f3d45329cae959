"""A bias-word score for every word occurrence: how likely a reader would call it biased word
choice, in [0, 1], with the lexicon entries and context that set it.

Evidence for a word comes from word lists (the project's loaded words, slanted verbs and
intensifiers; the Recasens et al. 2013 bias lexicon; Hooper's factive and assertive and
Karttunen's implicative verbs; the MPQA subjectivity clues when the user gives their path) and
from VADER's valence of the word. Each source that fires is one independent piece of evidence
with the probability `BiasConfig` gives it (its estimated chance that annotators mark a word it
fires on: its recall of the biased words of the tune half of tests/data/bias_words.csv and how
often it fires on NewsWCL50, scaled to the plain VADER baseline, `bench/bias_words.py --fit`);
they combine by noisy-OR, `1 - prod(1 - p)`, so the score rises with every source that agrees
and never leaves [0, 1]. Negative and positive valence weigh apart (`p_valence`,
`p_valence_positive`): annotators mark a negative word far more often than a positive one, which
in news mostly names what happened ("agreement", "help", "freedom").

Context changes the score: a capitalised word inside a sentence is part of a name ("Liberty
University") and scores 0; a hedge or reporting verb that no bias list holds is stance, not bias
("reportedly", "said": their own measures, `hedge` and attribution evidence), and scores 0; so
do the bias-list entries `BiasConfig.not_bias` leaves out ("denied", "alleged": the neutral way
to report a dispute). A word that only VADER and the published lists score and that most of the
story's other articles write too (outside quotations: a speaker's word several outlets quote
is not the topic) is the story's topic ("peace" in a peace-talks story, `topic_words`), not
word choice, and scores 0. A word inside a quotation keeps its score but is
marked `quoted`: it is the speaker's word, and the outlet's choice there is to quote it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from audit.config import BiasConfig
from audit.errors import AuditInputError
from audit.framing.evidence import Evidence, EvidenceKind
from audit.framing.lexicon import (
    LEXICON_NAMES,
    Lexicon,
    bundled_lexicon,
    find_all_spans,
    matches_span,
)
from audit.framing.sentiment import word_valences
from audit.model import Span, pickled_by_fields
from audit.text.normalize import Token
from audit.text.spans import covered_by

# Lists whose entries are evidence of biased word choice, with the config field of each one's
# probability. `loaded` and `slanted_verbs` entries carry their own weights too.
BIAS_LISTS = {
    "loaded": "p_loaded",
    "loaded_extended": "p_loaded",
    "slanted_verbs": "p_slanted_verb",
    "intensifiers": "p_intensifier",
    "recasens_bias": "p_recasens",
    "hooper_factives": "p_factive",
    "hooper_assertives": "p_assertive",
    "karttunen_implicatives": "p_implicative",
    "mpqa_strongsubj": "p_mpqa_strong",
    "mpqa_weaksubj": "p_mpqa_weak",
}
# Epistemic stance and sourcing: measured on their own, never counted as bias.
STANCE_LISTS = ("hedges", "hyland_hedges", "reporting_verbs", "recasens_report_verbs")
# Lists whose word, when also a stance word, still counts as bias ("claimed", "slammed").
_OVERRIDE_STANCE = frozenset({"loaded", "loaded_extended", "slanted_verbs"})


@dataclass(frozen=True, slots=True)
class BiasLexicons:
    """What the score consults, built once per process (`stage.lexicons_for`): every bias list's
    entries in one index, the stance words, and VADER's word valences in [-1, 1]."""

    words: Lexicon
    stance: Lexicon
    valence: Mapping[str, float]


BIAS_INDEX, STANCE_INDEX = "bias_index", "stance_index"
_start = attrgetter("start")


def bias_indexes(lexicons: Mapping[str, Lexicon]) -> dict[str, Lexicon]:
    """The bias lists present in `lexicons` (MPQA only when loaded) merged into one index, and
    the stance lists into another: `stage.lexicons_for` adds both to the lexicons it loads."""
    words = tuple(e for name in BIAS_LISTS if name in lexicons for e in lexicons[name].entries)
    stance = tuple(e for name in STANCE_LISTS for e in lexicons[name].entries)
    return {BIAS_INDEX: Lexicon(BIAS_INDEX, words), STANCE_INDEX: Lexicon(STANCE_INDEX, stance)}


def bias_lexicons(lexicons: Mapping[str, Lexicon]) -> BiasLexicons:
    """What `score_words` needs, from lexicons that hold the two indexes (built here if not)."""
    indexes = lexicons if BIAS_INDEX in lexicons else bias_indexes(lexicons)
    return BiasLexicons(indexes[BIAS_INDEX], indexes[STANCE_INDEX], word_valences())


def bias_evidence(
    scored: Sequence[BiasWord], threshold: float, *, article_id: str, para_id: str
) -> tuple[Evidence, ...]:
    """The scored words at or above `threshold` as `bias_word` evidence: `rule` is the reason,
    `weight` the score, `quoted` whether it is the speaker's word."""
    return tuple(
        Evidence(
            article_id,
            para_id,
            w.start,
            w.end,
            w.text,
            EvidenceKind.BIAS_WORD,
            w.reason,
            w.score,
            quoted=w.quoted,
        )
        for w in scored
        if w.score >= threshold
    )


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class BiasWord:
    """One scored occurrence: `text` at `start`/`end` of the article, its score in [0, 1],
    whether it stands in a quotation, and `reason`: each source that fired with its share of
    the score ("recasens_bias:absurd=0.35; vader:absurd=-0.42->0.13"), then any context rule."""

    start: int
    end: int
    text: str
    score: float
    quoted: bool
    reason: str


def score_words(
    text: str,
    words: tuple[Token, ...],
    lexicons: BiasLexicons,
    config: BiasConfig,
    *,
    offset: int = 0,
    quotes: Sequence[Span] = (),
    sentences: Sequence[Span] = (),
    topic: frozenset[str] = frozenset(),
) -> tuple[BiasWord, ...]:
    """Every word occurrence of `text` (at `offset` in its article, tokenized as `words`) that
    some source fires on, scored, in text order; a phrase entry ("double down") is one
    occurrence that absorbs the words inside it. Zero scores are kept (with their reason).
    `topic`: the story's topic words (`topic_words`), by `Token.norm`."""
    probability = _probabilities(config)
    # (lexicon, entry, probability) of what fired, by span
    spans: dict[tuple[int, int], list[tuple[str, str, float]]] = {}
    for entry, start, end in find_all_spans(words, lexicons.words, text=text, offset=offset):
        p = probability.get((entry.lexicon, entry.phrase))
        if p is None:
            p = probability[entry.lexicon] * entry.weight
        if p > 0:  # an entry `not_bias` leaves out is not reported with a 0
            spans.setdefault((start, end), []).append((entry.lexicon, entry.phrase, p))
    valence: dict[int, tuple[str, float]] = {}  # (norm, valence) by word index
    valences = lexicons.valence
    get = valences.get
    for i, w in enumerate(words):
        norm = w.norm
        v = get(norm)
        if v is None:
            v = _valence(norm, valences) if "-" in norm else 0.0
        if v:
            valence[i] = (norm, v)
            spans.setdefault((w.start, w.end), [])
    # A span inside a longer one ("doubled" in "doubled down") is part of it.
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for span in ordered:
        if kept and span[0] < kept[-1][1]:
            spans[kept[-1]] += spans[span]
            continue
        kept.append(span)
    starts = _sentence_first_words(words, sentences)
    in_quote = covered_by(quotes)
    shares = (config.p_valence, config.p_valence_positive)
    found = []
    for start, end in kept:
        first_index = bisect_left(words, start, key=_start)  # a span starts at a word
        strongest = None  # the first word of the span with the largest |valence|
        for index in range(first_index, len(words)):  # no slice: a long text is not copied
            if words[index].start >= end:
                break
            wv = valence.get(index)
            if wv is not None and (strongest is None or abs(wv[1]) > abs(strongest[1])):
                strongest = wv
        first = words[first_index]
        quoted = in_quote(start)
        score, reason = _score(
            tuple(spans[(start, end)]),
            strongest,
            shares,
            first.text[:1].isupper() and start not in starts,
            matches_span(words, first_index, end, lexicons.stance, text=text, offset=offset),
            first.norm in topic and first.end == end,
            quoted,
        )
        found.append(
            BiasWord(start, end, text[start - offset : end - offset], score, quoted, reason)
        )
    return tuple(found)


def topic_words(
    article_words: Mapping[str, Collection[str]], share: float
) -> dict[str, frozenset[str]]:
    """For each article (id -> the `Token.norm`s of its content words), the words that at least
    `share` of the story's other articles, and at least two of them, also use: what the story is
    about ("peace" in a peace-talks story, "security", "weapons"), not one outlet's word choice.
    A story of fewer than three articles has none."""
    counts = Counter(w for used in article_words.values() for w in set(used))
    others = len(article_words) - 1
    if others < 2:
        return {article: frozenset() for article in article_words}
    common = {w for w, n in counts.items() if n - 1 >= max(2, share * others)}
    return {
        article: frozenset(common.intersection(used)) for article, used in article_words.items()
    }


def check_not_bias(not_bias: Sequence[str], lexicons: Mapping[str, Lexicon]) -> None:
    """AuditInputError naming the first `BiasConfig.not_bias` entry that matches no entry of its
    bias list (a typo would leave the word scored, silently). An entry the bundled list holds
    counts even when `lexicon_remove` took it out; one of an MPQA list only counts when MPQA is
    loaded (without it nothing of that list is scored)."""
    for item in not_bias:
        name, sep, phrase = item.partition(":")
        if not sep or name not in BIAS_LISTS or not phrase:
            raise AuditInputError(
                "framing.bias.not_bias",
                f"entry {item!r} must be '<lexicon>:<entry>' with lexicon one of "
                + ", ".join(BIAS_LISTS),
            )
        if name not in lexicons and name not in LEXICON_NAMES:
            continue  # an MPQA list, not loaded
        known = {e.phrase for e in lexicons[name].entries} if name in lexicons else set()
        if phrase not in known and phrase not in _bundled_phrases(name):
            raise AuditInputError(
                "framing.bias.not_bias", f"entry {item!r} matches no entry of lexicon {name}"
            )


def _bundled_phrases(name: str) -> frozenset[str]:
    if name not in LEXICON_NAMES:
        return frozenset()
    return frozenset(e.phrase for e in bundled_lexicon(name).entries)


def _probabilities(config: BiasConfig) -> dict[object, float]:
    """Each bias list's probability by its name (an entry's share is that times its weight),
    and 0 by (list, entry) for the entries `config.not_bias` leaves out."""
    found: dict[object, float] = {name: getattr(config, key) for name, key in BIAS_LISTS.items()}
    for item in config.not_bias:
        name, _, phrase = item.partition(":")
        found[(name, phrase)] = 0.0
    return found


def _valence(key: str, valence: Mapping[str, float]) -> float:
    if key in valence:
        return valence[key]
    if "-" in key:  # "fear-mongering": the strongest part
        return max((valence.get(part, 0.0) for part in key.split("-")), key=abs)
    return 0.0


def _sentence_first_words(words: Sequence[Token], sentences: Sequence[Span]) -> set[int]:
    """Start offsets of the first word of each sentence (and of the text)."""
    firsts = {words[0].start} if words else set()
    index = 0
    for sentence in sorted(sentences, key=lambda s: s.start):
        while index < len(words) and words[index].start < sentence.start:
            index += 1
        if index < len(words) and words[index].start < sentence.end:
            firsts.add(words[index].start)
    return firsts


@lru_cache(maxsize=1 << 16)
def _score(
    matches: tuple[tuple[str, str, float], ...],
    strongest: tuple[str, float] | None,
    shares: tuple[float, float],
    name: bool,
    stance: bool,
    topic: bool,
    quoted: bool,
) -> tuple[float, str]:
    """The score and reason of one occurrence from what fired on it: each list's entry and its
    probability ((lexicon, entry, p), the first entry of each list by name), the word of the
    span with the strongest VADER valence, the valence shares (negative, positive) and the
    context rules. A pure function of few, often repeated values, so it is remembered: a story
    repeats its words."""
    parts: list[tuple[str, float]] = []
    seen: set[str] = set()
    for lexicon, phrase, p in sorted(matches, key=lambda m: (m[0], m[1])):
        if lexicon in seen:
            continue
        seen.add(lexicon)
        parts.append((f"{lexicon}:{phrase}", p))
    if strongest is not None:
        norm, v = strongest
        share = shares[0] if v < 0 else shares[1]
        parts.append((f"vader:{norm}={v:+.2f}", share * abs(v)))
    miss = 1.0
    for _, p in parts:
        miss *= 1.0 - p
    score = 1.0 - miss
    reason = "; ".join([f"{label}->{p:.2f}" for label, p in parts])
    if name:
        score, reason = 0.0, reason + "; in a name: 0"
    elif stance and not seen & _OVERRIDE_STANCE:
        score, reason = 0.0, reason + "; stance word (hedge/reporting verb), not bias: 0"
    elif topic and not seen & _OVERRIDE_STANCE:
        score, reason = 0.0, reason + "; the story's topic word (most other articles use it): 0"
    if quoted:
        reason += "; quoted"
    return round(score, 4), reason
