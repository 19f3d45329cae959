"""The alignment stage as one call, and the rows of its report files.

`align_story` runs the whole stage over one story's paragraphs: links and units (`align`),
word diffs (`diffs`) of every link whose two paragraphs ended up in one unit, facts (`facts`)
and coverage/omissions (`omissions`). A link that average linkage kept between two units
(its `unit_id` is empty in links.csv) gets no diff: nothing shows it side by side, its
`shared`/`only_a`/`only_b` terms say why it was made, and on wire reprints such links are most
of them (7,862 of 12,723 on the 50 x 40 bench story), so diffing them was most of the stage's
time and of diffs.csv. The
`*_rows` functions turn the result into plain dicts in the column order of the `*_COLUMNS`
tuples, for `report.csv_bytes`; lists of words are joined with "; ".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from audit.align import Link, Unit, align_paragraphs
from audit.config import AlignConfig
from audit.diffs import DiffSpan, paragraph_words, word_diff
from audit.facts import Fact, extract_facts
from audit.model import Paragraph
from audit.omissions import Omission, coverage
from audit.textnorm import tokens

UNIT_COLUMNS = (
    "unit_id", "label", "n_sources", "n_paragraphs", "article_id", "source", "para_id", "score",
)  # fmt: skip
LINK_COLUMNS = (
    "link_id", "unit_id", "para_a", "para_b", "source_a", "source_b", "score", "shared",
    "only_a", "only_b", "evidence_a_start", "evidence_a_end", "evidence_b_start",
    "evidence_b_end",
)  # fmt: skip
DIFF_COLUMNS = (
    "link_id", "side", "seq", "op", "article_id", "para_id", "start", "end", "n_words", "text",
)  # fmt: skip
OMISSION_COLUMNS = (
    "unit_id", "label", "source", "status", "para_ids", "n_covering", "n_sources",
)  # fmt: skip
FACT_COLUMNS = (
    "fact_id", "kind", "fact", "source", "reported", "n_mentions", "article_id", "para_id",
    "start", "end", "mentions", "n_reporting", "n_sources",
)  # fmt: skip
_JOIN = "; "


@dataclass(frozen=True, slots=True)
class Alignment:
    """Everything the alignment stage found for one story."""

    sources: Mapping[str, str]  # article_id -> source, for every article of the story
    links: tuple[Link, ...]
    units: tuple[Unit, ...]
    diffs: tuple[DiffSpan, ...]
    facts: tuple[Fact, ...]
    omissions: tuple[Omission, ...]


def align_story(
    paragraphs: Sequence[Paragraph], sources: Mapping[str, str], config: AlignConfig
) -> Alignment:
    """Align the content paragraphs of one story (`sources`: article_id -> source name).
    Deterministic: the same paragraphs give the same ids and values."""
    # every stage below reads the content paragraphs' words: tokenise each paragraph once
    words = {p.para_id: tokens(p.text, p.start) for p in paragraphs if p.is_content}
    aligned = align_paragraphs(paragraphs, sources, config, words=words)
    by_id = {p.para_id: p for p in aligned.paragraphs}
    unit_of = {m.para_id: u.unit_id for u in aligned.units for m in u.members}
    in_units = [link for link in aligned.links if unit_of[link.para_a] == unit_of[link.para_b]]
    linked = {p for link in in_units for p in (link.para_a, link.para_b)}
    diff_words = {
        para_id: paragraph_words(by_id[para_id], words[para_id]) for para_id in sorted(linked)
    }
    diffs = tuple(
        span
        for link in in_units
        for span in word_diff(
            link.link_id,
            by_id[link.para_a],
            by_id[link.para_b],
            words_a=diff_words[link.para_a],
            words_b=diff_words[link.para_b],
        )
    )
    story_sources = _story_sources(paragraphs, sources)
    return Alignment(
        sources=dict(sources),
        links=aligned.links,
        units=aligned.units,
        diffs=diffs,
        facts=extract_facts(paragraphs, config, words=words),
        omissions=coverage(aligned.units, story_sources, config),
    )


def _story_sources(paragraphs: Sequence[Paragraph], sources: Mapping[str, str]) -> list[str]:
    """Every source of the story, in the order its first article appears."""
    articles = [*sources, *(p.article_id for p in paragraphs)]
    return list(dict.fromkeys(sources.get(a, a) for a in articles))


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
        # average linkage may refuse to put a link's two paragraphs in one unit
        same = unit_of[link.para_a] == unit_of[link.para_b]
        return unit_of[link.para_a] if same else ""

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
        }
        for link in alignment.links
    ]


def diff_rows(alignment: Alignment) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seq: dict[tuple[str, str], int] = {}
    for token in alignment.diffs:
        number = seq.get((token.link_id, token.side), 0)
        seq[(token.link_id, token.side)] = number + 1
        rows.append(
            {
                "link_id": token.link_id,
                "side": token.side,
                "seq": number,
                "op": token.op.value,
                "article_id": token.article_id,
                "para_id": token.para_id,
                "start": token.start,
                "end": token.end,
                "n_words": token.n_words,
                "text": token.text,
            }
        )
    return rows


def omission_rows(alignment: Alignment) -> list[dict[str, Any]]:
    return [
        {
            "unit_id": entry.unit_id,
            "label": entry.label,
            "source": entry.source,
            "status": entry.status.value,
            "para_ids": _JOIN.join(entry.para_ids),
            "n_covering": entry.n_covering,
            "n_sources": entry.n_sources,
        }
        for entry in alignment.omissions
    ]


def fact_rows(alignment: Alignment) -> list[dict[str, Any]]:
    """One row per fact and source: where the source states it, or `reported` 0 if it does not."""
    all_sources = list(dict.fromkeys(alignment.sources.values()))
    rows = []
    for fact in alignment.facts:
        by_source: dict[str, list] = {}
        for mention in fact.mentions:
            source = alignment.sources.get(mention.article_id, mention.article_id)
            by_source.setdefault(source, []).append(mention)
        story_sources = list(dict.fromkeys([*all_sources, *by_source]))
        for source in story_sources:
            found = by_source.get(source, [])
            first = found[0] if found else None
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
                }
            )
    return rows
