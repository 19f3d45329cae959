"""The leads and terms of a feed's articles, in worker processes when the feed is big.

Reading an article (its lead without boilerplate, then its words and names) depends on nothing
but the article, so it runs in `GroupConfig.workers` processes while the feed is read, before
the online clustering, which must take articles one by one in the main process (the reprint
check and the TF-IDF vectors run beside it in one more, `audit.group.features`). The result is
the same with any number of workers (each article's terms are a pure function of its text).
"""

from __future__ import annotations

import functools
import marshal
import multiprocessing
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from multiprocessing.pool import AsyncResult
from typing import TypeVar

from audit.config import GROUP_AUTO_WORKERS_MAX, AuditConfig, CleanConfig
from audit.cores import usable_cores
from audit.group.represent import SIGNALS, ArticleTerms, Extractor, lead_text

# Below this many articles a feed is read in process: starting a worker (a fresh interpreter
# importing the package) takes about as long as reading 2,000 articles.
_MIN_PARALLEL = 2000
# Articles sent to a worker at once: big enough that pickling is a small share of the work.
_CHUNK = 256

_Settings = tuple[int, int, "str | None", CleanConfig]
_Job = tuple[str, str]  # (text, title)
_T = TypeVar("_T")
Read = tuple[str, ArticleTerms]  # (the lead's first words for the reprint check, the terms)
# A `Read` packed to bytes: a 100k feed holds its reads in about 350 MB so, 1.9 GB as objects.
PackedRead = bytes


def in_workers(config: AuditConfig, n_articles: int) -> bool:
    """Whether a feed of `n_articles` is read in worker processes."""
    return config.group.workers > 1 and n_articles >= _MIN_PARALLEL


def packed_reads(jobs: Iterable[tuple[str, str]], config: AuditConfig) -> Iterator[PackedRead]:
    """The read of each (text, title) (its lead's first words for the reprint check and its
    terms), packed, in order; in `group.workers` processes when above 1 and the feed is
    big. A streaming reader keeps these instead of the leads, so the terms are read while the
    file is, by the workers, and not later in the main process beside the clustering."""
    iterator = iter(jobs)
    head = list(islice(iterator, _MIN_PARALLEL))  # a short feed is read in process
    every = chain(head, iterator)
    if not in_workers(config, len(head)):
        return map(_pack_read, _read(_settings(config), every, Extractor()))
    return _in_workers(_packed_chunk, _settings(config), every, config.group.workers)


def unpack_read(packed: PackedRead) -> Read:
    prefix, counts, forms = marshal.loads(packed)
    bags = {signal: Counter(bag) for signal, bag in zip(SIGNALS, counts, strict=True)}
    return prefix, ArticleTerms(bags, forms)


def _pack_read(read: Read) -> PackedRead:
    # marshal, of plain dicts and strings: it loads in two thirds of pickle's time (every
    # article is unpacked once more), and both ends are the same interpreter.
    prefix, terms = read
    counts = tuple(dict(terms.counts[signal]) for signal in SIGNALS)
    return marshal.dumps((prefix, counts, dict(terms.forms)))


def command_workers(workers: int) -> int:
    """The processes `audit group` reads with for `group.workers`: as set, or for 0 one per
    core this process may use, at most `GROUP_AUTO_WORKERS_MAX` (1, in process, on a single
    core)."""
    if workers > 0:
        return workers
    return max(1, min(GROUP_AUTO_WORKERS_MAX, usable_cores()))


def _settings(config: AuditConfig) -> _Settings:
    cfg = config.group
    return (cfg.lead_words, cfg.reprint_words, config.segment.paragraph_separator, config.clean)


def _in_workers(
    work: Callable[[tuple[_Settings, list[_Job]]], list[_T]],
    settings: _Settings,
    jobs: Iterable[_Job],
    workers: int,
) -> Iterator[_T]:
    # "spawn": a forked worker would share (and count in its memory) the parent's whole feed.
    with children_ignore_interrupts():
        pool = multiprocessing.get_context("spawn").Pool(workers)
    with pool:
        # At most two chunks per worker in flight: results never pile up in memory when
        # their consumer is slower than the workers.
        running: deque[AsyncResult[list[_T]]] = deque()
        for chunk in _chunks(jobs):
            running.append(pool.apply_async(work, ((settings, chunk),)))
            if len(running) >= 2 * workers:
                yield from running.popleft().get()
        while running:
            yield from running.popleft().get()


@contextmanager
def children_ignore_interrupts() -> Iterator[None]:
    """Processes started inside ignore Ctrl-C from their start (an ignored signal stays ignored
    across exec): Ctrl-C reaches the whole process group, the main process stops its workers
    itself (`audit: interrupted`), and a worker's own traceback would be noise. Outside the
    main thread (where signals cannot be set) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _chunks(jobs: Iterable[_Job]) -> Iterator[list[_Job]]:
    iterator = iter(jobs)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


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
        lead = lead_text(text, title, lead_words, separator=separator, clean=clean)
        yield extractor.read(lead, reprint_words)


def _packed_chunk(job: tuple[_Settings, list[_Job]]) -> list[PackedRead]:
    return [_pack_read(read) for read in _read(job[0], job[1], _process_extractor())]
