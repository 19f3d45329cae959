"""The trafilatura adapter: reduce an HTML page to its main text, one paragraph a line.

trafilatura is the well-kept extractor for news pages (boilerplate-aware, offline, no model).
It is imported on the first page, not with this module: it takes a second or more to import,
and inputs of plain text (and `audit dedup` on JSONL or CSV) never need it."""

from __future__ import annotations


def main_text(html: str) -> str:
    """The page's main text with paragraphs on separate lines; empty when nothing was found."""
    # Imported on first use: it costs ~0.2 s and ~100 MB, and most inputs hold no HTML (every
    # `audit dedup` would pay for it through the ingest package otherwise).
    import trafilatura

    # Precision first (drops navigation and related links); short or unusual pages defeat those
    # heuristics, so recall mode is the second try before giving up.
    for precise in (True, False):
        extracted = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=False,
            favor_precision=precise,
            favor_recall=not precise,
            deduplicate=False,  # repeats are flagged by the clean stage, never silently dropped
        )
        if extracted and extracted.strip():
            return extracted
    return ""
