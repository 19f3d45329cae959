"""What each source leaves out: coverage of every unit by every source.

A unit is *covered* by a source when one of the source's paragraphs is a member. A unit covered
by at least `omission_share` of the story's sources is an *omission* for each source that does
not cover it; a unit covered by one source alone is *unique* to it. Anything else is plainly
*not covered* (a minority of sources report it; leaving it out says little).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from audit.align.units import Unit
from audit.config import AlignConfig


class Coverage(StrEnum):
    COVERED = "covered"
    UNIQUE = "unique"
    OMITTED = "omitted"
    NOT_COVERED = "not_covered"


@dataclass(frozen=True, slots=True)
class Omission:
    """How one source stands to one unit."""

    unit_id: str
    label: str
    source: str
    status: Coverage
    para_ids: tuple[str, ...]  # the source's paragraphs in the unit (empty when not covered)
    n_covering: int  # sources that cover the unit
    n_sources: int  # sources in the story


def coverage(
    units: Sequence[Unit], sources: Sequence[str], config: AlignConfig
) -> tuple[Omission, ...]:
    """One entry per unit and source (`sources`: every source of the story, in report order).
    Above `omission_table_max_sources` sources, `not_covered` entries are left out (see
    `is_bounded`): the rest grows with the paragraphs, not with units x sources."""
    sources = tuple(dict.fromkeys(sources))
    rank = {source: k for k, source in enumerate(sources)}
    bounded = is_bounded(len(sources), config)
    rows = []
    for unit in units:
        by_source: dict[str, list[str]] = {}
        for member in unit.members:
            by_source.setdefault(member.source, []).append(member.para_id)
        covering = set(by_source)
        can_omit = len(covering) >= 2 and len(covering) >= config.omission_share * len(sources)
        if bounded and not can_omit:
            listed: Sequence[str] = sorted(covering, key=lambda s: rank.get(s, len(rank)))
        else:
            listed = sources
        for source in listed:
            rows.append(
                Omission(
                    unit_id=unit.unit_id,
                    label=unit.label,
                    source=source,
                    status=_status(source, covering, len(sources), config),
                    para_ids=tuple(by_source.get(source, ())),
                    n_covering=len(covering),
                    n_sources=len(sources),
                )
            )
    return tuple(rows)


def is_bounded(n_sources: int, config: AlignConfig) -> bool:
    """Whether a story has too many sources for a full units x sources table."""
    return n_sources > config.omission_table_max_sources


def _status(source: str, covering: set[str], n_sources: int, config: AlignConfig) -> Coverage:
    if source in covering:
        return Coverage.UNIQUE if len(covering) == 1 and n_sources > 1 else Coverage.COVERED
    if len(covering) >= 2 and len(covering) >= config.omission_share * n_sources:
        return Coverage.OMITTED
    return Coverage.NOT_COVERED


def omissions_of(entries: Sequence[Omission], source: str) -> tuple[Omission, ...]:
    """The units `source` leaves out although most sources report them."""
    return tuple(e for e in entries if e.source == source and e.status is Coverage.OMITTED)
