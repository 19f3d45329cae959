"""Framing evidence: the spans of an article that show how it frames its story.

Each finder is a small function of one paragraph's text (at `offset` in its article) that returns
`Evidence`; `frame_article` runs them all over an article's content paragraphs, and
`evidence_rows` gives the rows of `evidence.csv`. Only paragraphs marked content are analysed:
headings, boilerplate and scraped repeats would count one outlet's words twice.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from audit.config import AlignConfig, FramingConfig
from audit.framing import mpqa
from audit.framing.attribution import (
    Attribution,
    attribution_heads,
    find_attributions,
    resolve_pronouns,
    sentence_mentions,
)
from audit.framing.bias import (
    BiasLexicons,
    BiasWord,
    bias_evidence,
    bias_indexes,
    bias_lexicons,
    check_not_bias,
    score_words,
    topic_words,
)
from audit.framing.evidence import Evidence
from audit.framing.finders import (
    Where,
    anonymity_markers,
    attribution_evidence,
    hedges,
    intensifiers,
    loaded_words,
    quote_evidence,
    slanted_verbs,
)
from audit.framing.lexicon import Lexicon, load_lexicons
from audit.framing.naming import NamingVariant, find_naming_variants, naming_evidence
from audit.framing.quotes import Quote, find_quotes, quote_spans
from audit.framing.speakers import source_heads
from audit.ingest.segment import sentence_spans
from audit.model import Article, Paragraph, Span
from audit.text.normalize import Token, tokens
from audit.text.spans import covered_by

EVIDENCE_COLUMNS = (
    "article_id", "source", "para_id", "start", "end", "text", "kind", "rule", "weight",
    "quoted",  # 1 when a bias_word stands inside a quotation: the speaker's word
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArticleFraming:
    """What framing analysis found in one article's content paragraphs; `scored`: every scored
    word occurrence, flagged or not (the sentence bias score combines them)."""

    article_id: str
    evidence: tuple[Evidence, ...]
    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    scored: tuple[BiasWord, ...] = ()


def lexicons_for(config: FramingConfig) -> Mapping[str, Lexicon]:
    """The bundled lexicons with the user's additions and removals from the config, the MPQA
    clues when the config names their file, and the bias score's indexes over them. Loaded once
    per process for each distinct set of those settings (the lexicons are immutable).
    AuditInputError if an entry of `config.bias.not_bias` matches no lexicon entry."""
    lexicons = _lexicons(config.lexicon_add, config.lexicon_remove, config.mpqa_path)
    check_not_bias(config.bias.not_bias, lexicons)
    return lexicons


@cache
def _lexicons(
    add: tuple[str, ...], remove: tuple[str, ...], mpqa_path: str | None
) -> Mapping[str, Lexicon]:
    lexicons = dict(load_lexicons(add, remove))
    if mpqa_path:
        lexicons[mpqa.STRONG], lexicons[mpqa.WEAK] = mpqa.load_mpqa(Path(mpqa_path))
    lexicons.update(bias_indexes(lexicons))
    return MappingProxyType(lexicons)


def frame_article(
    article: Article,
    paragraphs: Sequence[Paragraph],
    lexicons: Mapping[str, Lexicon],
    config: FramingConfig,
    *,
    words: Mapping[str, tuple[Token, ...]] | None = None,
    topic: frozenset[str] = frozenset(),
    quotes: Mapping[str, tuple[Span, ...]] | None = None,
) -> ArticleFraming:
    """All framing evidence, quotes and attributions of one article's content paragraphs
    (`paragraphs` may be the story's; `words`: para_id -> `tokens(p.text, p.start)`, made here
    where missing; `topic`: the story's topic words for this article, `bias.topic_words`;
    `quotes`: para_id -> `quote_spans` of the paragraph, made here where missing)."""
    content = [p for p in paragraphs if p.article_id == article.article_id and p.is_content]
    found, mentions = [], []
    source_nouns = source_heads(lexicons)
    heads = attribution_heads(lexicons)  # once per article, not per paragraph
    given = words or {}
    words = {p.para_id: given.get(p.para_id) or tokens(p.text, p.start) for p in content}
    quoted = {p.para_id: _quotes(p, quotes) for p in content}  # once each
    for p in content:
        spans = quoted[p.para_id]
        sentences = _sentences(p)
        found += find_attributions(
            p.text,
            lexicons,
            offset=p.start,
            sentences=sentences,
            exclude=spans,
            words=words[p.para_id],
            heads=heads,
            phrase_words=config.attribution_phrase_words,
        )
        mentions += sentence_mentions(
            p.text,
            offset=p.start,
            sentences=sentences,
            exclude=spans,
            not_names=source_nouns,
            words=words[p.para_id],
            opening_words=config.attribution_opening_words,
        )
    resolved = resolve_pronouns(found, mentions)
    para_of = _paragraph_of([a.start for a in resolved], content)
    of_paragraph: dict[str, list[Attribution]] = {}
    for a in resolved:  # in text order, as each paragraph's evidence wants them
        of_paragraph.setdefault(para_of[a.start], []).append(a)
    evidence: list[Evidence] = []
    found_quotes: list[Quote] = []
    every_scored: list[BiasWord] = []
    biased = bias_lexicons(lexicons)
    for p in content:
        para_words = words[p.para_id]
        where = Where(
            p.start,
            article.article_id,
            p.para_id,
            para_words,
            frozenset(w.norm for w in para_words),
        )
        mine = of_paragraph.get(p.para_id, [])
        para_quotes = find_quotes(
            p.text,
            article_id=article.article_id,
            para_id=p.para_id,
            offset=p.start,
            sentences=_sentences(p),
            attributions=mine,
            scare_max_words=config.scare_quote_max_words,
            spans=quoted[p.para_id],
        )
        found_quotes.extend(para_quotes)
        spans = quoted[p.para_id]
        in_quote = covered_by(spans)
        # Word choice inside a quotation is the speaker's, not the outlet's: the outlet's choice
        # there is to quote, which the quotation evidence records.
        own_voice = [
            e
            for e in (
                *loaded_words(p.text, lexicons, where),
                *intensifiers(p.text, lexicons, where),
                *hedges(p.text, lexicons, where),
                *slanted_verbs(p.text, lexicons, where, attributions=mine),
            )
            if not in_quote(e.start)
        ]
        evidence.extend(own_voice)
        scored = paragraph_bias_scores(
            p, biased, config, words=words[p.para_id], quotes=spans, topic=topic
        )
        every_scored.extend(scored)
        ids = {"article_id": article.article_id, "para_id": p.para_id}
        evidence.extend(bias_evidence(scored, config.bias_threshold, **ids))
        evidence.extend(anonymity_markers(p.text, lexicons, where))
        evidence.extend(quote_evidence(para_quotes))
    evidence.extend(attribution_evidence(resolved, article_id=article.article_id, para_of=para_of))
    return ArticleFraming(
        article.article_id,
        _in_text_order(evidence),
        tuple(found_quotes),
        tuple(resolved),
        tuple(every_scored),
    )


def paragraph_bias_scores(
    paragraph: Paragraph,
    biased: BiasLexicons,
    config: FramingConfig,
    *,
    words: tuple[Token, ...] | None = None,
    quotes: Sequence[Span] | None = None,
    topic: frozenset[str] = frozenset(),
) -> tuple[BiasWord, ...]:
    """Every scored word occurrence of one paragraph, flagged or not (benchmarks sweep the
    threshold over these). Pass `words` and `quotes` when they are at hand, `topic` (the
    story's topic words for its article, `story_topics`) to score them as the stage does."""
    return score_words(
        paragraph.text,
        tokens(paragraph.text, paragraph.start) if words is None else words,
        biased,
        config.bias,
        offset=paragraph.start,
        quotes=quote_spans(paragraph.text, offset=paragraph.start) if quotes is None else quotes,
        sentences=_sentences(paragraph),
        topic=topic,
    )


def story_topics(
    paragraphs: Sequence[Paragraph],
    config: FramingConfig,
    words: Mapping[str, tuple[Token, ...]] | None = None,
    quotes: Mapping[str, Sequence[Span]] | None = None,
) -> dict[str, frozenset[str]]:
    """article_id -> the story's topic words for that article (`bias.topic_words` over the
    content paragraphs' words outside quotations: what the outlets write themselves, not a
    speaker's word several of them quote; `words` as for `frame_story`, `quotes`: para_id ->
    `quote_spans`, made here where missing)."""
    used: dict[str, set[str]] = {}
    for p in paragraphs:
        if p.is_content:
            found = (words or {}).get(p.para_id) or tokens(p.text, p.start)
            spans = _quotes(p, quotes)
            own = _outside(found, spans) if spans else found
            used.setdefault(p.article_id, set()).update(w.norm for w in own)
    return topic_words(used, config.bias.topic_share)


def _paragraph_of(offsets: Sequence[int], paragraphs: Sequence[Paragraph]) -> dict[int, str]:
    """offset -> the para_id of the paragraph it falls in (offsets outside every one left out),
    by binary search over the paragraphs' starts instead of a scan of them per offset."""
    ordered = sorted(paragraphs, key=lambda p: p.start)
    starts = [p.start for p in ordered]
    found = {}
    for at in offsets:
        k = bisect_right(starts, at) - 1
        if k >= 0 and at < ordered[k].end:
            found[at] = ordered[k].para_id
    return found


def _quotes(paragraph: Paragraph, given: Mapping[str, tuple[Span, ...]] | None) -> tuple[Span, ...]:
    found = (given or {}).get(paragraph.para_id)
    return quote_spans(paragraph.text, offset=paragraph.start) if found is None else found


def _outside(words: Sequence[Token], quotes: Sequence[Span]) -> list[Token]:
    in_quote = covered_by(quotes)
    return [w for w in words if not in_quote(w.start)]


def _sentences(paragraph: Paragraph) -> tuple[Span, ...]:
    return paragraph.sentences or sentence_spans(paragraph.text, offset=paragraph.start)


def _in_text_order(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=lambda e: (e.start, e.end, e.kind, e.rule)))


