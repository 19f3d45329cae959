"""What the app shows, computed by the library: `app.py` only lays these values out.

Everything here is a plain function of an AuditResult (or of uploaded files) returning tables or
escaped HTML, so it is tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, is_dataclass
from functools import cache

import pandas as pd

from audit.app import inputs
from audit.app.evidence import kind_words
from audit.app.sidebyside import nearest_passage
from audit.app.view import Mark, escape, highlight, legend, paragraph_block
from audit.compare.facts import fact_sources
from audit.compare.omissions import Coverage
from audit.config import AuditConfig
from audit.framing.naming import NAMING_COLUMNS, naming_rows
from audit.framing.stage import EVIDENCE_COLUMNS, evidence_rows
from audit.framing.summary import FRAMING_COLUMNS, METRICS, QUOTE_COLUMNS, quote_rows
from audit.model import ParaKind
from audit.pipeline import AuditResult
from audit.report.writer import (
    PARAGRAPH_COLUMNS,
    duplicate_rows,
    paragraph_rows,
    report_contents,
    story_framing_rows,
    zip_bytes,
)
from audit.wording.substitutions import WORDING_COLUMNS, substitution_rows

KINDS = tuple(kind.value for kind in ParaKind)


@cache
def _bundled_default() -> AuditResult:
    return inputs.audit_story(inputs.load_bundled(), 0, AuditConfig())


def bundled_result(config: AuditConfig | None = None) -> AuditResult:
    """The audit of the bundled example story (with the default config, computed once per
    process: `audit.app.serve` computes it before the server starts answering)."""
    if config is None or config == AuditConfig():
        return _bundled_default()
    return inputs.audit_story(inputs.load_bundled(), 0, config)


def uploaded_result(
    uploads: Sequence[inputs.Upload], names: Mapping[str, str], config: AuditConfig | None = None
) -> AuditResult:
    """The audit of the first story of uploaded files (see `inputs.load_uploads`)."""
    config = config or AuditConfig()
    return inputs.audit_story(inputs.load_uploads(uploads, names, config), 0, config)


def pasted_result(
    texts: Sequence[str], names: Sequence[str], config: AuditConfig | None = None
) -> AuditResult:
    """The audit of texts pasted into the app, one article each."""
    return inputs.audit_story(inputs.load_pasted(texts, names), 0, config or AuditConfig())


def sources_of(result: AuditResult) -> list[str]:
    """The story's sources in input order, each once."""
    return list(dict.fromkeys(a.source for a in result.story.articles))


# -- tables -----------------------------------------------------------------------------------


def paragraph_table(result: AuditResult) -> pd.DataFrame:
    """The paragraphs of a result as a table (raw text, not CSV-neutralised: the app escapes)."""
    return pd.DataFrame(paragraph_rows(result), columns=list(PARAGRAPH_COLUMNS))


def framing_table(result: AuditResult, config: AuditConfig | None = None) -> pd.DataFrame:
    rows = story_framing_rows(result, config or AuditConfig())
    return pd.DataFrame(rows, columns=list(FRAMING_COLUMNS))


