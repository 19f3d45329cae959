"""The rows of the alignment and comparison report files (units, links, diffs, omissions, facts):
plain dicts in the column order of the `*_COLUMNS` tuples, for `writer.csv_bytes`; lists of words
are joined with "; "."""

from __future__ import annotations

from typing import Any

from audit.align.paragraphs import Link
from audit.align.stage import Alignment
from audit.compare.omissions import Evidence
from audit.compare.stage import Comparison

UNIT_COLUMNS = (
    "unit_id", "label", "n_sources", "n_paragraphs", "article_id", "source", "para_id", "score",
)  # fmt: skip
LINK_COLUMNS = (
    "link_id", "unit_id", "para_a", "para_b", "source_a", "source_b", "score", "shared",
    "only_a", "only_b", "evidence_a_start", "evidence_a_end", "evidence_b_start",
    "evidence_b_end", "probability", "claim_a_start", "claim_a_end", "claim_b_start",
    "claim_b_end", "signals", "conflicts", "kind",
)  # fmt: skip
HINT_COLUMNS = (
    "hint_id", "para_a", "para_b", "source_a", "source_b", "probability", "score",
    "claim_a_start", "claim_a_end", "claim_b_start", "claim_b_end", "signals", "conflicts",
)  # fmt: skip
DIFF_COLUMNS = (
    "link_id", "side", "seq", "op", "article_id", "para_id", "start", "end", "n_words", "text",
    "kind",
)  # fmt: skip
# evidence of a candidate omission (empty for entries that were not candidates)
ABSENCE_COLUMNS = (
    "signal", "confidence", "nearest_score", "containment", "spread",
    "nearest_para_id", "nearest_start", "nearest_end", "nearest_text",
    "claim_para_id", "claim_start", "claim_end",
)  # fmt: skip
OMISSION_COLUMNS = (
    "unit_id", "label", "source", "status", "para_ids", "n_covering", "n_sources",
    *ABSENCE_COLUMNS,
)  # fmt: skip
FACT_COLUMNS = (
    "fact_id", "kind", "fact", "source", "reported", "n_mentions", "article_id", "para_id",
    "start", "end", "mentions", "n_reporting", "n_sources",
    # which form the source used ("Kim Jong Un"), by which rule it counts ("" = the fact's own
    # form; demonym, surname, short_form, role, quote_words), and for a source without any:
    # reported / described / left_out, with the nearest passage to the fact's
    # sentence and its score; a `described` row's rules say what decided it (claim: the
    # passage scores over the threshold; role:<class>; initialism; expansion)
    "forms", "rules", "status", "nearest_para_id", "nearest_start", "nearest_end",
    "nearest_score",
)  # fmt: skip
_JOIN = "; "


def unit_rows(alignment: Alignment) -> list[dict[str, Any]]:
    return [
        {
            "unit_id": unit.unit_id,
            "label": unit.label,
            "n_sources": len(unit.sources),
            "n_paragraphs": len(unit.members),
            "article_id": member.article_id,
            "source": member.source,
            "para_id": member.para_id,
            "score": member.score,
        }
        for unit in alignment.units
        for member in unit.members
    ]


def link_rows(alignment: Alignment) -> list[dict[str, Any]]:
    unit_of = {m.para_id: u.unit_id for u in alignment.units for m in u.members}

    def unit_id(link: Link) -> str:
        # average linkage may refuse to put a link's two paragraphs in one unit; a headline
        # (`kind` title, title-lede) is in none
        unit = unit_of.get(link.para_a, "") if link.kind == "content" else ""
        return unit if unit and unit == unit_of.get(link.para_b) else ""

    return [
        {
            "link_id": link.link_id,
            "unit_id": unit_id(link),
            "para_a": link.para_a,
            "para_b": link.para_b,
            "source_a": alignment.sources.get(link.article_a, link.article_a),
            "source_b": alignment.sources.get(link.article_b, link.article_b),
            "score": link.score,
            "shared": _JOIN.join(link.shared),
            "only_a": _JOIN.join(link.only_a),
            "only_b": _JOIN.join(link.only_b),
            "evidence_a_start": link.evidence_a.start,
            "evidence_a_end": link.evidence_a.end,
            "evidence_b_start": link.evidence_b.start,
            "evidence_b_end": link.evidence_b.end,
            "probability": link.probability,
            "claim_a_start": link.claim_a.start,
            "claim_a_end": link.claim_a.end,
            "claim_b_start": link.claim_b.start,
            "claim_b_end": link.claim_b.end,
            "signals": _JOIN.join(link.signals),
            "conflicts": _JOIN.join(link.conflicts),
            "kind": link.kind,
        }
        for link in alignment.links
    ]


