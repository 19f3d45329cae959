"""The side-by-side view: story units (claims) in reading order, one column per chosen source,
gaps where a source does not report a claim, and only the word differences that matter
highlighted (`diffkinds`), each with the link that explains the cell, and a quieter
"possibly the same claim" note where the alignment's hints pair an unlinked passage with a
chosen source's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.align.hints import Hint
from audit.align.paragraphs import Link
from audit.align.units import Unit
from audit.app.diffkinds import LEGEND, DiffKind, word_changes
from audit.app.overview import claim_text, outlets, span_text
from audit.app.view import Mark, escape, highlight, legend, paragraph_block
from audit.compare.omissions import Coverage, Omission
from audit.config import AlignConfig
from audit.model import Paragraph
from audit.pipeline import AuditResult

_DEFAULTS = AlignConfig()

# What a gap says, by the omissions stage's status for the source and claim: a source with no
# paragraph in a unit may still carry the claim in other words (its nearest passage is shown).
GAP_WORDS = {
    Coverage.COVERED: "Reported in other words by {source}",
    Coverage.PARTLY: "Partly reported by {source}",
    Coverage.OMITTED: "Left out by {source}",
    Coverage.NOT_COVERED: "Not reported by {source}",
}
# What a gap says when the source has no passage that shares a term with the claim.
NO_NEAREST = "No passage of {source} shares a word with this claim."
# What a hint says (`align.hints`: an unlinked pair whose surest sentence pair may be the same
# claim): quieter than a link, and never a highlight.
HINT_WORDS = "possibly the same claim as {source} (probability {probability:.2f})"
# The same, in a gap: a passage of the gap's source elsewhere in the story.
GAP_HINT_WORDS = (
    "{source} has a passage that is possibly the same claim (probability {probability:.2f})"
)
# Columns that share the page's width; beyond, each keeps 14 rem and the table scrolls.
_FIT_COLUMNS = 6


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One story unit across the chosen sources: an HTML cell per source (already escaped)."""

    unit_id: str
    label: str
    claim: str  # the unit's first sentence
    n_sources: int
    cells: tuple[str, ...]


def units_shown(
    result: AuditResult,
    sources: Sequence[str],
    *,
    shared_only: bool = False,
    unit_ids: Sequence[str] = (),
) -> tuple[Unit, ...]:
    """Units that at least one chosen source covers (two, with `shared_only`; only `unit_ids`
    when given), in the order the first chosen source tells them (then the next source's
    order for the units it alone of them covers)."""
    rank = {source: i for i, source in enumerate(sources)}
    paragraphs = {p.para_id: p for p in result.paragraphs}
    needed = 2 if shared_only and len(sources) > 1 else 1
    wanted = set(unit_ids)
    units = [
        u
        for u in result.alignment.units
        if len(set(u.sources) & set(rank)) >= needed and (not wanted or u.unit_id in wanted)
    ]
    return tuple(sorted(units, key=lambda u: _reading_order(u, rank, paragraphs)))


def side_by_side(
    result: AuditResult,
    sources: Sequence[str],
    *,
    page: int = 0,
    per_page: int = 30,
    shared_only: bool = False,
    unit_ids: Sequence[str] = (),
    rewording: bool = False,
    align: AlignConfig = _DEFAULTS,
) -> tuple[UnitRow, ...]:
    """One page of `units_shown` as rows of HTML cells, one cell per chosen source; with
    `rewording`, plain rewording is marked faintly too; `align`: the run's config (the
    classes of the highlights follow its `diff_*` limits, as diffs.csv's do)."""
    view = _View(result, sources, rewording, align)
    units = units_shown(result, sources, shared_only=shared_only, unit_ids=unit_ids)
    shown = units[page * per_page : (page + 1) * per_page]
    return tuple(
        UnitRow(
            unit_id=unit.unit_id,
            label=unit.label,
            claim=claim_text(view.paragraphs[_first_member(unit, view).para_id]),
            n_sources=len(unit.sources),
            cells=tuple(view.cell(unit, source) for source in sources),
        )
        for unit in shown
    )


def headlines(result: AuditResult) -> dict[str, str]:
    """Each source's headline (its first article's title or heading), "" when it gives none."""
    return {o.source: o.headline if o.headline_given else "" for o in outlets(result)}


