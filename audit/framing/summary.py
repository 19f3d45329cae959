"""Framing measures aggregated per source, per story unit and source, and per outlet across stories.

Rates are per 100 words of content, so long and short articles compare. Sentiment and readability
are word-weighted means of the paragraph measures. Within a unit (paragraphs of different sources
reporting the same claim, given as a `para_id -> unit_id` mapping) each source is also compared
with the others: its sentiment and readability minus theirs, and the loaded words, hedges,
intensifiers and slanted verbs only it uses there. Profiles average each source's per-story
values, and its difference from the other sources of the same story, over stories.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from audit.framing.evidence import Evidence, EvidenceKind
from audit.framing.quotes import Quote
from audit.framing.stage import StoryFraming
from audit.model import Article, Paragraph, ParagraphMeasures
from audit.text.normalize import fold

KINDS = tuple(str(k) for k in EvidenceKind)
RATE_COLUMNS = tuple(f"rate_{k}" for k in KINDS)
# The measures compared across sources and averaged into profiles.
METRICS = (
    "sentiment",
    "reading_ease",
    "grade_level",
    *RATE_COLUMNS,
    "quoted_share",
    "anonymous_share",
)
FRAMING_COLUMNS = (
    "scope",  # "source" (whole story) or "unit"
    "unit_id",
    "source",
    "n_paragraphs",
    "n_words",
    "sentiment",
    "reading_ease",
    "grade_level",
    *RATE_COLUMNS,
    "quoted_share",
    "named_attributions",
    "anonymous_attributions",
    "named_anonymous_ratio",
    "anonymous_share",
    "sentiment_delta",  # unit rows: this source minus the mean of the unit's other sources
    "reading_ease_delta",
    "only_here",  # unit rows: "kind:term" used by this source and by no other in the unit
)
QUOTE_COLUMNS = (
    "source",
    "speaker",
    "speaker_kind",
    "quotes",
    "quoted_words",
    "attributions",
    "first_span",
)
PROFILE_COLUMNS = (
    "source",
    "n_stories",
    *METRICS,
    *(f"{m}_vs_others" for m in METRICS),
)
# Kinds whose words are compared between sources inside a unit.
_COMPARED = (
    EvidenceKind.LOADED,
    EvidenceKind.HEDGE,
    EvidenceKind.INTENSIFIER,
    EvidenceKind.SLANTED_VERB,
)


@dataclass(frozen=True, slots=True)
class _Group:
    """The content paragraphs of one source (in one unit, or in the whole story)."""

    paragraphs: tuple[Paragraph, ...]
    evidence: tuple[Evidence, ...]
    quotes: tuple[Quote, ...]


def framing_rows(
    articles: Sequence[Article],
    paragraphs: Sequence[Paragraph],
    measures: Sequence[ParagraphMeasures],
    framing: StoryFraming,
    unit_of: Mapping[str, str],
    *,
    sentiment_delta_min: float = 0.0,
) -> tuple[dict[str, object], ...]:
    """Rows of `framing.csv` in FRAMING_COLUMNS order: one per source, then one per unit and
    source. `unit_of` maps para_id -> unit_id (empty: no unit rows)."""
    source_of = {a.article_id: a.source for a in articles}
    by_para = {m.para_id: m for m in measures}
    content = tuple(p for p in paragraphs if p.is_content and p.article_id in source_of)
    index = _index(framing.evidence, framing.quotes)
    rows = []
    for source in _sources(articles):
        mine = tuple(p for p in content if source_of[p.article_id] == source)
        group = _group(mine, index)
        rows.append(
            {"scope": "source", "unit_id": "", "source": source, **_measures(group, by_para)}
        )
    in_unit: dict[str, list[Paragraph]] = defaultdict(list)
    for paragraph in content:
        if paragraph.para_id in unit_of:
            in_unit[unit_of[paragraph.para_id]].append(paragraph)
    for unit_id in sorted(set(unit_of.values())):
        unit_paras = in_unit.get(unit_id, [])
        groups = {
            source: _group(tuple(p for p in unit_paras if source_of[p.article_id] == source), index)
            for source in _sources(articles)
        }
        groups = {s: g for s, g in groups.items() if g.paragraphs}
        rows.extend(_unit_rows(unit_id, groups, by_para, sentiment_delta_min))
    return tuple({c: row.get(c) for c in FRAMING_COLUMNS} for row in rows)


def _sources(articles: Sequence[Article]) -> list[str]:
    return list(dict.fromkeys(a.source for a in articles))


@dataclass(frozen=True, slots=True)
class _ByParagraph:
    """Evidence and quotes indexed by paragraph, so grouping a unit costs its own size, not the
    whole story's evidence (a 50-article story has hundreds of units)."""

    evidence: Mapping[str, tuple[Evidence, ...]]
    quotes: Mapping[str, tuple[Quote, ...]]


