"""The evidence behind the framing numbers as a journalist reads it: each row the words found,
the sentence they stand in (with the words marked in their kind's colour), the rule that fired
and its weight to two decimals. The ids and offsets that join evidence.csv stay one click away
(a detail per row), not in the way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from audit.app.view import Mark, escape, highlight
from audit.model import Paragraph
from audit.pipeline import AuditResult

if TYPE_CHECKING:  # only for types: audit.app.data imports pandas for the app
    import pandas as pd

_HEADERS = ("source", "kind", "words", "in the sentence", "rule", "weight", "ids")


def pages(table: pd.DataFrame, per_page: int) -> int:
    """How many pages of `per_page` rows (`AppConfig.evidence_per_page`) `evidence_html` splits
    `table` into (at least 1)."""
    return max(1, -(-len(table) // per_page))


def evidence_html(result: AuditResult, table: pd.DataFrame, per_page: int, page: int = 0) -> str:
    """One page of `per_page` rows of `table` (rows of `data.evidence_table`; `page` counts from
    0) as an escaped HTML table in a scrolling box."""
    paragraphs = {p.para_id: p for p in result.paragraphs}
    shown = table.iloc[page * per_page : (page + 1) * per_page]
    rows = [_row(record, paragraphs) for record in shown.to_dict("records")]
    head = "".join(f"<th>{escape(h)}</th>" for h in _HEADERS)
    return (
        f'<div class="audit-scroll audit-evidence-box"><table class="audit-evidence">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _row(record: Mapping[str, object], paragraphs: Mapping[str, Paragraph]) -> str:
    kind = str(record["kind"])
    start, end = int(record["start"]), int(record["end"])  # type: ignore[call-overload]
    paragraph = paragraphs.get(str(record["para_id"]))
    sentence = _sentence_html(paragraph, start, end, kind) if paragraph else ""
    quoted = " (in a quotation)" if record.get("quoted") else ""
    ids = (
        f"<details><summary>ids</summary>{escape(str(record['article_id']))}<br>"
        f"{escape(str(record['para_id']))}<br>characters {start}-{end}</details>"
    )
    cells = (
        escape(str(record["source"])),
        f'<mark class="ev-{escape(kind)}">{escape(kind_words(kind))}</mark>',
        escape(str(record["text"])) + escape(quoted),
        sentence,
        escape(str(record["rule"])),
        f"{float(record['weight']):.2f}",  # type: ignore[arg-type]
        ids,
    )
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _sentence_html(paragraph: Paragraph, start: int, end: int, kind: str) -> str:
    """The sentence of `paragraph` that holds the evidence at `start`-`end` (article offsets),
    escaped, with the evidence marked; the whole paragraph when it has no sentence spans."""
    low, high = paragraph.start, paragraph.end
    for span in paragraph.sentences:
        if span.start <= start < span.end:
            low, high = span.start, max(span.end, min(end, paragraph.end))
            break
    text = paragraph.text[low - paragraph.start : high - paragraph.start]
    return highlight(text, [Mark(start - low, end - low, f"ev-{kind}")])


def kind_words(kind: str) -> str:
    """An evidence kind as the legend says it: "naming_variant" -> "naming variant"."""
    return str(kind).replace("_", " ")


def kinds_of(table: pd.DataFrame) -> Sequence[str]:
    """The evidence kinds a table holds, sorted."""
    return sorted(str(k) for k in table["kind"].unique())