def hint_rows(alignment: Alignment) -> list[dict[str, Any]]:
    """hints.csv: unlinked sentence pairs of two sources that may be the same claim."""
    return [
        {
            "hint_id": hint.hint_id,
            "para_a": hint.para_a,
            "para_b": hint.para_b,
            "source_a": alignment.sources.get(hint.article_a, hint.article_a),
            "source_b": alignment.sources.get(hint.article_b, hint.article_b),
            "probability": hint.probability,
            "score": hint.score,
            "claim_a_start": hint.claim_a.start,
            "claim_a_end": hint.claim_a.end,
            "claim_b_start": hint.claim_b.start,
            "claim_b_end": hint.claim_b.end,
            "signals": _JOIN.join(hint.signals),
            "conflicts": _JOIN.join(hint.conflicts),
        }
        for hint in alignment.hints
    ]


def diff_rows(alignment: Alignment) -> list[dict[str, Any]]:
    """One row per run of words of a linked pair. `kind` is the class the alignment stage gave
    each run only one side has (`DiffSpan.kind`, `audit.align.diffkinds`, as the app highlights
    it; a run's most telling word decides): number, date, name, attribution, substitution, or
    rewording (the quiet class, also for words the other side has elsewhere); empty for equal
    runs."""
    rows: list[dict[str, Any]] = []
    seq: dict[tuple[str, str], int] = {}
    for span in alignment.diffs:
        number = seq.get((span.link_id, span.side), 0)
        seq[(span.link_id, span.side)] = number + 1
        rows.append(
            {
                "link_id": span.link_id,
                "side": span.side,
                "seq": number,
                "op": span.op.value,
                "article_id": span.article_id,
                "para_id": span.para_id,
                "start": span.start,
                "end": span.end,
                "n_words": span.n_words,
                "text": span.text,
                "kind": span.kind.value if span.kind is not None else "",
            }
        )
    return rows


def omission_rows(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "unit_id": entry.unit_id,
            "label": entry.label,
            "source": entry.source,
            "status": entry.status.value,
            "para_ids": _JOIN.join(entry.para_ids),
            "n_covering": entry.n_covering,
            "n_sources": entry.n_sources,
            **_absence_cells(entry.evidence),
        }
        for entry in comparison.omissions
    ]


_EXCERPT_CHARS = 300  # nearest_text: enough to recognise the passage; offsets give all of it


def _absence_cells(evidence: Evidence | None) -> dict[str, Any]:
    if evidence is None:
        return dict.fromkeys(ABSENCE_COLUMNS, "")
    near, claim = evidence.nearest, evidence.claim
    return {
        "signal": evidence.signal.value,
        "confidence": round(evidence.confidence, 4),
        "nearest_score": round(evidence.score, 4),
        "containment": round(evidence.containment, 4),
        "spread": round(evidence.spread, 4),
        "nearest_para_id": near.para_id if near else "",
        "nearest_start": near.start if near else "",
        "nearest_end": near.end if near else "",
        "nearest_text": near.text[:_EXCERPT_CHARS] if near else "",
        "claim_para_id": claim.para_id if claim else "",
        "claim_start": claim.start if claim else "",
        "claim_end": claim.end if claim else "",
    }


def fact_rows(
    comparison: Comparison, alignment: Alignment, *, max_sources: int | None = None
) -> list[dict[str, Any]]:
    """One row per fact and source: where the source states it (in any equivalent form), or
    `reported` 0 and its status (left out, or described) if it does not. With more than
    `max_sources` sources, only the rows of sources that report the fact (the table would grow
    with facts x sources)."""
    all_sources = list(dict.fromkeys(alignment.sources.values()))
    bounded = max_sources is not None and len(all_sources) > max_sources
    coverage = {(c.fact_id, c.source): c for c in comparison.fact_coverage}
    rows = []
    for fact in comparison.facts:
        by_source: dict[str, list] = {}
        for mention in (*fact.mentions, *fact.equivalents):
            source = alignment.sources.get(mention.article_id, mention.article_id)
            by_source.setdefault(source, []).append(mention)
        story_sources = list(dict.fromkeys([*all_sources, *by_source]))
        for source in by_source if bounded else story_sources:
            found = by_source.get(source, [])
            first = found[0] if found else None
            entry = coverage.get((fact.fact_id, source))
            near = entry.nearest if entry else None
            rows.append(
                {
                    "fact_id": fact.fact_id,
                    "kind": fact.kind.value,
                    "fact": fact.label,
                    "source": source,
                    "reported": int(bool(found)),
                    "n_mentions": len(found),
                    "article_id": first.article_id if first else "",
                    "para_id": first.para_id if first else "",
                    "start": first.start if first else "",
                    "end": first.end if first else "",
                    "mentions": _JOIN.join(f"{m.para_id}@{m.start}-{m.end}" for m in found),
                    "n_reporting": len(by_source),
                    "n_sources": len(story_sources),
                    "forms": _JOIN.join(dict.fromkeys(m.text for m in found)),
                    "rules": _JOIN.join(dict.fromkeys(m.rule or "same" for m in found))
                    or (entry.rule if entry else ""),
                    "status": entry.status.value if entry else ("reported" if found else ""),
                    "nearest_para_id": near.para_id if near else "",
                    "nearest_start": near.start if near else "",
                    "nearest_end": near.end if near else "",
                    "nearest_score": round(entry.score, 4) if near and entry else "",
                }
            )
    return rows
