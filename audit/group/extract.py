"""The leads and terms of a feed's articles, in worker processes when the feed is big.

Reading an article (its lead without boilerplate, then its words and names) depends on nothing
but the article, so it runs beside the online clustering, which must take articles one by one:
with `GroupConfig.workers` processes the two share the machine's cores. The result is the same
with any number of workers (each article's terms are a pure function of its text).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from multiprocessing.pool import AsyncResult

from audit.config import AuditConfig, CleanConfig
from audit.group.represent import ArticleTerms, Extractor, first_words, lead_text
from audit.model import Article

# Below this many articles a feed is read in process: starting a worker (a fresh interpreter
# importing the package) takes about as long as reading 2,000 articles.
_MIN_PARALLEL = 2000
# Articles sent to a worker at once: big enough that pickling is a small share of the work.
_CHUNK = 256

_Settings = tuple[int, int, "str | None", CleanConfig]
Read = tuple[str, ArticleTerms]  # (the lead's first words for the reprint check, the terms)


def read_articles(articles: Sequence[Article], config: AuditConfig) -> Iterator[Read]:
    """(reprint lead, terms) of each article, in the order given."""
    cfg = config.group
    settings: _Settings = (
        cfg.lead_words,
        cfg.reprint_words,
        config.segment.paragraph_separator,
        config.clean,
    )
    jobs = ((a.text, a.title) for a in articles)
    if cfg.workers <= 1 or len(articles) < _MIN_PARALLEL:
        yield from _read(settings, jobs)
        return
    # "spawn": a forked worker would share (and count in its memory) the parent's whole feed.
    with multiprocessing.get_context("spawn").Pool(cfg.workers) as pool:
        # At most two chunks per worker in flight: results never pile up in memory when the
        # clustering is slower than the readers.
        running: deque[AsyncResult[list[Read]]] = deque()
        for chunk in _chunks(jobs):
            running.append(pool.apply_async(_read_chunk, ((settings, chunk),)))
            if len(running) >= 2 * cfg.workers:
                yield from running.popleft().get()
        while running:
            yield from running.popleft().get()


def _chunks(jobs: Iterable[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    iterator = iter(jobs)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


def _read_chunk(job: tuple[_Settings, list[tuple[str, str]]]) -> list[Read]:
    settings, chunk = job
    return list(_read(settings, chunk))


def _read(settings: _Settings, jobs: Iterable[tuple[str, str]]) -> Iterator[Read]:
    lead_words, reprint_words, separator, clean = settings
    extractor = Extractor()
    for text, title in jobs:
        lead = lead_text(text, title, lead_words, separator=separator, clean=clean)
        yield first_words(lead, reprint_words), extractor.terms(lead)
