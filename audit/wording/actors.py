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

from collections import Counter, defaultdict
from collections.abc import Sequence
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


def _runs(
    paragraph: Paragraph, words: Sequence[Token], known: frozenset[str] = frozenset()
) -> list[list[Token]]:
    """Runs of capitalised name words of one paragraph, sentence by sentence; a sentence's
    first word is a name when the next word is capitalised too or it is in `known` (names
    seen inside sentences: "Jones spoke")."""
    sentences = paragraph.sentences or sentence_spans(paragraph.text, offset=paragraph.start)
    runs: list[list[Token]] = []
    for sentence in sentences:
        inside = [w for w in words if sentence.start <= w.start < sentence.end]
        current: list[Token] = []
        for i, w in enumerate(inside):
            name = w.text[:1].isupper() and w.norm not in STOPWORDS
            name = name and not any(c.isdigit() for c in w.text)
            if name and i == 0:
                name = w.norm in known or (len(inside) > 1 and inside[1].text[:1].isupper())
            if name:
                current.append(w)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
    return runs


def actor_tones(
    articles: Sequence[Article],
    paragraphs: Sequence[Paragraph],
    lexicons: BiasLexicons,
    config: WordingConfig,
) -> tuple[ActorTone, ...]:
    """One row per source and main actor, sources in input order, actors most covered first."""
    source_of = {a.article_id: a.source for a in articles}
    content = [p for p in paragraphs if p.is_content and p.article_id in source_of]
    found = []  # (article_id, run, paragraph words, paragraph)
    frequency: Counter[str] = Counter()
    words_of = {p.para_id: tokens(p.text, p.start) for p in content}
    known = frozenset(w.norm for p in content for run in _runs(p, words_of[p.para_id]) for w in run)
    for p in content:
        words = words_of[p.para_id]
        for run in _runs(p, words, known):
            keys = [w.norm for w in run if w.norm not in _NOT_ACTORS]
            if keys:
                frequency.update(keys)
                found.append((p, run, words))
    mentions: list[Mention] = []
    for p, run, words in found:
        actor = max((w.norm for w in run if w.norm not in _NOT_ACTORS), key=frequency.get)
        span = Span(run[0].start, run[-1].end)
        context = _context(p, words, span, lexicons, config.actor_window)
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
    tones = []
    for source in dict.fromkeys(a.source for a in articles):
        for actor in ranked:
            mine = [m for m in mentions if m.actor == actor and source_of[m.article_id] == source]
            if mine:
                tones.append(ActorTone(source, actor, tuple(mine)))
    return tuple(tones)


def _context(
    paragraph: Paragraph,
    words: Sequence[Token],
    span: Span,
    lexicons: BiasLexicons,
    window: int,
) -> tuple[tuple[Token, float], ...]:
    sentences = paragraph.sentences or sentence_spans(paragraph.text, offset=paragraph.start)
    sentence = next((s for s in sentences if s.start <= span.start < s.end), None)
    inside = [w for w in words if sentence is None or sentence.start <= w.start < sentence.end]
    first = next(i for i, w in enumerate(inside) if w.start >= span.start)
    last = max(i for i, w in enumerate(inside) if w.end <= span.end)
    near = inside[max(0, first - window) : first] + inside[last + 1 : last + 1 + window]
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