def _index(evidence: Sequence[Evidence], quotes: Sequence[Quote]) -> _ByParagraph:
    found: dict[str, list[Evidence]] = defaultdict(list)
    quoted: dict[str, list[Quote]] = defaultdict(list)
    for e in evidence:
        found[e.para_id].append(e)
    for q in quotes:
        quoted[q.para_id].append(q)
    return _ByParagraph(
        {k: tuple(v) for k, v in found.items()}, {k: tuple(v) for k, v in quoted.items()}
    )


def _group(paragraphs: tuple[Paragraph, ...], index: _ByParagraph) -> _Group:
    return _Group(
        paragraphs,
        tuple(e for p in paragraphs for e in index.evidence.get(p.para_id, ())),
        tuple(q for p in paragraphs for q in index.quotes.get(p.para_id, ())),
    )


def _measures(group: _Group, by_para: Mapping[str, ParagraphMeasures]) -> dict[str, object]:
    measured = [by_para[p.para_id] for p in group.paragraphs if p.para_id in by_para]
    n_words = sum(m.n_words for m in measured)
    counts = _kind_counts(group.evidence)
    named, anonymous = _attribution_counts(group.evidence)
    quoted = sum(q.n_words for q in group.quotes if not q.scare)
    return {
        "n_paragraphs": len(group.paragraphs),
        "n_words": n_words,
        "sentiment": _weighted(measured, lambda m: m.sentiment.compound),
        "reading_ease": _weighted(measured, lambda m: m.reading_ease),
        "grade_level": _weighted(measured, lambda m: m.grade_level),
        **{f"rate_{k}": _per_100(counts.get(k, 0), n_words) for k in KINDS},
        "quoted_share": _round(min(quoted / n_words, 1.0)) if n_words else None,
        "named_attributions": named,
        "anonymous_attributions": anonymous,
        "named_anonymous_ratio": _round(named / anonymous) if anonymous else None,
        "anonymous_share": _round(anonymous / (named + anonymous)) if named + anonymous else None,
    }


def _kind_counts(evidence: Iterable[Evidence]) -> dict[str, int]:
    """Evidence by kind; a quoted bias word is the speaker's choice, not the outlet's, so the
    bias-word rate counts only the outlet's own words (evidence.csv keeps both, marked)."""
    counts: dict[str, int] = defaultdict(int)
    for e in evidence:
        if not e.quoted:
            counts[str(e.kind)] += 1
    return counts


def _attribution_counts(evidence: Iterable[Evidence]) -> tuple[int, int]:
    """Named and anonymous speaker attributions (the anonymity formulas are evidence too, but one
    source granted anonymity is one attribution, so they are not counted here)."""
    attributions = [e for e in evidence if e.rule.startswith("attribution:")]
    named = sum(1 for e in attributions if e.kind is EvidenceKind.NAMED_ATTRIBUTION)
    return named, len(attributions) - named


def _weighted(
    measured: Sequence[ParagraphMeasures], value: Callable[[ParagraphMeasures], float | None]
) -> float | None:
    pairs = [(value(m), m.n_words) for m in measured if value(m) is not None and m.n_words]
    total = sum(w for _, w in pairs)
    return _round(sum(v * w for v, w in pairs) / total) if total else None


def _per_100(count: int, n_words: int) -> float | None:
    return _round(100.0 * count / n_words) if n_words else None


def _round(value: float) -> float:
    return round(value, 4)


def _unit_rows(
    unit_id: str,
    groups: Mapping[str, _Group],
    by_para: Mapping[str, ParagraphMeasures],
    sentiment_delta_min: float,
) -> list[dict[str, object]]:
    measured = {s: _measures(g, by_para) for s, g in groups.items()}
    terms = {s: _terms(g.evidence) for s, g in groups.items()}
    rows = []
    for source, values in measured.items():
        others = [v for s, v in measured.items() if s != source]
        other_terms = set().union(*(t for s, t in terms.items() if s != source))
        sentiment_delta = _delta(values["sentiment"], [o["sentiment"] for o in others])
        if sentiment_delta is not None and abs(sentiment_delta) < sentiment_delta_min:
            sentiment_delta = 0.0
        rows.append(
            {
                "scope": "unit",
                "unit_id": unit_id,
                "source": source,
                **values,
                "sentiment_delta": sentiment_delta,
                "reading_ease_delta": _delta(
                    values["reading_ease"], [o["reading_ease"] for o in others]
                ),
                "only_here": "; ".join(sorted(terms[source] - other_terms)) if others else "",
            }
        )
    return rows


