"""Contrastive word choice: in two aligned sentences from different outlets, the words each uses
where the other uses another ("dictator" / "leader", "claimed" / "said", "the regime" / "Iran").

The two passages are tokenized with offsets into their articles (or cut from their paragraphs'
words) and aligned word by word by rapidfuzz's Indel alignment over the words' matching keys
(`similarity.matching_blocks`), when their word sequences are at least `min_pair_similarity`
alike. What lies between two shared runs, at most `max_words` words on each side, is a candidate
when the 3 shared words nearest it on each side hold `min_anchor_words` content words (numbers
aside): the same slot of the same claim, filled with different words. Function words at a run's
edges are trimmed. `rules.kind_of` then drops what is not word choice (inflections of one word,
numbers, two different actors, a verb form against a plural noun, a run across punctuation, a
verb of saying against none) and names the rest: `word_choice`, `spelling` ("Kiev" / "Kyiv"),
`name_vs_description` ("Iran" / "the regime"). One extra word on one side before a shared
content word is `added_word` when it scores as a bias word ("nuclear [weapons] program",
"the [punishing] tariffs"). Each substitution is scored by how far apart the two choices are: the
difference of their VADER valences and of their bias scores (audit/framing/bias.py, each run
scored on its own), both in [-1, 1].

The input is any sequence of `SentencePair` (two spans of two articles), so the finder does not
depend on how alignment chose them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from audit.align.terms import STOPWORDS
from audit.config import BiasConfig, WordingConfig
from audit.framing.bias import BiasLexicons, score_words
from audit.model import Span
from audit.text.normalize import Token, tokens
from audit.text.similarity import matching_blocks, sequence_similarity
from audit.wording.rules import anchoring, broken, kind_of, reports, trimmed

WORDING_COLUMNS = (
    "pair_id", "source_a", "source_b", "article_a", "start_a", "end_a", "text_a", "article_b",
    "start_b", "end_b", "text_b", "valence_a", "valence_b", "valence_delta", "bias_a", "bias_b",
    "bias_delta", "score", "rule", "pair_similarity",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SentencePair:
    """Two aligned passages (usually sentences) of two articles; `pair_id` names where the pair
    came from (a link id)."""

    pair_id: str
    article_a: str
    a: Span
    article_b: str
    b: Span
    para_a: str = ""  # the paragraphs holding the spans, when known: their words are reused
    para_b: str = ""


@dataclass(frozen=True, slots=True)
class Substitution:
    """Words of side a (`text_a` at `start_a`/`end_a` of article a) where side b has `text_b`.
    Valences and bias scores are of each run (its strongest word); `score` is the larger of the
    two absolute differences; `rule` says which kind of substitution fired."""

    pair_id: str
    article_a: str
    start_a: int
    end_a: int
    text_a: str
    article_b: str
    start_b: int
    end_b: int
    text_b: str
    valence_a: float
    valence_b: float
    bias_a: float
    bias_b: float
    rule: str
    pair_similarity: float

    @property
    def valence_delta(self) -> float:
        return round(self.valence_a - self.valence_b, 4)

    @property
    def bias_delta(self) -> float:
        return round(self.bias_a - self.bias_b, 4)

    @property
    def score(self) -> float:
        return max(abs(self.valence_delta), abs(self.bias_delta))


def find_substitutions(
    pairs: Sequence[SentencePair],
    texts: Mapping[str, str],
    lexicons: BiasLexicons,
    config: WordingConfig,
    bias: BiasConfig,
    *,
    paragraph_words: Mapping[str, tuple[Token, ...]] | None = None,
) -> tuple[Substitution, ...]:
    """Every substitution in every pair (`texts`: article_id -> article text), pair by pair;
    `bias` weighs the bias scores of the two choices; `paragraph_words` (para_id -> tokens)
    saves tokenizing passages of the pairs' paragraphs again."""
    found: list[Substitution] = []
    words: dict[tuple[str, int, int], tuple[Token, ...]] = {}  # links share passages
    for para_id, para_words in (paragraph_words or {}).items():
        words[(para_id, -1, -1)] = para_words
    for pair in pairs:
        found += pair_substitutions(pair, texts, lexicons, config, bias, words=words)
    return tuple(found)


