"""The story overview: each outlet's headline and date, and a coverage map of its claims (which
outlet reports, partly reports, leaves out or does not cover each), with one sentence per
outlet on what it alone reports and what it leaves out that most others report, and which
outlets' headlines match another's headline or lede (the alignment's headline links)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.align.titles import TITLE, TITLE_LEDE
from audit.align.units import Unit
from audit.app.view import escape
from audit.model import Paragraph, ParaKind, Span
from audit.pipeline import AuditResult

# How a cell of the coverage map reads, by the omissions stage's status.
CELL_WORDS = {
    "covered": "reported",
    "unique": "reported",
    "partly": "partly",
    "omitted": "left out",
    "not_covered": "not covered",
}
# A claim is shown by its first sentence, cut to this many characters: a row of the map must
# stay one or two lines in a 1400 px window.
_CLAIM_CHARS = 150
# Double quotation marks (straight, curly, low and guillemets): a claim with one of these quotes
# someone itself.
_DOUBLE_QUOTES = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')


@dataclass(frozen=True, slots=True)
class Claim:
    """A story unit in words, with how each source stands to it."""

    unit_id: str
    text: str  # the unit's first sentence (its first paragraph in reading order)
    cells: Mapping[str, str]  # source -> "reported" / "partly" / "left out" / "not covered"
    n_reporting: int
    n_sources: int


@dataclass(frozen=True, slots=True)
class Outlet:
    source: str
    headline: str
    headline_given: bool  # False when no title was given and the first sentence stands in
    published: str
    reported: int
    only_here: int
    left_out: int


@dataclass(frozen=True, slots=True)
class HeadlineMatch:
    """A headline link (`align.titles`): one outlet's headline against another's headline
    (kind "title") or lede sentence ("title-lede"), with both sentences as its evidence."""

    link_id: str
    kind: str
    source_a: str  # the headline's outlet
    source_b: str  # the other headline's or the lede's outlet
    probability: float
    text_a: str
    text_b: str


def _status_word(status: object) -> str:
    value = str(status)
    return "partly" if "part" in value else CELL_WORDS.get(value, value.replace("_", " "))


def claims(result: AuditResult) -> tuple[Claim, ...]:
    """Every story unit as a claim in words, most widely reported first, then in the order the
    story's first source tells them."""
    paragraphs = {p.para_id: p for p in result.paragraphs}
    by_unit: dict[str, dict[str, str]] = {}
    for entry in result.comparison.omissions:
        by_unit.setdefault(entry.unit_id, {})[entry.source] = _status_word(entry.status)
    order = {a.article_id: i for i, a in enumerate(result.story.articles)}
    rows = []
    for unit in result.alignment.units:
        cells = by_unit.get(unit.unit_id, {})
        reporting = sum(1 for word in cells.values() if word in ("reported", "partly"))
        first = min(unit.members, key=lambda m: _place(paragraphs[m.para_id], order))
        rows.append(
            Claim(
                unit_id=unit.unit_id,
                text=claim_text(paragraphs[first.para_id]),
                cells=cells,
                n_reporting=reporting,
                n_sources=len(cells),
            )
        )
    first_place = {u.unit_id: _unit_place(u, paragraphs, order) for u in result.alignment.units}
    return tuple(sorted(rows, key=lambda c: (-c.n_reporting, first_place[c.unit_id])))


def _place(paragraph: Paragraph, order: Mapping[str, int]) -> tuple[int, int]:
    return order.get(paragraph.article_id, 0), paragraph.index


def _unit_place(
    unit: Unit, paragraphs: Mapping[str, Paragraph], order: Mapping[str, int]
) -> tuple[int, int]:
    return min(_place(paragraphs[m.para_id], order) for m in unit.members)


def claim_text(paragraph: Paragraph) -> str:
    """A paragraph's first sentence (offsets of its sentences point into the article), cut."""
    if paragraph.sentences:
        span = paragraph.sentences[0]
        text = paragraph.text[span.start - paragraph.start : span.end - paragraph.start]
    else:
        text = paragraph.text
    text = " ".join(text.split())
    return text if len(text) <= _CLAIM_CHARS else text[: _CLAIM_CHARS - 1].rstrip() + "…"


def outlets(result: AuditResult, shown: Sequence[Claim] | None = None) -> tuple[Outlet, ...]:
    """Each source once, in input order, with its (first article's) headline and date and its
    counts of claims."""
    every = claims(result) if shown is None else shown
    seen: dict[str, Outlet] = {}
    for article in result.story.articles:
        if article.source in seen:
            continue
        headline, given = _headline(result, article.article_id, article.title)
        cells = [c.cells.get(article.source, "") for c in every]
        seen[article.source] = Outlet(
            source=article.source,
            headline=headline,
            headline_given=given,
            published=article.published or "not given",
            reported=sum(1 for w in cells if w in ("reported", "partly")),
            only_here=sum(
                1 for c in every if c.n_reporting == 1 and c.cells.get(article.source) == "reported"
            ),
            left_out=cells.count("left out"),
        )
    return tuple(seen.values())


def _headline(result: AuditResult, article_id: str, title: str) -> tuple[str, bool]:
    if title.strip():
        return " ".join(title.split()), True
    paragraphs = result.paragraphs_of(article_id)
    if paragraphs and paragraphs[0].kind is ParaKind.HEADING:
        return " ".join(paragraphs[0].text.split()), True
    content = [p for p in paragraphs if p.is_content]
    return (claim_text(content[0]), False) if content else ("", False)


