"""The side-by-side view: story units in reading order, one cell per source, with the differing
words of each linked pair and the link that explains the cell."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.align.diffs import DiffSpan
from audit.align.paragraphs import Link
from audit.align.units import Unit
from audit.app.view import Mark, escape, highlight, paragraph_block
from audit.model import Paragraph
from audit.pipeline import AuditResult


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One story unit across the chosen sources: an HTML cell per source (already escaped)."""

    unit_id: str
    label: str
    n_sources: int
    cells: tuple[str, ...]


def units_shown(
    result: AuditResult, sources: Sequence[str], *, shared_only: bool = False
) -> tuple[Unit, ...]:
    """Units that at least one chosen source covers (two, with `shared_only`), in the order the
    first chosen source tells them (then the next source's order for the units it alone of them
    covers)."""
    rank = {source: i for i, source in enumerate(sources)}
    paragraphs = {p.para_id: p for p in result.paragraphs}
    needed = 2 if shared_only and len(sources) > 1 else 1
    units = [u for u in result.alignment.units if len(set(u.sources) & set(rank)) >= needed]
    return tuple(sorted(units, key=lambda u: _reading_order(u, rank, paragraphs)))


def side_by_side(
    result: AuditResult,
    sources: Sequence[str],
    *,
    page: int = 0,
    per_page: int = 30,
    shared_only: bool = False,
) -> tuple[UnitRow, ...]:
    """One page of `units_shown` as rows of HTML cells, one cell per chosen source."""
    alignment = result.alignment
    paragraphs = {p.para_id: p for p in result.paragraphs}
    units = units_shown(result, sources, shared_only=shared_only)
    links = _links_by_paragraph(alignment.links)
    tokens = _diff_tokens(alignment.diffs)
    shown = units[page * per_page : (page + 1) * per_page]
    rows = tuple(
        UnitRow(
            unit_id=unit.unit_id,
            label=unit.label,
            n_sources=len(unit.sources),
            cells=tuple(
                _unit_cell(unit, source, sources, paragraphs, links, tokens, result)
                for source in sources
            ),
        )
        for unit in shown
    )
    return rows


def _reading_order(
    unit: Unit, rank: Mapping[str, int], paragraphs: Mapping[str, Paragraph]
) -> tuple[int, int, str]:
    return min(
        (rank[m.source], paragraphs[m.para_id].index, unit.unit_id)
        for m in unit.members
        if m.source in rank
    )


def _links_by_paragraph(links: Sequence[Link]) -> dict[str, list[Link]]:
    by_para: dict[str, list[Link]] = {}
    for link in links:
        by_para.setdefault(link.para_a, []).append(link)
        by_para.setdefault(link.para_b, []).append(link)
    return by_para


def _diff_tokens(diffs: Sequence[DiffSpan]) -> dict[tuple[str, str], list[DiffSpan]]:
    by_side: dict[tuple[str, str], list[DiffSpan]] = {}
    for token in diffs:
        by_side.setdefault((token.link_id, token.para_id), []).append(token)
    return by_side


def _unit_cell(
    unit: Unit,
    source: str,
    chosen: Sequence[str],
    paragraphs: Mapping[str, Paragraph],
    links: Mapping[str, list[Link]],
    tokens: Mapping[tuple[str, str], list[DiffSpan]],
    result: AuditResult,
) -> str:
    members = [m for m in unit.members if m.source == source]
    if not members:
        covered_by = ", ".join(unit.sources)
        return paragraph_block(
            escape(f"Not reported by {source} (reported by {covered_by})"), css=["gap"]
        )
    others = {m.para_id for m in unit.members if m.source != source and m.source in chosen}
    unique = len(unit.sources) == 1
    blocks = []
    for member in members:
        paragraph = paragraphs[member.para_id]
        link = _best_link(links.get(member.para_id, []), member.para_id, others, unit.unit_id)
        body, note = escape(paragraph.text), ""
        if link is not None:
            marks = [
                Mark(t.start - paragraph.start, t.end - paragraph.start, "only-here")
                for t in tokens.get((link.link_id, member.para_id), [])
                if t.op != "equal"
            ]
            body = highlight(paragraph.text, marks)
            note = _link_note(link, member.para_id, result)
        css = ["content", "unique"] if unique else ["content"]
        flag = f"unique to {source}" if unique else ""
        blocks.append(paragraph_block(body + note, css=css, flag=flag))
    return "\n".join(blocks)


def _best_link(
    candidates: Sequence[Link], para_id: str, others: set[str], unit_id: str
) -> Link | None:
    """The strongest link of the paragraph to a shown paragraph of this unit, preferring the
    links of this unit's claims (a paragraph with two claims can be in two units)."""
    linked = [
        link
        for link in candidates
        if (link.para_b if link.para_a == para_id else link.para_a) in others
    ]
    return max(
        linked, key=lambda link: (link.unit_id == unit_id, link.score, link.link_id), default=None
    )


def _link_note(link: Link, para_id: str, result: AuditResult) -> str:
    mine_a = link.para_a == para_id
    other = link.para_b if mine_a else link.para_a
    here, there = (link.only_a, link.only_b) if mine_a else (link.only_b, link.only_a)
    other_source = result.source_of()[other.split(":")[0]]
    details = (
        f"link {link.link_id}: score {link.score:.2f} with {other_source} ({other})"
        f"\nshared: {', '.join(link.shared) or '-'}"
        f"\nonly here: {', '.join(here) or '-'}\nonly there: {', '.join(there) or '-'}"
    )
    summary = escape(f"score {link.score:.2f} with {other_source}")
    return (
        f'<details class="audit-link"><summary>{summary}</summary>'
        f"<pre>{escape(details)}</pre></details>"
    )