def evidence_rows(
    evidence: Sequence[Evidence], source_of: Mapping[str, str]
) -> tuple[dict[str, object], ...]:
    """Rows of `evidence.csv` in EVIDENCE_COLUMNS order; `source_of` maps article_id -> source."""
    return tuple(
        {
            "article_id": e.article_id,
            "source": source_of.get(e.article_id, ""),
            "para_id": e.para_id,
            "start": e.start,
            "end": e.end,
            "text": e.text,
            "kind": str(e.kind),
            "rule": e.rule,
            "weight": round(e.weight, 4),
            "quoted": int(e.quoted),
        }
        for e in evidence
    )


@dataclass(frozen=True, slots=True)
class StoryFraming:
    """Framing analysis of one story: per article, plus the naming variants across articles.
    `evidence` holds everything for `evidence.csv`, naming-variant spans included."""

    articles: tuple[ArticleFraming, ...]
    variants: tuple[NamingVariant, ...]
    evidence: tuple[Evidence, ...]

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return tuple(q for a in self.articles for q in a.quotes)


def frame_story(
    articles: Sequence[Article],
    paragraphs: Sequence[Paragraph],
    config: FramingConfig,
    lexicons: Mapping[str, Lexicon] | None = None,
    *,
    words: Mapping[str, tuple[Token, ...]] | None = None,
    align: AlignConfig | None = None,
) -> StoryFraming:
    """Framing evidence for every article of a story (content paragraphs only) and the naming
    variants across them. Pass `lexicons` to reuse loaded ones across stories, `words`
    (`audit.align.stage.content_words`) to tokenise each paragraph once for every stage, `align`
    (the run's alignment config) for the same-claim score naming variants are judged by."""
    lexicons = lexicons if lexicons is not None else lexicons_for(config)
    of_article: dict[str, list[Paragraph]] = {}
    for p in paragraphs:  # each article's own paragraphs: not a scan of the story per article
        of_article.setdefault(p.article_id, []).append(p)
    if words is None:  # tokenised once: the topic words and every finder read them
        words = {p.para_id: tokens(p.text, p.start) for p in paragraphs if p.is_content}
    quotes = {p.para_id: quote_spans(p.text, offset=p.start) for p in paragraphs if p.is_content}
    topics = story_topics(paragraphs, config, words, quotes)
    framed = tuple(
        frame_article(
            a,
            of_article.get(a.article_id, []),
            lexicons,
            config,
            words=words,
            topic=topics.get(a.article_id, frozenset()),
            quotes=quotes,
        )
        for a in articles
    )
    variants = find_naming_variants(articles, paragraphs, config, words=words, align=align)
    evidence = [e for f in framed for e in f.evidence] + list(naming_evidence(variants))
    order = {a.article_id: i for i, a in enumerate(articles)}
    evidence.sort(key=lambda e: (order.get(e.article_id, 0), e.start, e.end, e.kind, e.rule))
    return StoryFraming(framed, variants, tuple(evidence))