def outlet_sentence(source: str, every: Sequence[Claim]) -> str:
    """What `source` alone reports and what it leaves out that most others report, in words."""
    alone = [c for c in every if c.n_reporting == 1 and c.cells.get(source) == "reported"]
    left_out = [c for c in every if c.cells.get(source) == "left out"]
    parts = []
    if alone:
        noun = "claim" if len(alone) == 1 else "claims"
        parts.append(f"{source} alone reports {len(alone)} {noun}, such as {quoted(alone[0].text)}")
    else:
        parts.append(f"{source} reports nothing the others do not")
    if left_out:
        noun = "claim" if len(left_out) == 1 else "claims"
        parts.append(
            f"leaves out {len(left_out)} {noun} most others report, such as "
            f"{quoted(left_out[0].text)}"
        )
    else:
        parts.append("leaves out nothing that most others report")
    return "; it ".join(parts) + "."


def quoted(text: str) -> str:
    """A claim set in quotation marks inside a sentence, without its closing full stop (the
    sentence has its own); a claim that has double quotation marks of its own ("We cannot…,"
    said the mayor) is left as it is, so that no mark is shown twice."""
    text = text.rstrip()
    text = text[:-1] if text.endswith(".") and not text.endswith("..") else text
    if any(mark in text for mark in _DOUBLE_QUOTES):
        return text
    return f"“{text}”"


def coverage_html(shown: Sequence[Claim], sources: Sequence[str]) -> str:
    """The coverage map as an HTML table (every text cell escaped): rows claims, columns
    outlets, a cell per status, each row's count of outlets reporting it."""
    head = "".join(f"<th>{escape(s)}</th>" for s in sources)
    rows = []
    for claim in shown:
        cells = "".join(
            f'<td class="cov-{escape(word.replace(" ", "-"))}">{escape(word)}</td>'
            for word in (claim.cells.get(s, "not covered") for s in sources)
        )
        count = f"{claim.n_reporting} of {claim.n_sources}"
        rows.append(
            f'<tr><td class="claim">{escape(claim.text)}</td>'
            f'<td class="count">{escape(count)}</td>{cells}</tr>'
        )
    return (
        '<div class="audit-scroll"><table class="audit-coverage">'
        f"<thead><tr><th>claim (first sentence)</th><th>outlets</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def sentences_html(sources: Sequence[str], every: Sequence[Claim]) -> str:
    """One sentence per outlet (`outlet_sentence`), as an escaped HTML list."""
    items = "".join(f"<li>{escape(outlet_sentence(s, every))}</li>" for s in sources)
    return f'<ul class="audit-outlets">{items}</ul>'


def outlets_html(rows: Sequence[Outlet]) -> str:
    """Each outlet's headline (or, marked, its first sentence), date and counts of claims, as an
    escaped HTML table."""
    body = []
    flag = '<span class="audit-flag">no headline given; first sentence</span> '
    for o in rows:
        headline = escape(o.headline) if o.headline_given else flag + escape(o.headline)
        counts = (o.reported, o.only_here, o.left_out)
        numbers = "".join(f'<td class="count">{n}</td>' for n in counts)
        body.append(
            f'<tr><td class="outlet">{escape(o.source)}</td><td class="headline">{headline}</td>'
            f"<td>{escape(o.published)}</td>{numbers}</tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("outlet", "headline", "published", "claims reported", "only here", "left out")
    )
    return (
        f'<div class="audit-scroll"><table class="audit-outlets"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def span_text(paragraph: Paragraph, span: Span) -> str:
    """The text of `span` (offsets into the article) inside `paragraph`, whitespace joined."""
    text = paragraph.text[span.start - paragraph.start : span.end - paragraph.start]
    return " ".join(text.split())


def headline_matches(result: AuditResult) -> tuple[HeadlineMatch, ...]:
    """The story's headline links as the alignment found them (`Link.kind` "title" or
    "title-lede"), most probable first."""
    paragraphs = {p.para_id: p for p in result.paragraphs}
    source_of = result.source_of()
    found = [
        HeadlineMatch(
            link_id=link.link_id,
            kind=link.kind,
            source_a=source_of.get(link.article_a, link.article_a),
            source_b=source_of.get(link.article_b, link.article_b),
            probability=link.probability,
            text_a=span_text(paragraphs[link.para_a], link.claim_a),
            text_b=span_text(paragraphs[link.para_b], link.claim_b),
        )
        for link in result.alignment.links
        if link.kind in (TITLE, TITLE_LEDE)
    ]
    return tuple(sorted(found, key=lambda m: (-m.probability, m.link_id)))


def headline_sentence(match: HeadlineMatch) -> str:
    """A headline link in words: "Outlet B's headline matches Outlet A's lede"."""
    if match.kind == TITLE:
        return f"{match.source_a}'s headline matches {match.source_b}'s headline"
    return f"{match.source_a}'s headline matches {match.source_b}'s lede"


def headlines_html(matches: Sequence[HeadlineMatch]) -> str:
    """Which outlets' headlines match each other or another outlet's lede, each with its
    probability and both sentences one click away (escaped HTML)."""
    if not matches:
        return (
            '<div class="audit-headline-links"><b>Headlines that match</b>: none (no outlet\'s'
            " headline matches another's headline or lede)</div>"
        )
    items = []
    for match in matches:
        said = f"{headline_sentence(match)} (probability {match.probability:.2f})"
        other = "headline" if match.kind == TITLE else "lede"
        items.append(
            f'<li data-link="{escape(match.link_id)}"><details><summary>{escape(said)}</summary>'
            f"<blockquote><b>{escape(match.source_a)}, headline:</b> {escape(match.text_a)}"
            f"</blockquote><blockquote><b>{escape(match.source_b)}, {other}:</b> "
            f"{escape(match.text_b)}</blockquote></details></li>"
        )
    return (
        '<div class="audit-headline-links"><b>Headlines that match</b> '
        f"({len(matches)}; headline against headline and against the lede)"
        f"<ul>{''.join(items)}</ul></div>"
    )
