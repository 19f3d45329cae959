"""Repeated paragraphs inside an article, found by the `audit dedup` engine: each later copy is
flagged `duplicate` and points at the first; text shared across articles is reported, not
flagged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from audit.config import DedupConfig
from audit.dedup import Finding, Kind, Scope, find_duplicates, paragraph_records
from audit.model import Paragraph, ParaKind


@dataclass(frozen=True, slots=True)
class Repeats:
    """A story's paragraphs with repeats inside each article flagged, and the text its
    articles share with one another (wire copy, syndicated passages, shared boilerplate)."""

    paragraphs: tuple[Paragraph, ...]
    shared: tuple[Finding, ...]


def flag_repeats(
    paragraphs: Sequence[Paragraph], source_of: Mapping[str, str], config: DedupConfig
) -> Repeats:
    """Run the dedup engine (the one `audit dedup` uses) over a story's paragraphs in order.

    A paragraph repeating an earlier one of its own article becomes a `duplicate` of the first
    copy (or `boilerplate`, for a short repeated line); copies across articles are not flagged,
    since each outlet did print them, and are returned as `shared` for `duplicates.csv`."""
    candidates = [p for p in paragraphs if p.kind is not ParaKind.BOILERPLATE]
    findings = tuple(find_duplicates(paragraph_records(candidates, source_of), config))
    flags = _same_article_repeats(candidates, {f.record_id: f for f in findings})
    flagged = tuple(
        replace(p, kind=flags[p.para_id][0], reason=flags[p.para_id][1],
                duplicate_of=flags[p.para_id][2])
        if p.para_id in flags else p
        for p in paragraphs
    )  # fmt: skip
    shared = tuple(f for f in findings if f.scope is not Scope.SAME_ARTICLE)
    return Repeats(flagged, shared)


def _same_article_repeats(
    paragraphs: Sequence[Paragraph], finding_of: Mapping[str, Finding]
) -> dict[str, tuple[ParaKind, str, str]]:
    """Later copies of a cluster within one article, flagged against its first copy there.
    Going by cluster rather than by each finding's best match catches an article repeating a
    paragraph that another article printed first (the match then points across articles)."""
    first_in_article: dict[tuple[str, str], str] = {}
    flags: dict[str, tuple[ParaKind, str, str]] = {}
    for paragraph in paragraphs:
        finding = finding_of.get(paragraph.para_id)
        cluster = finding.cluster_id if finding else paragraph.para_id
        first = first_in_article.setdefault((paragraph.article_id, cluster), paragraph.para_id)
        if first != paragraph.para_id and finding is not None:
            flags[paragraph.para_id] = _repeat_flag(finding, first)
    return flags


def _repeat_flag(finding: Finding, original: str) -> tuple[ParaKind, str, str]:
    if finding.kind is Kind.BOILERPLATE:
        return ParaKind.BOILERPLATE, f"repeated short line ({finding.rule})", ""
    if finding.kind is Kind.EXACT:
        return ParaKind.DUPLICATE, "exact repeat", original
    return ParaKind.DUPLICATE, f"near repeat ({finding.score:.2f}, {finding.rule})", original
