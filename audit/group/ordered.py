"""The order-dependent reading of a feed: reprints and TF-IDF vectors, in time order, in a
process of its own beside the clustering when the feed is read by worker processes.

An article's reprint check (`audit.dedup.classify`) and its TF-IDF vector (online document
frequencies, `Vocabulary`) depend on the articles before it, not on where the clusterer put
them; so with worker processes both run apart from the clustering, one batch ahead of it, and
the main process keeps the clustering and the spellings of words (for labels). The findings and
vectors are the same as in process, in the same order: so is the grouping.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.process import BaseProcess
from typing import Any

from audit.config import AuditConfig
from audit.dedup import Finding, Record, classify
from audit.dedup.engine import History, check_config
from audit.group.represent import ArticleTerms, ArticleVector, Vocabulary

# Seconds between checks that the process apart is still alive while waiting for its answer.
_POLL = 1.0
Item = tuple[Record, ArticleTerms]  # an article's reprint record and its terms, in time order
Read = tuple[Record, "Finding | None", ArticleVector]
_Answer = tuple[str, Any]  # ("read", [(Finding | None, ArticleVector), ...]) or ("error", ...)


def read_in_order(
    items: Iterable[Item],
    config: AuditConfig,
    vocabulary: Vocabulary,
    *,
    index: History | None = None,
    apart: bool = False,
) -> Iterator[Read]:
    """Each article's record, reprint finding (None when it is not a copy) and vector, with
    `vocabulary` updated as the articles come; `apart` (no `index`): in a process of its own,
    the main process's `vocabulary` then keeping the spellings only (its counts are apart)."""
    if apart and index is None:
        return _apart(items, config, vocabulary)
    return _in_process(items, config, vocabulary, index)


def _in_process(
    items: Iterable[Item], config: AuditConfig, vocabulary: Vocabulary, index: History | None
) -> Iterator[Read]:
    pending: deque[ArticleTerms] = deque()  # read ahead of the dedup engine's batches

    def records() -> Iterator[Record]:
        for record, terms in items:
            pending.append(terms)
            yield record

    for record, finding in classify(records(), config.dedup, index=index):
        terms = pending.popleft()
        vocabulary.add(terms)
        yield record, finding, vocabulary.vector(terms, config.group)


def _apart(items: Iterable[Item], config: AuditConfig, vocabulary: Vocabulary) -> Iterator[Read]:
    """In a spawned process, in batches of `dedup.batch_size` (the engine's own), the next batch
    sent before the last is answered."""
    check_config(config.dedup)  # a bad setting is the usual input error, raised here
    context = multiprocessing.get_context("spawn")
    todo: multiprocessing.Queue[list[Item] | None] = context.Queue()
    done: multiprocessing.Queue[_Answer] = context.Queue()
    process = context.Process(target=_serve, args=(todo, done, config), daemon=True)
    process.start()
    try:
        sent: deque[list[Item]] = deque()
        iterator = iter(items)
        while batch := list(islice(iterator, config.dedup.batch_size)):
            todo.put(batch)
            sent.append(batch)
            if len(sent) > 1:
                yield from _answered(sent.popleft(), _answer(done, process), vocabulary)
        todo.put(None)
        while sent:
            yield from _answered(sent.popleft(), _answer(done, process), vocabulary)
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        todo.close()
        done.close()


def _answered(batch: list[Item], answers: list[Any], vocabulary: Vocabulary) -> Iterator[Read]:
    for (record, terms), (finding, vector) in zip(batch, answers, strict=True):
        vocabulary.add_forms(terms)  # the spellings, for the clusterer's labels
        yield record, finding, vector


def _answer(done: multiprocessing.Queue[_Answer], process: BaseProcess) -> list[Any]:
    while True:
        try:
            kind, value = done.get(timeout=_POLL)
        except queue.Empty:
            if not process.is_alive():
                raise RuntimeError(
                    f"the process reading the feed in order stopped (exit {process.exitcode})"
                ) from None
            continue
        if kind == "error":
            raise value
        return list(value)


def _serve(
    todo: multiprocessing.Queue[list[Item] | None],
    done: multiprocessing.Queue[_Answer],
    config: AuditConfig,
) -> None:
    def items() -> Iterator[Item]:
        while (batch := todo.get()) is not None:
            yield from batch

    try:
        answers: list[tuple[Finding | None, ArticleVector]] = []
        for _, finding, vector in _in_process(items(), config, Vocabulary(), None):
            answers.append((finding, vector))
            if len(answers) == config.dedup.batch_size:  # the engine answers a batch at a time
                done.put(("read", answers))
                answers = []
        if answers:
            done.put(("read", answers))
    except Exception as error:  # given to the main process to raise
        done.put(("error", error))
