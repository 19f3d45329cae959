"""Print the alignment of NewsWCL50 events for reading by eye.

Usage: python bench/newswcl_align.py /work/shared/data/newswcl50/articles.jsonl \\
           [--events event-0,event-3] [--links 8]

For each event (5 outlets, `source` = political leaning): counts of content paragraphs, links
and units by number of sources, then the best-scored links with the two evidence passages, and
the units most sources share. Nothing is scored against labels: this is for reading.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from audit.align.stage import align_story
from audit.config import AuditConfig
from audit.ingest.load import load_input
from audit.model import Paragraph
from audit.pipeline import clean_story


def short(text: str, width: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("articles", type=Path, help="NewsWCL50 articles.jsonl")
    parser.add_argument("--events", default="event-0,event-3,event-7")
    parser.add_argument("--links", type=int, default=8, help="links to print per event")
    args = parser.parse_args()
    config = AuditConfig()
    stories = {s.story_id: s for s in load_input(args.articles).stories}
    for event in args.events.split(","):
        story = stories[event]
        paragraphs = clean_story(story, config).paragraphs
        sources = {a.article_id: a.source for a in story.articles}
        aligned = align_story(paragraphs, sources, config.align)
        by_id: dict[str, Paragraph] = {p.para_id: p for p in paragraphs}
        texts = {a.article_id: a.text for a in story.articles}
        spread = Counter(len(u.sources) for u in aligned.units)
        n_content = sum(p.is_content for p in paragraphs)
        print(
            f"\n## {event}: {n_content} content paragraphs, {len(aligned.links)} links, "
            f"units by number of sources {dict(sorted(spread.items()))}"
        )
        for link in sorted(aligned.links, key=lambda k: -k.score)[: args.links]:
            a = texts[by_id[link.para_a].article_id][link.evidence_a.start : link.evidence_a.end]
            b = texts[by_id[link.para_b].article_id][link.evidence_b.start : link.evidence_b.end]
            print(
                f"- {link.score:.2f} {sources[link.article_a]} / {sources[link.article_b]}"
                f" shared: {', '.join(link.shared[:6])}\n    A: {short(a)}\n    B: {short(b)}"
            )
        for unit in sorted(aligned.units, key=lambda u: -len(u.sources))[:3]:
            print(f"- unit {unit.unit_id} [{unit.label}] sources: {', '.join(unit.sources)}")


if __name__ == "__main__":
    main()
