"""Actor-directed tone: per source and main named actor, the valence of the words around the
actor's mentions ("the embattled Trump", "Kim's brutal regime").

Names are runs of capitalised words inside a sentence (a sentence's first word only when the
next word is capitalised too, "Donald Trump said", or it is a name inside a sentence elsewhere
in the story, "Trump said"); titles and function words are not names. A
run is one mention of its most frequent word in the story ("Donald Trump", "President Trump"
and "Trump" are all `trump`). The main actors are the `max_actors` names mentioned by most
sources (at least two), then most often. Around each mention, the words within `actor_window`
words in the same sentence, other names aside, are the actor's context; their VADER valences
(in [-1, 1]) are the evidence, each with its span, and `tone` is their mean.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.align.terms import STOPWORDS
from audit.config import WordingConfig
from audit.framing.bias import BiasLexicons
from audit.ingest.segment import sentence_spans
from audit.model import Article, Paragraph, Span
from audit.text.normalize import Token, tokens

ACTOR_COLUMNS = (
    "source", "actor", "n_articles", "n_mentions", "n_tone_words", "tone", "positive",
    "negative", "evidence", "mentions",
)  # fmt: skip
# Words that are capitalised but name no actor: titles, months, days.
_NOT_ACTORS = frozenset(
    "mr mrs ms dr president prime minister secretary chancellor general sen rep gov king queen"
    " january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday".split()
)
_DIGIT = re.compile(r"\d")
_SHOWN = 12  # evidence words per row (the strongest first) and mention spans


@dataclass(frozen=True, slots=True)
class Mention:
    article_id: str
    actor: str
    span: Span
    context: tuple[tuple[Token, float], ...]  # nearby words with a valence


@dataclass(frozen=True, slots=True)
class ActorTone:
    """The tone of one source's words around one actor, with the words as evidence."""

    source: str
    actor: str
    mentions: tuple[Mention, ...]

    @property
    def words(self) -> tuple[tuple[str, Token, float], ...]:
        return tuple((m.article_id, w, v) for m in self.mentions for w, v in m.context)

    @property
    def tone(self) -> float:
        values = [v for _, _, v in self.words]
        return round(sum(values) / len(values), 4) if values else 0.0


def _sentence_words(paragraph: Paragraph, words: Sequence[Token]) -> list[list[Token]]:
    """The paragraph's words, sentence by sentence (one pass: both are in text order)."""
    sentences = paragraph.sentences or sentence_spans(paragraph.text, offset=paragraph.start)
    grouped: list[list[Token]] = [[] for _ in sentences]
    index = 0
    for w in words:
        while index < len(sentences) - 1 and w.start >= sentences[index].end:
            index += 1
        if sentences and sentences[index].start <= w.start < sentences[index].end:
            grouped[index].append(w)
    return grouped


def _runs(
    sentences: Sequence[Sequence[Token]], known: frozenset[str] = frozenset()
) -> list[tuple[list[Token], Sequence[Token]]]:
    """Runs of capitalised name words, each with its sentence's words; a sentence's first word
    is a name when the next word is capitalised too or it is in `known` (names seen inside
    sentences: "Jones spoke")."""
    runs: list[tuple[list[Token], Sequence[Token]]] = []
    for inside in sentences:
        current: list[Token] = []
        for i, w in enumerate(inside):
            name = w.text[:1].isupper() and w.norm not in STOPWORDS and not _DIGIT.search(w.text)
            if name and i == 0:
                name = w.norm in known or (len(inside) > 1 and inside[1].text[:1].isupper())
            if name:
                current.append(w)
            elif current:
                runs.append((current, inside))
                current = []
        if current:
            runs.append((current, inside))
    return runs


def actor_tones(
    articles: Sequence[Article],
    paragraphs: Sequence[Paragraph],
    lexicons: BiasLexicons,
    config: WordingConfig,
    *,
    words: Mapping[str, tuple[Token, ...]] | None = None,
) -> tuple[ActorTone, ...]:
    """One row per source and main actor, sources in input order, actors most covered first.
    `words` (para_id -> tokens, as the pipeline has them) saves tokenizing again."""
    source_of = {a.article_id: a.source for a in articles}
    content = [p for p in paragraphs if p.is_content and p.article_id in source_of]
    found = []  # (paragraph, run, its sentence's words)
    frequency: Counter[str] = Counter()
    words = words or {}
    sentences_of = {
        p.para_id: _sentence_words(p, words.get(p.para_id) or tokens(p.text, p.start))
        for p in content
    }
    known = frozenset(
        w.norm for p in content for run, _ in _runs(sentences_of[p.para_id]) for w in run
    )
    for p in content:
        for run, sentence in _runs(sentences_of[p.para_id], known):
            keys = [w.norm for w in run if w.norm not in _NOT_ACTORS]
            if keys:
                frequency.update(keys)
                found.append((p, run, sentence))
    mentions: list[Mention] = []
    for p, run, sentence in found:
        actor = max((w.norm for w in run if w.norm not in _NOT_ACTORS), key=frequency.get)
        span = Span(run[0].start, run[-1].end)
        context = _context(sentence, run, lexicons, config.actor_window)
        mentions.append(Mention(p.article_id, actor, span, context))
    sources_of: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for m in mentions:
        sources_of[m.actor].add(source_of[m.article_id])
        counts[m.actor] += 1
    ranked = sorted(
        (a for a in counts if len(sources_of[a]) >= 2),
        key=lambda a: (-len(sources_of[a]), -counts[a], a),
    )[: config.max_actors]
    by_pair: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_pair[(source_of[m.article_id], m.actor)].append(m)
    tones = []
    for source in dict.fromkeys(a.source for a in articles):
        for actor in ranked:
            if (source, actor) in by_pair:
                tones.append(ActorTone(source, actor, tuple(by_pair[(source, actor)])))
    return tuple(tones)


def _context(
    sentence: Sequence[Token], run: Sequence[Token], lexicons: BiasLexicons, window: int
) -> tuple[tuple[Token, float], ...]:
    """The valenced words within `window` words of the mention, in its sentence, names aside."""
    first = next(i for i, w in enumerate(sentence) if w.start == run[0].start)
    last = first + len(run) - 1
    near = [*sentence[max(0, first - window) : first], *sentence[last + 1 : last + 1 + window]]
    context = []
    for w in near:
        value = lexicons.valence.get(w.norm, 0.0)
        if value and not w.text[:1].isupper():
            context.append((w, value))
    return tuple(context)


def actor_rows(tones: Sequence[ActorTone]) -> tuple[dict[str, object], ...]:
    """Rows of `actors.csv` in ACTOR_COLUMNS order; `evidence` lists the context words as
    `article:start-end word valence`, strongest first; `mentions` the first mention spans."""
    rows = []
    for t in tones:
        words = sorted(t.words, key=lambda x: (-abs(x[2]), x[0], x[1].start))
        rows.append(
            {
                "source": t.source,
                "actor": t.actor,
                "n_articles": len({m.article_id for m in t.mentions}),
                "n_mentions": len(t.mentions),
                "n_tone_words": len(words),
                "tone": t.tone,
                "positive": sum(v > 0 for _, _, v in words),
                "negative": sum(v < 0 for _, _, v in words),
                "evidence": "; ".join(
                    f"{a}:{w.start}-{w.end} {w.text} {v:+.2f}" for a, w, v in words[:_SHOWN]
                ),
                "mentions": "; ".join(
                    f"{m.article_id}:{m.span.start}-{m.span.end}" for m in t.mentions[:_SHOWN]
                ),
            }
        )
    return tuple(rows)