def source_metric(
    result: AuditResult,
    metric: str,
    sources: Sequence[str] = (),
    *,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One framing metric per source (only `sources`, in their order, when given), for a chart;
    `table`: the story's `framing_table`, if already made."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric}")
    table = framing_table(result) if table is None else table
    per_source = table[table["scope"] == "source"][["source", metric]].set_index("source")
    if sources:
        per_source = per_source.loc[[s for s in sources if s in per_source.index]]
    return per_source


def evidence_table(
    result: AuditResult, *, kind: str | None = None, sources: Sequence[str] = ()
) -> pd.DataFrame:
    """The evidence rows behind a chart: optionally one kind, only the chosen sources."""
    table = pd.DataFrame(
        evidence_rows(result.framing.evidence, result.source_of()), columns=list(EVIDENCE_COLUMNS)
    )
    if kind:
        table = table[table["kind"] == kind]
    if sources:
        table = table[table["source"].isin(list(sources))]
    return table.reset_index(drop=True)


def naming_table(result: AuditResult) -> pd.DataFrame:
    rows = naming_rows(result.framing.variants, result.source_of())
    return pd.DataFrame(rows, columns=list(NAMING_COLUMNS))


def quote_table(result: AuditResult) -> pd.DataFrame:
    return pd.DataFrame(quote_rows(result.framing, result.source_of()), columns=list(QUOTE_COLUMNS))


def flagged_table(result: AuditResult, sources: Sequence[str] = ()) -> pd.DataFrame:
    """Boilerplate and repeated paragraphs per article, with the rule that flagged them."""
    table = paragraph_table(result)
    flagged = table[table["kind"].isin([ParaKind.BOILERPLATE.value, ParaKind.DUPLICATE.value])]
    if sources:
        flagged = flagged[flagged["source"].isin(list(sources))]
    columns = ["source", "article_id", "para_id", "kind", "reason", "duplicate_of", "text"]
    return flagged[columns].reset_index(drop=True)


# -- downloads --------------------------------------------------------------------------------


def report_files(result: AuditResult, config: AuditConfig | None = None) -> dict[str, bytes]:
    """Every report file of the result (as `audit run` writes them), by file name."""
    config = config or AuditConfig()
    files = report_contents(
        result, config, [(a.origin, a.text.encode()) for a in result.story.articles]
    )
    return dict(files)


def report_zip(result: AuditResult, files: dict[str, bytes]) -> bytes:
    return zip_bytes(result.story.story_id, files)


# -- paragraphs as HTML -------------------------------------------------------------------------


def paragraph_html(result: AuditResult, source: str, *, evidence_kind: str | None = None) -> str:
    """A source's paragraphs as cards: flagged ones greyed with their rule, evidence marked."""
    blocks = []
    article_ids = [a.article_id for a in result.story.articles if a.source == source]
    for paragraph in result.paragraphs:
        if paragraph.article_id not in article_ids:
            continue
        marks = [
            Mark(
                e.start - paragraph.start,
                e.end - paragraph.start,
                f"evidence ev-{e.kind}",
                f"{e.kind}: {e.rule}",
            )
            for e in result.framing.evidence
            if e.para_id == paragraph.para_id and (evidence_kind is None or e.kind == evidence_kind)
        ]
        flag = "" if paragraph.kind is ParaKind.CONTENT else paragraph.reason
        body = highlight(paragraph.text, marks) if marks else escape(paragraph.text)
        blocks.append(paragraph_block(body, css=[paragraph.kind.value], flag=flag))
    return "\n".join(blocks)


# -- side by side -------------------------------------------------------------------------------


# -- omissions and facts ------------------------------------------------------------------------


# The nearest passage column when the source has none that shares a word with the claim.
NO_PASSAGE = "(none shares a word with the claim)"
# The omissions stage's statuses as the app says them (the coverage map's words).
STATUS_WORDS = {
    Coverage.COVERED: "reported",
    Coverage.UNIQUE: "only this source",
    Coverage.PARTLY: "partly reported",
    Coverage.OMITTED: "left out",
    Coverage.NOT_COVERED: "not covered",
}


def omission_table(result: AuditResult, sources: Sequence[str] = ()) -> pd.DataFrame:
    """Long table units x sources: status (covered / unique / omitted / partly_covered /
    not_covered); with
    `sources`, only those sources and the units at least one of them covers."""
    entries = result.comparison.omissions
    if sources:
        seen = {o.unit_id for o in entries if o.source in sources and o.para_ids}
        entries = tuple(o for o in entries if o.unit_id in seen)
    rows = [
        {
            "unit_id": o.unit_id,
            "label": o.label,
            "source": o.source,
            "status": str(o.status),
            "coverage": STATUS_WORDS[o.status],
            "covered": 1 if o.status in (Coverage.COVERED, Coverage.UNIQUE) else 0,
            "n_covering": o.n_covering,
            "confidence": o.evidence.confidence if o.evidence else None,
            "nearest_score": o.evidence.score if o.evidence and nearest_passage(o) else None,
            "nearest_passage": nearest_passage(o) or (NO_PASSAGE if o.evidence else ""),
        }
        for o in entries
        if not sources or o.source in sources
    ]
    return pd.DataFrame(rows, columns=_OMISSION_TABLE)


_OMISSION_TABLE = [
    "unit_id", "label", "source", "status", "coverage", "covered", "n_covering",
    "confidence", "nearest_score", "nearest_passage",
]  # fmt: skip


def omissions_by_source(result: AuditResult, sources: Sequence[str] = ()) -> pd.DataFrame:
    """What each source leaves out or only partly reports: units most other sources report
    but it does not (or only in part), with the nearest passage as evidence."""
    table = omission_table(result, sources)
    columns = ["source", "coverage", "unit_id", "label", "n_covering", "confidence",
               "nearest_score", "nearest_passage"]  # fmt: skip
    wanted = [str(Coverage.OMITTED), str(Coverage.PARTLY)]
    shown = table[table["status"].isin(wanted)][columns]
    return shown.round({"confidence": 2, "nearest_score": 2}).reset_index(drop=True)


def fact_table(result: AuditResult, sources: Sequence[str] = ()) -> pd.DataFrame:
    """Facts x sources: for each fact, whether each source reports it."""
    names = sources or sources_of(result)
    source_of = result.source_of()
    rows = []
    for fact in result.comparison.facts:
        reporting = set(fact_sources(fact, source_of))
        row = {"fact_id": fact.fact_id, "kind": str(fact.kind), "fact": fact.label}
        row.update({name: ("yes" if name in reporting else "-") for name in names})
        row["left_out_by"] = ", ".join(n for n in names if n not in reporting)
        rows.append(row)
    return pd.DataFrame(rows, columns=["fact_id", "kind", "fact", *names, "left_out_by"])


def shared_text_table(result: AuditResult) -> pd.DataFrame:
    """Text the story's articles share (reprinted wire copy, shared boilerplate), one row per
    copy, as in duplicates.csv."""
    columns = ["source", "record_id", "other_source", "other_id", "kind", "scope", "score"]
    rows = duplicate_rows(result)
    return pd.DataFrame(rows, columns=[*columns, "excerpt"])


# -- framing extras -----------------------------------------------------------------------------


def evidence_legend(result: AuditResult) -> str:
    """The colour of each kind of evidence the story has, as marked in the Paragraphs view."""
    kinds = sorted({str(e.kind) for e in result.framing.evidence})
    return legend([(f"ev-{k}", kind_words(k)) for k in kinds], title="Evidence:")


def wording_table(result: AuditResult, sources: Sequence[str] = ()) -> pd.DataFrame | None:
    """The word-choice table (outlet A's word, outlet B's word, for the same claim), the rows
    of wording.csv, or None when the story has no substitution."""
    rows = substitution_rows(result.wording.substitutions, result.source_of())
    if not rows:
        return None
    table = pd.DataFrame(list(rows), columns=list(WORDING_COLUMNS))
    if sources:
        for column in ("source_a", "source_b"):
            if column in table.columns:
                table = table[table[column].isin(list(sources))]
    return table.reset_index(drop=True)


def _as_row(row: object) -> dict[str, object]:
    if isinstance(row, Mapping):
        return dict(row)
    if is_dataclass(row) and not isinstance(row, type):
        return asdict(row)
    return {"value": str(row)}
