"""What the clustering needs of each article besides its own state: the reprint check (the dedup
engine on the lead's first words) and the TF-IDF vector (online document frequencies).

Both depend only on the articles before it in time order, not on where the clusterer put them,
so on a big feed they are computed in a process of their own, one dedup batch ahead of the
clustering, and the main process keeps only the clustering's own work (placing an article,
about half of what it cost with both). The features are the same either way: the same engine
and the same vocabulary updates, in the same order.
"""

from __future__ import annotations

import marshal
import multiprocessing
import queue
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from multiprocessing.process import BaseProcess
from typing import Any

from audit.config import AuditConfig
from audit.dedup import Finding, Record, classify
from audit.dedup.engine import History, check_config
from audit.group.extract import PackedRead, children_ignore_interrupts, unpack_read
from audit.group.represent import ArticleTerms, ArticleVector, Vocabulary

# Seconds between checks that the features process is still alive while waiting for its answer.
_POLL = 1.0

Item = tuple[str, str, PackedRead]  # (article id, source, its read), in time order
FormUpdates = tuple[tuple[str, str], ...]  # (word key, form) pairs the vocabulary set
_Answer = tuple[str, Any]  # ("features", [(finding, packed vector, updates), ...]) or ("error", e)


@dataclass(frozen=True, slots=True)
class Features:
    """One article's reprint finding (None: not a copy), its vector, and the spellings its
    terms gave the vocabulary (a clusterer with a vocabulary of its own applies them)."""

    finding: Finding | None
    vector: ArticleVector
    forms: FormUpdates


def article_features(
    items: Iterable[Item],
    config: AuditConfig,
    vocabulary: Vocabulary,
    *,
    index: History | None = None,
) -> Iterator[Features]:
    """Each article's features, in order, `vocabulary` updated article by article (the dedup
    engine reads a batch ahead; an article's terms count once its finding is out)."""
    pending: deque[ArticleTerms] = deque()

    def records() -> Iterator[Record]:
        for article_id, source, packed in items:
            prefix, terms = unpack_read(packed)
            pending.append(terms)
            yield Record(article_id, prefix, source, article_id)

    for _, finding in classify(records(), config.dedup, index=index):
        terms = pending.popleft()
        forms = vocabulary.add(terms)
        yield Features(finding, vocabulary.vector(terms, config.group), forms)


def features_apart(items: Iterable[Item], config: AuditConfig) -> Iterator[Features]:
    """`article_features(items, config, Vocabulary())` computed in a spawned process, in
    batches of the dedup engine's `batch_size`, the next batch sent before the last is
    answered."""
    check_config(config.dedup)  # a bad setting is the usual input error, raised here
    context = multiprocessing.get_context("spawn")
    todo: multiprocessing.Queue[list[Item] | None] = context.Queue()
    done: multiprocessing.Queue[_Answer] = context.Queue()
    process = context.Process(target=_serve, args=(todo, done, config), daemon=True)
    with children_ignore_interrupts():
        process.start()
    try:
        in_flight = 0
        iterator = iter(items)
        while batch := list(islice(iterator, config.dedup.batch_size)):
            todo.put(batch)
            in_flight += 1
            if in_flight > 1:
                yield from _answer(done, process)
                in_flight -= 1
        todo.put(None)
        for _ in range(in_flight):
            yield from _answer(done, process)
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        # A batch the process never read would keep this queue's feeder thread writing to the
        # pipe, and the interpreter waits for that thread at exit: drop what is left unsent.
        todo.cancel_join_thread()
        todo.close()
        done.close()


def _answer(done: multiprocessing.Queue[_Answer], process: BaseProcess) -> Iterator[Features]:
    while True:
        try:
            kind, value = done.get(timeout=_POLL)
        except queue.Empty:
            if not process.is_alive() and done.empty():  # its last answer may have come since
                raise RuntimeError(
                    f"the features process stopped (exit code {process.exitcode})"
                ) from None
            continue
        if kind == "error":
            raise value
        for finding, vector, forms in value:
            yield Features(finding, ArticleVector(marshal.loads(vector)), forms)
        return


def _serve(
    todo: multiprocessing.Queue[list[Item] | None],
    done: multiprocessing.Queue[_Answer],
    config: AuditConfig,
) -> None:
    def items() -> Iterator[Item]:
        while (batch := todo.get()) is not None:
            yield from batch

    try:
        answers: list[tuple[Finding | None, bytes, FormUpdates]] = []
        for features in article_features(items(), config, Vocabulary()):
            # marshal: the bags are plain dicts of floats, loaded faster than pickled
            answers.append(
                (features.finding, marshal.dumps(dict(features.vector.bags)), features.forms)
            )
            if len(answers) == config.dedup.batch_size:  # the engine answers a batch at a time
                done.put(("features", answers))
                answers = []
        if answers:
            done.put(("features", answers))
    except Exception as error:  # given to the main process to raise
        done.put(("error", error))
