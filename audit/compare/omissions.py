"""What each source leaves out: coverage of every unit by every source, with the evidence.

A unit is *covered* by a source when one of the source's paragraphs is a member. A unit covered
by one source alone is *unique* to it. A unit covered by at least `omission_share` of the
story's sources is a *candidate omission* for each source that does not cover it, and the
candidate is checked against the source's whole article (`absence`): every sentence and
paragraph of it is scored against every passage of the unit, and the nearest decides:

- at or above the link threshold (`claim_threshold`): the source does report the claim, in a
  paragraph the alignment did not put in the unit: `covered`;
- under the link threshold but at or above the looser `absence_threshold`: `partly_covered`
  (some of the claim is there, or all of it in other words: not an omission to accuse);
- under `absence_threshold`: `omitted`, absence being more certain than presence.

Every checked entry names the nearest passage (para_id, offsets, text), its score, the rule that
decided (`signal`) and a `confidence`; an `omitted` whose source has no passage sharing a term
with the claim (score and containment 0) names none: the pair scored first is no evidence.
Units most sources do not report are plainly *not covered* (leaving them out says little) and
are not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from audit.align.scorer import PassageSet
from audit.align.units import Unit
from audit.compare.absence import ArticlePassage, Nearest, Query, article_passages, nearest_passages
from audit.config import AlignConfig
from audit.model import Paragraph


class Coverage(StrEnum):
    COVERED = "covered"
    UNIQUE = "unique"
    OMITTED = "omitted"
    PARTLY = "partly_covered"
    NOT_COVERED = "not_covered"


class Signal(StrEnum):
    """The rule that set a checked entry's status."""

    FOUND = "nearest_at_link_threshold"
    PARTLY = "nearest_at_absence_threshold"
    CONTAINED = "claim_terms_in_one_passage"
    SPREAD = "claim_terms_across_source"
    ABSENT = "all_absence_signals_under_threshold"
    NO_TEXT = "no_passage_in_source"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The passage of the source nearest to the claim, and the claim passage it was nearest
    to: `article.text[start:end] == text` for both. Both are None when the source has no
    passage, or none that shares a term with the claim (the scores are then all 0)."""

    nearest: ArticlePassage | None
    claim: ArticlePassage | None
    score: float
    signal: Signal
    confidence: float
    containment: float = 0.0
    spread: float = 0.0


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
    evidence: Evidence | None = None  # for candidate omissions: why this status


@dataclass(frozen=True, slots=True)
class Judgement:
    """Whether one claim is carried by a source's text: status, nearest passage and score."""

    status: Coverage
    evidence: Evidence

    @property
    def score(self) -> float:
        return self.evidence.score

    @property
    def excerpt(self) -> str:
        return self.evidence.nearest.text if self.evidence.nearest else ""


def coverage(
    units: Sequence[Unit],
    sources: Sequence[str],
    config: AlignConfig,
    *,
    paragraphs: Sequence[Paragraph] = (),
    source_of: Mapping[str, str] | None = None,
    passages: Sequence[ArticlePassage] | None = None,
    vectors: Callable[[], PassageSet] | None = None,
) -> tuple[Omission, ...]:
    """One entry per unit and source (`sources`: every source of the story, in report order).
    `paragraphs` (every paragraph of the story, whatever its kind) and `source_of` (article_id
    -> source) are where candidate omissions are checked; without them a candidate omission
    stays unchecked and is reported `not_covered` (an omission needs its evidence).
    Above `omission_table_max_sources` sources, `not_covered` entries are left out (see
    `is_bounded`): the rest grows with the paragraphs, not with units x sources. `passages`
    and `vectors` are as for `left_out.fact_coverage` (made here when not given)."""
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
    checked = _checked(rows, units, paragraphs, source_of or {}, config, passages, vectors)
    if bounded:  # an unchecked candidate is reported not_covered: left out like the others
        return tuple(row for row in checked if row.status is not Coverage.NOT_COVERED)
    return checked


def is_bounded(n_sources: int, config: AlignConfig) -> bool:
    """Whether a story has too many sources for a full units x sources table."""
    return n_sources > config.omission_table_max_sources


def _status(source: str, covering: set[str], n_sources: int, config: AlignConfig) -> Coverage:
    if source in covering:
        return Coverage.UNIQUE if len(covering) == 1 and n_sources > 1 else Coverage.COVERED
    if len(covering) >= 2 and len(covering) >= config.omission_share * n_sources:
        return Coverage.OMITTED
    return Coverage.NOT_COVERED


