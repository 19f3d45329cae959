"""What a run found, story by story, in a few numbers: the `StorySummary` the CLI prints and
`summary.csv` (one row per story) for runs over many stories. Small, so a run over thousands of
stories need not keep their results in memory."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.framing.evidence import EvidenceKind
from audit.model import InputWarning, ParaKind
from audit.pipeline import AuditResult
from audit.report.writer import csv_bytes

# Evidence kinds that describe how a source reports without being a slant: naming a source or
# quoting someone is what good reporting does. Every other kind counts as a framing flag.
NEUTRAL_KINDS = frozenset({EvidenceKind.NAMED_ATTRIBUTION, EvidenceKind.QUOTATION})

SUMMARY_COLUMNS = (
    "story_id", "n_articles", "n_sources", "sources", "n_paragraphs", "n_content", "n_heading",
    "n_boilerplate", "n_duplicate", "n_units", "n_shared_units", "n_omissions",
    "n_framing_flags", "n_evidence", "n_shared_text", "n_warnings",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class StorySummary:
    """What the summary shows of one story."""

    story_id: str
    folder: Path
    n_articles: int
    sources: Mapping[str, str]  # article_id -> source
    kinds: tuple[tuple[str, int], ...]  # paragraph kind -> count, most common first
    flags: tuple[tuple[str, str, int], ...]  # (article_id, reason, count)
    evidence: tuple[tuple[str, int], ...]  # evidence kind -> count, by kind
    naming: tuple[str, ...]
    n_units: int
    n_shared_units: int  # units reported by two or more sources
    omitted: tuple[tuple[str, int], ...]  # per source: units most others report, it does not
    framing_flags: tuple[tuple[str, int], ...]  # per source: evidence not in NEUTRAL_KINDS
    n_shared_text: int  # copies of text across articles
    warnings: tuple[InputWarning, ...]

    @property
    def n_omissions(self) -> int:
        return sum(n for _, n in self.omitted)

    @property
    def n_framing_flags(self) -> int:
        return sum(n for _, n in self.framing_flags)


def summarise(result: AuditResult, folder: Path) -> StorySummary:
    flags = Counter(
        (p.article_id, p.reason.split(" (")[0])
        for p in result.paragraphs
        if p.kind in (ParaKind.BOILERPLATE, ParaKind.DUPLICATE)
    )
    source_of = result.source_of()
    framing_flags = Counter(
        source_of[e.article_id] for e in result.framing.evidence if e.kind not in NEUTRAL_KINDS
    )
    return StorySummary(
        story_id=result.story.story_id,
        folder=folder,
        n_articles=len(result.story.articles),
        sources=source_of,
        kinds=tuple(Counter(p.kind.value for p in result.paragraphs).most_common()),
        flags=tuple((article, reason, n) for (article, reason), n in sorted(flags.items())),
        evidence=tuple(sorted(Counter(str(e.kind) for e in result.framing.evidence).items())),
        naming=tuple(" / ".join(v.forms) for v in result.framing.variants),
        n_units=len(result.alignment.units),
        n_shared_units=sum(len(u.sources) > 1 for u in result.alignment.units),
        omitted=ranked(
            Counter(str(o.source) for o in result.comparison.omissions if o.status == "omitted")
        ),
        framing_flags=ranked(framing_flags),
        n_shared_text=len(result.shared),
        warnings=result.warnings,
    )


def ranked(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """(name, count) pairs with a count above zero, most first, ties by name: deterministic."""
    return tuple(sorted(((k, n) for k, n in counts.items() if n), key=lambda kn: (-kn[1], kn[0])))


def summary_rows(summaries: Sequence[StorySummary]) -> list[dict[str, Any]]:
    """One row per story, in the order the stories were audited (the order of the input)."""
    rows = []
    for s in summaries:
        kinds = dict(s.kinds)
        rows.append(
            {
                "story_id": s.story_id,
                "n_articles": s.n_articles,
                "n_sources": len(set(s.sources.values())),
                "sources": "; ".join(sorted(set(s.sources.values()))),
                "n_paragraphs": sum(kinds.values()),
                **{f"n_{kind.value}": kinds.get(kind.value, 0) for kind in ParaKind},
                "n_units": s.n_units,
                "n_shared_units": s.n_shared_units,
                "n_omissions": s.n_omissions,
                "n_framing_flags": s.n_framing_flags,
                "n_evidence": sum(n for _, n in s.evidence),
                "n_shared_text": s.n_shared_text,
                "n_warnings": len(s.warnings),
            }
        )
    return rows


def summary_csv(summaries: Sequence[StorySummary]) -> bytes:
    """summary.csv: formula cells neutralised, byte-identical for the same input."""
    return csv_bytes(summary_rows(summaries), SUMMARY_COLUMNS)