def table_html(
    rows: Sequence[UnitRow], sources: Sequence[str], titles: Mapping[str, str] | None = None
) -> str:
    """The rows as one table, a column per source, scrolling sideways when the columns do not
    fit; under each source's name its headline (`titles`, from `headlines`); above each unit
    a line with its claim and how many sources report it."""
    head = "".join(f'<th class="audit-source">{escape(s)}</th>' for s in sources)
    if titles is not None:
        head += "</tr><tr>" + "".join(_headline_cell(titles.get(s, "")) for s in sources)
    body = []
    for row in rows:
        count = f"{row.n_sources} source" + ("" if row.n_sources == 1 else "s")
        line = f"{row.claim} · reported by {count} · {row.unit_id}"
        body.append(f'<tr class="claim"><td colspan="{len(sources)}">{escape(line)}</td></tr>')
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row.cells) + "</tr>")
    # up to `_FIT_COLUMNS` sources share the page's width; more scroll sideways
    width = f"min-width: {14 * len(sources)}rem" if len(sources) > _FIT_COLUMNS else "width: 100%"
    return (
        f'<div class="audit-scroll"><table class="audit-sbs" style="{width}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _headline_cell(title: str) -> str:
    if not title:
        return '<th class="audit-headline none">no headline given</th>'
    return f'<th class="audit-headline">{escape(title)}</th>'


def diff_legend(*, rewording: bool = False) -> str:
    """What each highlight colour means (rewording only when it is shown)."""
    items = [
        (f"diff-{kind}", words)
        for kind, words in LEGEND.items()
        if rewording or kind is not DiffKind.REWORDING
    ]
    return legend(items, title="Highlighted differences:")


class _View:
    """What building the cells of one page needs, looked up once."""

    def __init__(
        self, result: AuditResult, sources: Sequence[str], rewording: bool, align: AlignConfig
    ) -> None:
        self.result = result
        self.sources = tuple(sources)
        self.rewording = rewording
        self.align = align
        self.paragraphs = {p.para_id: p for p in result.paragraphs}
        self.source_of = result.source_of()
        self.order = {a.article_id: i for i, a in enumerate(result.story.articles)}
        self.links: dict[str, list[Link]] = {}
        for link in result.alignment.links:
            if link.kind != "content":  # a headline's link claims one sentence, not the cell
                continue
            self.links.setdefault(link.para_a, []).append(link)
            self.links.setdefault(link.para_b, []).append(link)
        self.hints: dict[str, list[Hint]] = {}
        for hint in result.alignment.hints:
            self.hints.setdefault(hint.para_a, []).append(hint)
            self.hints.setdefault(hint.para_b, []).append(hint)
        self.omissions = {(o.unit_id, o.source): o for o in result.comparison.omissions}

    def cell(self, unit: Unit, source: str) -> str:
        members = [m for m in unit.members if m.source == source]
        if not members:
            return self._gap(unit, source)
        others = {
            m.para_id for m in unit.members if m.source != source and m.source in self.sources
        }
        unique = len(unit.sources) == 1
        blocks = []
        for member in members:
            paragraph = self.paragraphs[member.para_id]
            link = _best_link(self.links.get(member.para_id, []), member.para_id, others)
            body, note, data = escape(paragraph.text), "", {"para": paragraph.para_id}
            if link is not None:
                other = self.paragraphs[
                    link.para_b if link.para_a == member.para_id else link.para_a
                ]
                body = highlight(paragraph.text, self._marks(paragraph, other))
                note = self._link_note(link, member.para_id)
                data["other"] = other.para_id
            note += self._hint_notes(member.para_id, self.hints.get(member.para_id, []))
            css = ["content", "unique"] if unique else ["content"]
            flag = f"unique to {source}" if unique else ""
            blocks.append(paragraph_block(body + note, css=css, flag=flag, data=data))
        return "\n".join(blocks)

    def _marks(self, paragraph: Paragraph, other: Paragraph) -> list[Mark]:
        other_source = self.source_of.get(other.article_id, other.article_id)
        marks = []
        for change in word_changes(paragraph, other, self.align):
            if change.kind is DiffKind.REWORDING and not self.rewording:
                continue
            instead = f"“{change.instead}”" if change.instead else "nothing in its place"
            marks.append(
                Mark(
                    change.token.start - paragraph.start,
                    change.token.end - paragraph.start,
                    f"diff diff-{change.kind}",
                    f"{LEGEND[change.kind]}: {other_source} has {instead}",
                )
            )
        return marks

    def _gap(self, unit: Unit, source: str) -> str:
        omission = self.omissions.get((unit.unit_id, source))
        status = omission.status if omission is not None else Coverage.NOT_COVERED
        body = escape(GAP_WORDS.get(status, GAP_WORDS[Coverage.NOT_COVERED]).format(source=source))
        nearest = nearest_passage(omission)
        if nearest:
            score = omission.evidence.score if omission and omission.evidence else 0.0
            body += (
                '<details class="audit-nearest"><summary>nearest passage in '
                f"{escape(source)} (score {score:.2f})</summary>"
                f"<blockquote>{escape(nearest)}</blockquote></details>"
            )
        elif omission is not None and omission.evidence is not None:
            body += f'<div class="audit-nearest">{escape(NO_NEAREST.format(source=source))}</div>'
        shown = {m.para_id for m in unit.members if m.source in self.sources}
        hinted = [  # this source's passages that may report a claim of the unit's shown members
            h for para_id in sorted(shown) for h in self.hints.get(para_id, [])
            if self.source_of.get(_other_end(h, para_id)[1], "") == source
        ]  # fmt: skip
        for hint in hinted:
            mine = hint.para_b if hint.para_a in shown else hint.para_a
            body += self._hint_notes(mine, [hint], in_gap=True)
        return paragraph_block(body, css=["gap", f"gap-{status}"])

    def _hint_notes(self, para_id: str, hints: Sequence[Hint], *, in_gap: bool = False) -> str:
        """A quiet note per hint of `para_id` with a chosen source: both sentences, the
        probability, and the lexical score that left the pair unlinked (`in_gap`: the note of
        a gap of `para_id`'s source)."""
        notes = []
        for hint in sorted(hints, key=lambda h: (-h.probability, h.hint_id)):
            other_id, other_article = _other_end(hint, para_id)
            other_source = self.source_of.get(other_article, other_article)
            if other_source not in self.sources:
                continue
            mine_a = hint.para_a == para_id
            here = span_text(self.paragraphs[para_id], hint.claim_a if mine_a else hint.claim_b)
            there = span_text(self.paragraphs[other_id], hint.claim_b if mine_a else hint.claim_a)
            source = self.source_of.get(self.paragraphs[para_id].article_id, "")
            said = GAP_HINT_WORDS if in_gap else HINT_WORDS
            words = said.format(
                source=source if in_gap else other_source, probability=hint.probability
            )
            why = (
                f"not linked: the passages' score {hint.score:.2f} is under the link threshold;"
                f" signals: {', '.join(hint.signals) or '-'};"
                f" conflicts: {', '.join(hint.conflicts) or 'none found'} ({hint.hint_id})"
            )
            notes.append(
                f'<details class="audit-hint" data-hint="{escape(hint.hint_id)}">'
                f"<summary>{escape(words)}</summary>"
                f"<blockquote><b>{escape(source)}:</b> {escape(here)}</blockquote>"
                f"<blockquote><b>{escape(other_source)}:</b> {escape(there)}</blockquote>"
                f'<div class="why">{escape(why)}</div></details>'
            )
        return "".join(notes)

    def _link_note(self, link: Link, para_id: str) -> str:
        mine_a = link.para_a == para_id
        other = link.para_b if mine_a else link.para_a
        here, there = (link.only_a, link.only_b) if mine_a else (link.only_b, link.only_a)
        other_source = self.source_of[other.split(":")[0]]
        details = (
            f"link {link.link_id}: score {link.score:.2f} with {other_source} ({other})"
            f"\nshared: {', '.join(link.shared) or '-'}"
            f"\nonly here: {', '.join(here) or '-'}\nonly there: {', '.join(there) or '-'}"
        )
        summary = escape(f"compared with {other_source} (score {link.score:.2f})")
        return (
            f'<details class="audit-link"><summary>{summary}</summary>'
            f"<pre>{escape(details)}</pre></details>"
        )


def nearest_passage(omission: Omission | None) -> str:
    """The passage the omissions stage offers as nearest to a claim a source has no paragraph
    in (its evidence), or "" when it offers none: the source has no passage, or none that
    shares a term with the claim (the stage then names none, a score of 0 being no evidence)."""
    evidence = omission.evidence if omission is not None else None
    if evidence is None or evidence.nearest is None:
        return ""
    return evidence.nearest.text


def _other_end(hint: Hint, para_id: str) -> tuple[str, str]:
    """The (para_id, article_id) of the hint's other paragraph."""
    return (
        (hint.para_b, hint.article_b) if hint.para_a == para_id else (hint.para_a, hint.article_a)
    )


def _first_member(unit: Unit, view: _View):  # the unit's member first in reading order
    return min(
        unit.members,
        key=lambda m: (
            view.order.get(view.paragraphs[m.para_id].article_id, 0),
            view.paragraphs[m.para_id].index,
        ),
    )


def _reading_order(
    unit: Unit, rank: Mapping[str, int], paragraphs: Mapping[str, Paragraph]
) -> tuple[int, int, str]:
    return min(
        (rank[m.source], paragraphs[m.para_id].index, unit.unit_id)
        for m in unit.members
        if m.source in rank
    )


def _best_link(candidates: Sequence[Link], para_id: str, others: set[str]) -> Link | None:
    linked = [
        link
        for link in candidates
        if (link.para_b if link.para_a == para_id else link.para_a) in others
    ]
    return max(linked, key=lambda link: (link.score, link.link_id), default=None)
