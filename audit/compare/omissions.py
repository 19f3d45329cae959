"""What each source leaves out: coverage of every unit by every source.

A unit is *covered* by a source when one of the source's paragraphs is a member. A unit covered
by at least `omission_share` of the story's sources is an *omission* for each source that does
not cover it, but only with evidence of absence: no claim of the source's articles comes within
even a low same-claim probability (`absence_probability`) of the unit's claims
(`audit.align.nearest`). When one does, the unit is *possibly covered* (stated in other words,
perhaps), and the nearest claim is named either way. A unit covered by one source alone is
*unique* to it. Anything else is plainly *not covered* (a minority of sources report it; leaving
it out says little).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from audit.align.nearest import Nearest, nearest_in_article
from audit.align.passages import ClaimSpace
from audit.align.units import Unit
from audit.config import AlignConfig


class Coverage(StrEnum):
    COVERED = "covered"
    UNIQUE = "unique"
    OMITTED = "omitted"
    POSSIBLY_COVERED = "possibly_covered"  # most report it, and this source has a near claim
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
    # for omitted / possibly covered: the source's claim nearest to the unit's claims
    nearest: Nearest | None = None


def coverage(
    units: Sequence[Unit],
    sources: Sequence[str],
    config: AlignConfig,
    *,
    space: ClaimSpace | None = None,
    source_of: Mapping[str, str] | None = None,
) -> tuple[Omission, ...]:
    """One entry per unit and source (`sources`: every source of the story, in report order).
    With the story's claims (`space`, and `source_of`: article_id -> source) an omission needs
    evidence of absence; without them every omission stands on unit membership alone."""
    sources = tuple(dict.fromkeys(sources))
    claim_of = {} if space is None else claim_numbers(space)
    rows = []
    for unit in units:
        covering = {m.source for m in unit.members}
        for source in sources:
            status = _status(source, covering, len(sources), config)
            nearest = None
            if status is Coverage.OMITTED and space is not None and source_of is not None:
                claims = [claim_of[(m.para_id, span.start)] for m in unit.members
                          for span in m.spans if (m.para_id, span.start) in claim_of]  # fmt: skip
                articles = sorted(a for a, s in source_of.items() if s == source)
                nearest = _nearest(space, claims, articles, config)
                if nearest is not None and not nearest.absent(config):
                    status = Coverage.POSSIBLY_COVERED
            rows.append(
                Omission(
                    unit_id=unit.unit_id,
                    label=unit.label,
                    source=source,
                    status=status,
                    para_ids=tuple(m.para_id for m in unit.members if m.source == source),
                    n_covering=len(covering),
                    n_sources=len(sources),
                    nearest=nearest,
                )
            )
    return tuple(rows)


def claim_numbers(space: ClaimSpace) -> dict[tuple[str, int], int]:
    """(para_id, claim start) -> the claim's number in `space`."""
    return {(space.paragraphs[c.para].para_id, c.start): i for i, c in enumerate(space.claims)}


def _nearest(
    space: ClaimSpace, claims: Sequence[int], articles: Sequence[str], config: AlignConfig
) -> Nearest | None:
    """The closest claim of any of `articles` to any of `claims` (ties: the first found)."""
    best = None
    for claim in claims:
        for article in articles:
            found = nearest_in_article(space, claim, article, config)
            if found.para_id and (best is None or found.probability > best.probability):
                best = found
    return best


def _status(source: str, covering: set[str], n_sources: int, config: AlignConfig) -> Coverage:
    if source in covering:
        return Coverage.UNIQUE if len(covering) == 1 and n_sources > 1 else Coverage.COVERED
    if len(covering) >= 2 and len(covering) >= config.omission_share * n_sources:
        return Coverage.OMITTED
    return Coverage.NOT_COVERED


def omissions_of(entries: Sequence[Omission], source: str) -> tuple[Omission, ...]:
    """The units `source` leaves out although most sources report them."""
    return tuple(e for e in entries if e.source == source and e.status is Coverage.OMITTED)