def _terms(evidence: Iterable[Evidence]) -> set[str]:
    """ "kind:entry" for the compared kinds: the lexicon entry, so "claimed" and "claims" agree."""
    return {f"{e.kind}:{e.rule.split(':', 1)[-1]}" for e in evidence if e.kind in _COMPARED}


def _delta(value: object, others: Sequence[object]) -> float | None:
    known = [o for o in others if isinstance(o, float | int)]
    if not isinstance(value, float | int) or not known:
        return None
    return _round(value - sum(known) / len(known))


def quote_rows(
    framing: StoryFraming, source_of: Mapping[str, str]
) -> tuple[dict[str, object], ...]:
    """Rows of `quotes.csv` in QUOTE_COLUMNS order: per source and speaker, how often the source
    quotes them, with how many words, and how often it attributes anything to them at all."""
    cells: dict[tuple[str, str, str], dict[str, object]] = {}
    for article in framing.articles:
        source = source_of.get(article.article_id, "")
        for q in article.quotes:
            if q.scare:
                continue
            cell = _cell(cells, source, q.speaker or "(unknown)", q.speaker_kind or "unknown")
            cell["quotes"] = int(cell["quotes"]) + 1
            cell["quoted_words"] = int(cell["quoted_words"]) + q.n_words
            cell["first_span"] = cell["first_span"] or f"{q.article_id}:{q.start}-{q.end}"
        for a in article.attributions:
            cell = _cell(cells, source, a.speaker, str(a.kind))
            cell["attributions"] = int(cell["attributions"]) + 1
            cell["first_span"] = cell["first_span"] or f"{article.article_id}:{a.start}-{a.end}"
    ordered = sorted(cells.values(), key=lambda c: (c["source"], -int(c["quotes"]), c["speaker"]))
    return tuple({c: row[c] for c in QUOTE_COLUMNS} for row in ordered)


def _cell(
    cells: dict[tuple[str, str, str], dict[str, object]], source: str, speaker: str, kind: str
) -> dict[str, object]:
    key = (source, speaker_key(speaker, kind), kind)
    cell = cells.setdefault(
        key,
        {
            "source": source,
            "speaker": speaker,
            "speaker_kind": kind,
            "quotes": 0,
            "quoted_words": 0,
            "attributions": 0,
            "first_span": "",
        },
    )
    if len(speaker) > len(str(cell["speaker"])):
        cell["speaker"] = speaker  # show the fullest form: "German Chancellor Friedrich Merz"
    return cell


def speaker_key(speaker: str, kind: str) -> str:
    """One key per speaker however they are introduced: the surname for named speakers ("Keir
    Starmer", "Prime Minister Keir Starmer", "Starmer" -> "starmer"), the phrase without its
    article for anonymous ones ("the officials" -> "officials")."""
    words = fold(speaker).split()
    if kind == "named" and words:
        return words[-1]
    while words and words[0] in {"the", "a", "an", "one"}:
        words = words[1:]
    return " ".join(words)


def profile_rows(story_rows: Iterable[Mapping[str, object]]) -> tuple[dict[str, object], ...]:
    """Rows of `profiles.csv` in PROFILE_COLUMNS order, from the `framing_rows` of many stories
    (each row needs a `story_id` key added by the caller; unit rows are ignored). For each source:
    the mean of each metric over stories, and the mean over stories of its difference from the
    other sources of the same story (which removes what the story itself does to the measure)."""
    by_story: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for row in story_rows:
        if row.get("scope") == "source":
            by_story[str(row.get("story_id", ""))].append(row)
    values: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    stories: dict[str, set[str]] = defaultdict(set)
    for story_id, rows in by_story.items():
        for row in rows:
            source = str(row["source"])
            stories[source].add(story_id)
            for metric in METRICS:
                value = row.get(metric)
                if isinstance(value, float | int):
                    values[source][metric].append(float(value))
                others = [r.get(metric) for r in rows if r is not row]
                delta = _delta(value, others)
                if delta is not None:
                    values[source][f"{metric}_vs_others"].append(delta)
    profiles = []
    for source in sorted(stories):
        row: dict[str, object] = {"source": source, "n_stories": len(stories[source])}
        for column in PROFILE_COLUMNS[2:]:
            found = values[source][column]
            row[column] = _round(sum(found) / len(found)) if found else None
        profiles.append(row)
    return tuple(profiles)
