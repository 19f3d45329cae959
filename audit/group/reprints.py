"""The dedup engine on the articles' leads, in a process of its own beside the clustering.

The reprint check of an article depends only on the leads before it (`audit.dedup.classify`
over the feed in time order), not on where the clusterer put them, so with worker processes it
runs apart from the clustering, one batch ahead of it, and the main process keeps only the
clustering's own work. The findings are the engine's, in the same order: the result is the same
as `classify` in process.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.process import BaseProcess
from typing import Any

from audit.config import DedupConfig
from audit.dedup import Finding, Record, classify
from audit.dedup.engine import check_config

# Seconds between checks that the dedup process is still alive while waiting for its answer.
_POLL = 1.0
_Answer = tuple[str, Any]  # ("findings", [Finding | None, ...]) or ("error", the exception)


def classify_apart(
    records: Iterable[Record], config: DedupConfig
) -> Iterator[tuple[Record, Finding | None]]:
    """`classify(records, config)` (no index) computed in a spawned process, in batches of
    `config.batch_size` (the engine's own), the next batch sent before the last is answered."""
    check_config(config)  # a bad setting is the usual input error, raised here
    context = multiprocessing.get_context("spawn")
    todo: multiprocessing.Queue[list[Record] | None] = context.Queue()
    done: multiprocessing.Queue[_Answer] = context.Queue()
    process = context.Process(target=_serve, args=(todo, done, config), daemon=True)
    process.start()
    try:
        sent: deque[list[Record]] = deque()
        iterator = iter(records)
        while batch := list(islice(iterator, config.batch_size)):
            todo.put(batch)
            sent.append(batch)
            if len(sent) > 1:
                yield from zip(sent.popleft(), _answer(done, process), strict=True)
        todo.put(None)
        while sent:
            yield from zip(sent.popleft(), _answer(done, process), strict=True)
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        todo.close()
        done.close()


def _answer(done: multiprocessing.Queue[_Answer], process: BaseProcess) -> list[Finding | None]:
    while True:
        try:
            kind, value = done.get(timeout=_POLL)
        except queue.Empty:
            if not process.is_alive():
                raise RuntimeError(
                    f"the dedup process stopped (exit code {process.exitcode})"
                ) from None
            continue
        if kind == "error":
            raise value
        return list(value)


def _serve(
    todo: multiprocessing.Queue[list[Record] | None],
    done: multiprocessing.Queue[_Answer],
    config: DedupConfig,
) -> None:
    def records() -> Iterator[Record]:
        while (batch := todo.get()) is not None:
            yield from batch

    try:
        findings: list[Finding | None] = []
        for _, finding in classify(records(), config):
            findings.append(finding)
            if len(findings) == config.batch_size:  # the engine answers a batch at a time
                done.put(("findings", findings))
                findings = []
        if findings:
            done.put(("findings", findings))
    except Exception as error:  # given to the main process to raise
        done.put(("error", error))