def pair_substitutions(
    pair: SentencePair,
    texts: Mapping[str, str],
    lexicons: BiasLexicons,
    config: WordingConfig,
    bias: BiasConfig,
    *,
    words: dict[tuple[str, int, int], tuple[Token, ...]] | None = None,
) -> list[Substitution]:
    """The substitutions of one pair; `words` caches passages' tokens across pairs."""
    text_a, text_b = texts[pair.article_a], texts[pair.article_b]
    cache = {} if words is None else words
    words_a = _passage_words(cache, pair.article_a, text_a, pair.a, pair.para_a)
    words_b = _passage_words(cache, pair.article_b, text_b, pair.b, pair.para_b)
    if not words_a or not words_b or max(len(words_a), len(words_b)) > config.max_pair_words:
        return []
    keys_a, keys_b = [w.norm for w in words_a], [w.norm for w in words_b]
    similarity = sequence_similarity(keys_a, keys_b)
    if similarity < config.min_pair_similarity:
        return []
    found = []
    for before, after in _gaps(keys_a, keys_b):
        run_a = words_a[before[0] + before[2] : after[0]]
        run_b = words_b[before[1] + before[2] : after[1]]
        if len(run_a) > config.max_words or len(run_b) > config.max_words:
            continue
        bias_a = _bias_of(text_a, run_a, lexicons, bias)
        bias_b = _bias_of(text_b, run_b, lexicons, bias)
        if not run_a or not run_b:
            side_words = words_a if run_a else words_b
            added = _added_word(run_a or run_b, side_words, after, side_a=bool(run_a))
            score = (bias_a if run_a else bias_b).get(added.start, 0.0) if added else 0.0
            if score < config.min_added_bias:
                continue
            # the side without the word: an empty span where the word would stand
            run_a = run_a or (Token("", "", words_a[after[0]].start, words_a[after[0]].start),)
            run_b = run_b or (Token("", "", words_b[after[1]].start, words_b[after[1]].start),)
            rule: str | None = "added_word"
        elif max(len(run_a), len(run_b)) > config.max_words:
            continue
        else:
            rule = ""
        run_a, run_b = trimmed(run_a), trimmed(run_b)
        near = config.anchor_window
        left = words_a[max(before[0], before[0] + before[2] - near) : before[0] + before[2]]
        right = words_a[after[0] : after[0] + min(after[2], near)]
        if min(anchoring(left), anchoring(right)) < config.min_anchor_words:
            continue
        if broken(text_a, run_a) or broken(text_b, run_b):
            continue  # "Inc., slammed": a run across punctuation fills no single slot
        if reports(run_a, lexicons) != reports(run_b, lexicons):
            continue  # "said building" / "about European-led": a verb of saying against none
        rule = rule or kind_of(run_a, run_b, config)
        if rule is None:
            continue
        start_a, end_a = run_a[0].start, run_a[-1].end
        start_b, end_b = run_b[0].start, run_b[-1].end
        found.append(
            Substitution(
                pair.pair_id,
                pair.article_a,
                start_a,
                end_a,
                text_a[start_a:end_a],
                pair.article_b,
                start_b,
                end_b,
                text_b[start_b:end_b],
                _valence(run_a, lexicons),
                _valence(run_b, lexicons),
                _run_bias(run_a, bias_a),
                _run_bias(run_b, bias_b),
                rule,
                round(similarity, 4),
            )
        )
    return found


def _added_word(
    run: Sequence[Token], words: Sequence[Token], after: Block, *, side_a: bool
) -> Token | None:
    """The one word a side adds before a shared content word ("imposed [sweeping] tariffs" /
    "imposed tariffs"): a modifier the other outlet does without. None for anything else."""
    if len(run) != 1 or run[0].norm in STOPWORDS or run[0].text[:1].isupper():
        return None
    following = words[after[0] if side_a else after[1]]
    return run[0] if following.norm not in STOPWORDS else None


Block = tuple[int, int, int]  # (a_start, b_start, size) of a run both sides share


def _gaps(keys_a: Sequence[str], keys_b: Sequence[str]) -> list[tuple[Block, Block]]:
    """Consecutive pairs of shared runs in the word alignment: what lies between them on each
    side is one side's words in place of the other's."""
    blocks = matching_blocks(keys_a, keys_b)
    return list(pairwise(blocks))


def _passage_words(
    cache: dict[tuple[str, int, int], tuple[Token, ...]],
    article_id: str,
    text: str,
    span: Span,
    para_id: str,
) -> tuple[Token, ...]:
    """The words of a passage: cut from its paragraph's words when they are cached under
    `(para_id, -1, -1)` (a passage is whole words of its paragraph), else tokenized once."""
    key = (article_id, span.start, span.end)
    if key not in cache:
        para = cache.get((para_id, -1, -1))
        if para is not None:
            starts = [w.start for w in para]
            first, last = bisect_left(starts, span.start), bisect_left(starts, span.end)
            cache[key] = tuple(w for w in para[first:last] if w.end <= span.end)
        else:
            cache[key] = tokens(text[span.start : span.end], span.start)
    return cache[key]


def _bias_of(
    text: str, words: Sequence[Token], lexicons: BiasLexicons, config: BiasConfig
) -> dict[int, float]:
    """Bias score by word start of a run, scored on the run alone (no quote or sentence
    context: the same word scores the same on both sides)."""
    if not words:
        return {}
    words = tuple(words)
    offset = words[0].start
    passage = text[offset : words[-1].end]
    scored = score_words(passage, words, lexicons, config, offset=offset)
    by_start = {}
    for w in scored:
        for word in words:
            if w.start <= word.start < w.end:
                by_start[word.start] = w.score
    return by_start


def _run_bias(run: Sequence[Token], scores: Mapping[int, float]) -> float:
    return max((scores.get(w.start, 0.0) for w in run), default=0.0)


def _valence(run: Sequence[Token], lexicons: BiasLexicons) -> float:
    values = [lexicons.valence.get(w.norm, 0.0) for w in run]
    return round(max(values, key=abs, default=0.0), 4)


def substitution_rows(
    found: Sequence[Substitution], source_of: Mapping[str, str]
) -> tuple[dict[str, object], ...]:
    """Rows of `wording.csv` in WORDING_COLUMNS order."""
    return tuple(
        {
            "pair_id": s.pair_id,
            "source_a": source_of.get(s.article_a, ""),
            "source_b": source_of.get(s.article_b, ""),
            "article_a": s.article_a,
            "start_a": s.start_a,
            "end_a": s.end_a,
            "text_a": s.text_a,
            "article_b": s.article_b,
            "start_b": s.start_b,
            "end_b": s.end_b,
            "text_b": s.text_b,
            "valence_a": s.valence_a,
            "valence_b": s.valence_b,
            "valence_delta": s.valence_delta,
            "bias_a": s.bias_a,
            "bias_b": s.bias_b,
            "bias_delta": s.bias_delta,
            "score": s.score,
            "rule": s.rule,
            "pair_similarity": s.pair_similarity,
        }
        for s in found
    )