def _checked(
    rows: list[Omission],
    units: Sequence[Unit],
    paragraphs: Sequence[Paragraph],
    source_of: Mapping[str, str],
    config: AlignConfig,
    passages: Sequence[ArticlePassage] | None,
    vectors: Callable[[], PassageSet] | None,
) -> tuple[Omission, ...]:
    """Candidate omissions judged against every passage of the omitting source (one scoring
    call for the whole story)."""
    candidates = [i for i, row in enumerate(rows) if row.status is Coverage.OMITTED]
    if not candidates or not paragraphs:
        return tuple(
            replace(row, status=Coverage.NOT_COVERED) if row.status is Coverage.OMITTED else row
            for row in rows
        )
    passages = article_passages(paragraphs) if passages is None else passages
    by_para: dict[str, list[int]] = {}
    by_source: dict[str, list[int]] = {}
    for index, passage in enumerate(passages):
        by_para.setdefault(passage.para_id, []).append(index)
        source = source_of.get(passage.article_id, passage.article_id)
        by_source.setdefault(source, []).append(index)
    members = {u.unit_id: [m.para_id for m in u.members] for u in units}
    queries = [
        Query(
            tuple(i for para_id in members[rows[k].unit_id] for i in by_para.get(para_id, ())),
            tuple(by_source.get(rows[k].source, ())),
        )
        for k in candidates
    ]
    nearest = nearest_passages([p.text for p in passages], queries, config, vectors=vectors)
    out = list(rows)
    for k, found in zip(candidates, nearest, strict=True):
        judged = judge(found, passages, config)
        out[k] = replace(rows[k], status=judged.status, evidence=judged.evidence)
    return tuple(out)


def judge(found: Nearest, passages: Sequence[ArticlePassage], config: AlignConfig) -> Judgement:
    """The status the nearest passage gives, with its evidence: `omitted` only when the score,
    the best single-passage containment and the whole-source containment are all under their
    thresholds. `confidence` is how far the deciding signal is from its boundary, as a share of
    its band (1 = as far as can be): an `omitted` with nothing in common has 1.0, one just under
    a threshold nearly 0."""
    absent, link = config.absence_threshold, config.claim_threshold
    score = found.score
    if found.candidate < 0:
        evidence = Evidence(None, None, 0.0, Signal.NO_TEXT, 1.0)
        return Judgement(Coverage.OMITTED, evidence)
    nearest = passages[found.candidate]
    claim = passages[found.claim] if found.claim >= 0 else None
    contained = found.containment >= config.absence_containment
    spread = found.spread >= config.absence_spread
    if score >= link:
        status, signal = Coverage.COVERED, Signal.FOUND
        confidence = min(1.0, (score - link) / link)
    elif score >= absent:
        status, signal = Coverage.PARTLY, Signal.PARTLY
        confidence = (score - absent) / (link - absent)
    elif contained:
        status, signal = Coverage.PARTLY, Signal.CONTAINED
        nearest = passages[found.contained_candidate]
        claim = passages[found.contained_claim] if found.contained_claim >= 0 else claim
        confidence = min(1.0, found.containment / config.absence_containment - 1.0)
    elif spread:
        status, signal = Coverage.PARTLY, Signal.SPREAD
        confidence = min(1.0, found.spread / config.absence_spread - 1.0)
    else:
        status, signal = Coverage.OMITTED, Signal.ABSENT
        confidence = min(
            1.0 - score / absent,
            1.0 - found.containment / config.absence_containment,
            1.0 - found.spread / config.absence_spread,
        )
        if score <= 0.0 and found.containment <= 0.0:
            # No passage shares a term with the claim: the "nearest" is only the first pair
            # tried, which is no evidence of anything, so none is named (nor its claim passage)
            nearest = claim = None
    evidence = Evidence(
        nearest, claim, score, signal, round(max(0.0, confidence), 4), found.containment,
        found.spread,
    )  # fmt: skip
    return Judgement(status, evidence)


def claim_coverage(
    claims: Sequence[str],
    article_ids: Sequence[str],
    paragraphs: Sequence[Paragraph],
    config: AlignConfig,
) -> tuple[Judgement, ...]:
    """Whether each claim (any text, e.g. a sentence of another outlet's article) is carried by
    the article `article_ids[k]`, judged like a candidate omission; `paragraphs` are the whole
    story's (term weights count over all of them). The evidence's `claim` is the claim itself,
    with offsets into the claim text."""
    passages = article_passages(paragraphs)
    claim_passages = [ArticlePassage("", "", 0, len(text), text) for text in claims]
    everything = (*claim_passages, *passages)
    of_article: dict[str, list[int]] = {}
    for index, passage in enumerate(passages, start=len(claims)):
        of_article.setdefault(passage.article_id, []).append(index)
    queries = [
        Query((k,), tuple(of_article.get(article_id, ())))
        for k, article_id in enumerate(article_ids)
    ]
    found = nearest_passages([p.text for p in everything], queries, config)
    return tuple(judge(near, everything, config) for near in found)


def omissions_of(entries: Sequence[Omission], source: str) -> tuple[Omission, ...]:
    """The units `source` leaves out: checked against its whole text and not found there."""
    return tuple(e for e in entries if e.source == source and e.status is Coverage.OMITTED)
