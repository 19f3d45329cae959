"""The alignment stage as one call: links and units (`paragraphs`, `units`), the headlines'
links (`titles`: reported with the links, in no unit) and the word diffs (`diffs`) of every
content link whose two paragraphs ended up in one unit.

A link that average linkage kept between two units (its `unit_id` is empty in links.csv) gets no
diff: nothing shows it side by side, its `shared`/`only_a`/`only_b` terms say why it was made,
and on wire reprints such links are most of them (7,862 of 12,723 on the 50 x 40 bench story),
so diffing them was most of the stage's time and of diffs.csv.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.align.diffs import DiffSpan, paragraph_words, word_diffs
from audit.align.hints import Hint
from audit.align.paragraphs import Link, align_paragraphs
from audit.align.titles import title_links
from audit.align.units import Unit
from audit.config import AlignConfig
from audit.model import Paragraph
from audit.text.normalize import Token, tokens

Words = Mapping[str, tuple[Token, ...]]  # para_id -> the paragraph's words


@dataclass(frozen=True, slots=True)
class Alignment:
    """Everything the alignment stage found for one story."""

    sources: Mapping[str, str]  # article_id -> source, for every article of the story
    links: tuple[Link, ...]  # the content links, then the headlines' (`Link.kind`)
    units: tuple[Unit, ...]
    diffs: tuple[DiffSpan, ...]
    # unlinked pairs of sources that may report the same claim: hints, not links (hints.csv)
    hints: tuple[Hint, ...] = ()


def content_words(paragraphs: Sequence[Paragraph]) -> dict[str, tuple[Token, ...]]:
    """Every content paragraph's words: the later stages all read them, so tokenise once."""
    return {p.para_id: tokens(p.text, p.start) for p in paragraphs if p.is_content}


def align_story(
    paragraphs: Sequence[Paragraph],
    sources: Mapping[str, str],
    config: AlignConfig,
    *,
    words: Words | None = None,
    titles: Mapping[str, str] | None = None,
    attribution: frozenset[str] = frozenset(),
) -> Alignment:
    """Align the content paragraphs of one story (`sources`: article_id -> source name), and
    each article's headline (`titles`: article_id -> the loader's title, if any) against the
    others' headlines and ledes; `attribution`: the words that attribute a claim, for the diff
    runs' classes (`diffkinds`). Deterministic: the same paragraphs give the same ids and values."""
    words = content_words(paragraphs) if words is None else words
    aligned = align_paragraphs(paragraphs, sources, config, words=words)
    headlines = title_links(paragraphs, titles or {}, config, words=words)
    by_id = {p.para_id: p for p in aligned.paragraphs}
    unit_of = {m.para_id: u.unit_id for u in aligned.units for m in u.members}
    in_units = [link for link in aligned.links if unit_of[link.para_a] == unit_of[link.para_b]]
    linked = {p for link in in_units for p in (link.para_a, link.para_b)}
    numbering: dict[str, int] = {}  # the diffs compare words by number (`diffwords`)
    diff_words = {
        para_id: paragraph_words(by_id[para_id], words[para_id], numbering)
        for para_id in sorted(linked)
    }
    diffs = word_diffs(
        ((link.link_id, by_id[link.para_a], by_id[link.para_b]) for link in in_units),
        diff_words,
        attribution,
        config,
    )
    return Alignment(
        sources=dict(sources),
        links=aligned.links + headlines,
        units=aligned.units,
        diffs=diffs,
        hints=aligned.hints,
    )
