"""The leads and terms of a feed's articles, in worker processes when the feed is big.

Reading an article (its lead without boilerplate, then its words and names) depends on nothing
but the article, so it runs beside the online clustering, which must take articles one by one:
with `GroupConfig.workers` processes the two share the machine's cores (and the reprint check
runs in one more, `audit.group.reprints`). The result is the same with any number of workers
(each article's terms are a pure function of its text).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, TypeVar

from audit.config import GROUP_AUTO_WORKERS_MAX, AuditConfig, CleanConfig
from audit.group.represent import ArticleTerms, Extractor, lead_text
from audit.model import Article

# Below this many articles a feed is read in process: starting a worker (a fresh interpreter
# importing the package) takes about as long as reading 2,000 articles.
_MIN_PARALLEL = 2000
# Articles sent to a worker at once: big enough that pickling is a small share of the work.
_CHUNK = 256
_AUTO_MAX = GROUP_AUTO_WORKERS_MAX  # audit.config, with the reason for its value

_Settings = tuple[int, int, "str | None", CleanConfig]
_Job = tuple[str, "str | None"]  # (text, title), or (lead, None) when the lead is known
_T = TypeVar("_T")
Read = tuple[str, ArticleTerms]  # (the lead's first words for the reprint check, the terms)


def read_articles(
    articles: Sequence[Article],
    config: AuditConfig,
    *,
    leads: Sequence[str] | None = None,
    pool: Workers | None = None,
) -> Iterator[Read]:
    """(reprint lead, terms) of each article, in the order given; from `leads` (each article's
    lead from `article_leads`, found earlier by a streaming reader) when given; in `pool`
    (from `worker_pool`) when given, else in a pool of its own."""
    jobs: Iterable[tuple[str, str | None]]
    if leads is None:
        jobs = ((a.text, a.title) for a in articles)
    else:
        jobs = ((lead, None) for lead in leads)
    if not in_workers(config, len(articles)):
        # In process, one extractor (and its cache of word forms) serves the whole feed.
        return _read(_settings(config), jobs, Extractor())
    return _pooled(_read_chunk, _settings(config), jobs, config.group.workers, pool)


def in_workers(config: AuditConfig, n_articles: int) -> bool:
    """Whether a feed of `n_articles` is read in worker processes."""
    return config.group.workers > 1 and n_articles >= _MIN_PARALLEL


def article_leads(
    jobs: Iterable[tuple[str, str]], config: AuditConfig, *, pool: Workers | None = None
) -> Iterator[str]:
    """The lead of each (text, title), in order, in `group.workers` processes when above 1
    (`pool`'s when given)."""
    return _pooled(_lead_chunk, _settings(config), jobs, config.group.workers, pool)


class Workers:
    """A pool of worker processes started on first use: a feed too short for workers (under
    `_MIN_PARALLEL` articles, read in process) never pays their start (a fresh interpreter
    importing the package, about 0.4 CPU seconds each)."""

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._pool: Pool | None = None

    def apply_async(self, func: Callable[..., _T], args: tuple[Any, ...]) -> AsyncResult[_T]:
        if self._pool is None:
            self._pool = _spawned(self._workers)
        return self._pool.apply_async(func, args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None


@contextmanager
def worker_pool(config: AuditConfig) -> Iterator[Workers | None]:
    """One pool of `group.workers` processes (None for 1) for both passes of a feed, the leads
    and then the terms: a pool per pass started each worker twice; started only when a pass
    needs it."""
    if config.group.workers <= 1:
        yield None
        return
    workers = Workers(config.group.workers)
    try:
        yield workers
    finally:
        workers.close()


def command_workers(workers: int) -> int:
    """The processes `audit group` reads with for `group.workers`: as set, or for 0 one per
    core this process may use, at most `_AUTO_MAX` (1, in process, on a single core)."""
    if workers > 0:
        return workers
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(_AUTO_MAX, cores))


def _settings(config: AuditConfig) -> _Settings:
    cfg = config.group
    return (cfg.lead_words, cfg.reprint_words, config.segment.paragraph_separator, config.clean)


def _pooled(
    work: Callable[[tuple[_Settings, list[_Job]]], list[_T]],
    settings: _Settings,
    jobs: Iterable[_Job],
    workers: int,
    pool: Workers | None,
) -> Iterator[_T]:
    iterator = iter(jobs)
    head = list(islice(iterator, _MIN_PARALLEL))  # a short feed is read in process
    jobs = chain(head, iterator)
    if workers <= 1 or len(head) < _MIN_PARALLEL:
        for chunk in _chunks(jobs):
            yield from work((settings, chunk))
        return
    if pool is not None:
        yield from _in_pool(work, settings, jobs, workers, pool)
        return
    with _spawned(workers) as own:
        yield from _in_pool(work, settings, jobs, workers, own)


def _spawned(workers: int) -> Pool:
    # "spawn": a forked worker would share (and count in its memory) the parent's whole feed.
    return multiprocessing.get_context("spawn").Pool(workers)


def _in_pool(
    work: Callable[[tuple[_Settings, list[_Job]]], list[_T]],
    settings: _Settings,
    jobs: Iterable[_Job],
    workers: int,
    pool: Pool | Workers,
) -> Iterator[_T]:
    # At most two chunks per worker in flight: results never pile up in memory when the
    # clustering is slower than the readers.
    running: deque[AsyncResult[list[_T]]] = deque()
    for chunk in _chunks(jobs):
        running.append(pool.apply_async(work, ((settings, chunk),)))
        if len(running) >= 2 * workers:
            yield from running.popleft().get()
    while running:
        yield from running.popleft().get()


def _chunks(jobs: Iterable[_Job]) -> Iterator[list[_Job]]:
    iterator = iter(jobs)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


def _read_chunk(job: tuple[_Settings, list[_Job]]) -> list[Read]:
    return list(_read(job[0], job[1], _process_extractor()))


@functools.cache
def _process_extractor() -> Extractor:
    """The extractor of a worker process, kept for its lifetime: its cache of word forms serves
    every chunk the worker reads, as one extractor serves a feed read in process (a fresh one per
    chunk of 256 articles took 0.42-0.48 ms per article against 0.29-0.34). The cache only
    saves work: the terms are the same."""
    return Extractor()


def _read(settings: _Settings, jobs: Iterable[_Job], extractor: Extractor) -> Iterator[Read]:
    lead_words, reprint_words, separator, clean = settings
    for text, title in jobs:
        if title is not None:
            text = lead_text(text, title, lead_words, separator=separator, clean=clean)
        yield extractor.read(text, reprint_words)


def _lead_chunk(job: tuple[_Settings, list[_Job]]) -> list[str]:
    (lead_words, _, separator, clean), chunk = job
    return [
        lead_text(t, title or "", lead_words, separator=separator, clean=clean)
        for t, title in chunk
    ]
