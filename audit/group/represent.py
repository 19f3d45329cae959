"""An article as the grouper sees it: weighted bags of terms, one bag per signal.

Two signals today, each a sparse TF-IDF vector over the article's lead (headline and first
paragraphs, `GroupConfig.lead_words` words): `words`, the content words (stemmed, stopwords out)
and names, and `names`, the capitalised name runs alone (named-entity overlap: a person, place or
organisation is kept as the last word of its run, "Vladimir Putin" -> "putin", as the alignment
terms do). Document frequencies are counted online (`Vocabulary`): an article is weighed by the
articles seen before it and itself, so a feed can be grouped as it arrives, and the counts can be
kept across runs (`audit.group.index`).

Another signal (a sentence embedding, say) plugs in as one more named bag: `SIGNALS` lists the
bags, `GroupConfig.signal_weights` weighs them, and the cluster code only ever takes dot products
of unit vectors per signal, which a dense embedding also gives (as a bag of its dimensions).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import filterfalse, islice, repeat
from operator import mul
from typing import Any

from audit.align.terms import SPELLING_ALIASES, STOPWORDS, stem
from audit.clean.boilerplate import boilerplate_reason
from audit.config import CleanConfig, GroupConfig
from audit.ingest.segment import lazy_paragraph_spans
from audit.model import Span

SIGNALS = ("words", "names")

# A word: letters only (numbers say which fact, not which story), across inner ' and -.
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
# Between two words, a sentence or paragraph break: the next word's capital is not a name's
# (" ### " separates the wire scrapes' paragraphs).
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_UNSEEN: Any = object()
_BREAK = re.compile(r"[.!?:;\n\u2026#\"\u201c\u201d|\u2022]")
_POSSESSIVE = re.compile(r"['\u2019]s$")
# Capitalised furniture: never a name, even mid-sentence ("Read More", "Getty Images").
_NOT_NAMES = frozenset(
    """the but and in on at it he she they we i a an as for if while with after before this
    that these those his her their its our my your photo image images getty reuters ap afp
    associated press file read more click share comment comments advertisement video watch
    updated published copyright subscribe sign related news mr mrs ms dr""".split()
)

Bag = dict[str, float]
# Characters read per lead word before the whole text is split: news words and their spaces
# average about 6 characters; 12 leaves room for skipped boilerplate lines.
_CHARS_PER_WORD = 12


@dataclass(frozen=True, slots=True)
class ArticleTerms:
    """The counted terms of one article's lead, per signal, and each term's first spelling."""

    counts: Mapping[str, Counter[str]]
    forms: Mapping[str, str] = field(default_factory=dict)  # key -> surface form, for labels


@dataclass(frozen=True, slots=True)
class ArticleVector:
    """Unit TF-IDF vectors of one article, per signal (an empty bag when it has no such term)."""

    bags: Mapping[str, Bag]


def lead_text(
    text: str,
    title: str,
    lead_words: int,
    *,
    separator: str | None = None,
    clean: CleanConfig | None = None,
) -> str:
    """The title (unless the text starts with it) and the first `lead_words` words of the
    paragraphs that are not scraped boilerplate (photo credits, bylines, prompts: the clean
    stage's one-line rules), paragraphs as `audit run` finds them (`separator` or line breaks).
    """
    parts: list[str] = []
    title = title.strip()
    title_part = bool(title) and not text.lstrip().startswith(title)
    if title_part:
        parts.append(title + ".")
    budget = lead_words
    # Paragraphs are found in a prefix big enough for the lead (a long article is not split
    # to its end), and in the whole text only when boilerplate ate the prefix.
    limit = min(len(text), _CHARS_PER_WORD * lead_words)
    while True:
        spans = lazy_paragraph_spans(text[:limit], separator)  # read up to the lead's end
        parts, budget = _lead_parts(text, spans, budget, clean, parts)
        if budget <= 0 or limit >= len(text):
            break
        parts, budget, limit = parts[: 1 if title_part else 0], lead_words, len(text)
    return "\n".join(parts)


def _lead_parts(
    text: str, spans: Iterable[Span], budget: int, clean: CleanConfig | None, parts: list[str]
) -> tuple[list[str], int]:
    parts = list(parts)
    for span in spans:
        if budget <= 0:
            break
        paragraph = text[span.start : span.end]
        if clean is not None and _maybe_boilerplate(paragraph, clean):
            continue
        end, count = len(paragraph), 0
        for match in _WORD.finditer(paragraph):
            count += 1
            if count == budget:
                end = match.end()
                break
        budget -= count
        parts.append(paragraph[:end])
    return parts, budget


def _maybe_boilerplate(paragraph: str, clean: CleanConfig) -> bool:
    # The clean rules are for one-liners (a hashtag line aside): a paragraph of more than
    # twice as many space-separated pieces as a one-liner has words is content, found cheaply.
    if len(paragraph.split()) > 2 * clean.one_liner_max_words and "#" not in paragraph:
        return False
    return boilerplate_reason(paragraph, clean) is not None


def first_words(text: str, n: int) -> str:
    """`text` up to the end of its `n`-th word."""
    for count, match in enumerate(_WORD.finditer(text), start=1):
        if count == n:
            return text[: match.end()]
    return text


_Keys = tuple[str, str, bool, str, bool] | None  # word, name, capitalised, surface, lower


@dataclass(slots=True)
class Extractor:
    """Term extraction with a per-run cache of word forms and of the gaps between words (a
    feed repeats both)."""

    _cache: dict[str, _Keys] = field(default_factory=dict)
    _gaps: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # (break, spaces only)

    def terms(self, lead: str) -> ArticleTerms:
        return self._terms(_WORD_SPLIT.split(lead))

    def read(self, lead: str, n: int) -> tuple[str, ArticleTerms]:
        """`first_words(lead, n)` and `terms(lead)`, from one split of the lead."""
        parts = _WORD_SPLIT.split(lead)  # [gap, word, gap, ..., word, gap]
        # the n-th word is parts[2n - 1]: the prefix is what comes before its trailing gap
        prefix = "".join(parts[: 2 * n]) if len(parts) > 2 * n else lead
        return prefix, self._terms(parts)

    def _terms(self, parts: list[str]) -> ArticleTerms:
        words: dict[str, int] = {}
        forms: dict[str, str] = {}
        # per token: name key ("" for a stopword), capitalised, at a sentence start, and
        # joined to the token before by spaces only (one run of a name)
        tokens: list[tuple[str, bool, bool, bool]] = []
        cache, gaps = self._cache, self._gaps
        # `parts`: one C call cut the lead into [gap, word, gap, word, ..., gap].
        for i in range(1, len(parts), 2):
            gap, form = parts[i - 1], parts[i]
            known_gap = gaps.get(gap)
            if known_gap is None:
                known_gap = gaps[gap] = (bool(_BREAK.search(gap)), not gap.strip())
            initial = i == 1 or known_gap[0]
            keys = cache.get(form, _UNSEEN)
            if keys is _UNSEEN:
                keys = cache[form] = _keys(form)
            if keys is None:
                tokens.append(("", False, initial, False))
                continue
            word, name, capital, surface, lower = keys  # type: ignore[misc]
            tokens.append((name, capital, initial, not initial and known_gap[1]))
            words[word] = words.get(word, 0) + 1
            seen = forms.get(word)
            if seen is None or (lower and seen[:1].isupper()):
                forms[word] = surface
        return ArticleTerms({"words": Counter(words), "names": _names(tokens)}, forms)


def _keys(form: str) -> _Keys:
    lower = unicodedata.normalize("NFKC", form).casefold().replace("\u2019", "'")
    lower = _POSSESSIVE.sub("", lower)
    lower = SPELLING_ALIASES.get(lower, lower)
    if lower in STOPWORDS or len(lower) < 2:
        return None
    capital = form[:1].isupper() and lower not in _NOT_NAMES
    return stem(lower), lower, capital, _POSSESSIVE.sub("", form), form[:1].islower()


def _names(tokens: list[tuple[str, bool, bool, bool]]) -> Counter[str]:
    """Capitalised words mid-sentence, or at a sentence start when the lead also writes them
    capitalised mid-sentence; a run of them ("Vladimir Putin") counts as its last word."""
    mid = {name for name, capital, initial, _ in tokens if capital and not initial}
    is_name = [capital and (not initial or name in mid) for name, capital, initial, _ in tokens]
    names: Counter[str] = Counter()
    for i, (name, _, _, _) in enumerate(tokens):
        if not is_name[i]:
            continue
        if i + 1 < len(tokens) and is_name[i + 1] and tokens[i + 1][3]:
            continue
        names[name] += 1
    return names


@dataclass(slots=True)
class Vocabulary:
    """Online document frequencies per signal, and the first spelling of every word key."""

    n_docs: int = 0
    df: dict[str, dict[str, int]] = field(default_factory=lambda: {s: {} for s in SIGNALS})
    forms: dict[str, str] = field(default_factory=dict)
    # Word keys whose form in `forms` starts with no capital: `add` never changes those, and
    # skips them in C (most of a lead's words are settled after the first few hundred leads).
    _settled: set[str] = field(default_factory=set, repr=False, compare=False)

    def add(self, terms: ArticleTerms) -> tuple[tuple[str, str], ...]:
        """Count one more article; the (key, form) spellings it set, in the order set."""
        self.n_docs += 1
        for signal, counts in terms.counts.items():
            table = self.df.get(signal)
            if not isinstance(table, Counter):  # a table read back from an index
                table = self.df[signal] = Counter(table or {})
            table.update(counts.keys())  # counted in C: one more article holds each key
        forms, settled, given = self.forms, self._settled, terms.forms
        changed: list[tuple[str, str]] = []
        for key in filterfalse(settled.__contains__, given):  # in order: new keys append
            form, known = given[key], forms.get(key)
            if known is None or (known[:1].isupper() and form[:1].islower()):
                forms[key] = known = form  # a word also seen in lower case is shown so
                changed.append((key, form))
            if not known[:1].isupper():
                settled.add(key)
        return tuple(changed)

    def idf(self, signal: str, key: str) -> float:
        """Smoothed IDF: 1 for a term in every article, higher the rarer."""
        return math.log((self.n_docs + 1) / (self.df[signal].get(key, 0) + 1)) + 1.0

    def vector(self, terms: ArticleTerms, config: GroupConfig) -> ArticleVector:
        """Sublinear TF x IDF per signal, the `vector_terms` heaviest terms kept, unit length."""
        bags: dict[str, Bag] = {}
        log, docs = math.log, self.n_docs + 1
        # `idf` inlined, once per distinct document frequency (most terms are rare: a few
        # values serve them all); the same arithmetic in the same order gives the same floats.
        idf_of: dict[int, float] = {}
        for signal, counts in terms.counts.items():
            df = self.df[signal].get
            weights = {}
            for key, count in counts.items():
                n = df(key, 0)
                idf = idf_of.get(n)
                if idf is None:
                    idf = idf_of[n] = log(docs / (n + 1)) + 1.0
                weights[key] = (1.0 + log(count) if count > 1 else 1.0) * idf
            bags[signal] = unit(top(weights, config.vector_terms))
        return ArticleVector(bags)


def top(bag: Mapping[str, float], n: int) -> Bag:
    """The `n` heaviest terms, heaviest first (ties by key, so the cut is deterministic).
    Vectors and centroids are kept in this order, so that `head` can cut them again."""
    # Sorting (-weight, key) pairs compares them in C (a key function costs a call per term);
    # negating a float is exact, so the weights come back unchanged.
    ranked = sorted([(-w, k) for k, w in bag.items()])
    return {k: -w for w, k in ranked[:n]}


def head(ordered: Mapping[str, float], n: int) -> Bag:
    """The first `n` terms of a bag made by `top` (its `n` heaviest), without sorting."""
    return dict(islice(ordered.items(), n))


def unit(bag: Mapping[str, float]) -> Bag:
    norm = math.sqrt(sum(map(mul, bag.values(), bag.values())))
    return {k: w / norm for k, w in bag.items()} if norm else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # A key missing from `b` adds 0.0, which leaves a float sum exactly as it was: the same
    # result as summing the shared keys alone, in `a`'s order, without a Python loop.
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
