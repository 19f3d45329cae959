"""`audit run --engine spark`: stories audited in parallel Spark tasks, reports written by the
driver exactly as a local run writes them.

Each task audits one story with `audit.report.stories.audit_story` (the function a local run
calls) and returns its report files as bytes, its summary and its profile rows; the driver gets
them back in input order and writes them, so the report trees are byte-identical to a local run.
What every story shares (config, lexicons, the input's warnings and bytes) is broadcast once.
Stories go out in batches of a few per core, the next batch computed while the driver writes
the last, so the driver holds the reports of at most two batches. The session comes from
`audit.dedup.spark.spark_session` (that module is the one that imports pyspark).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from audit.dedup.spark import DEFAULT_MASTER, spark_session
from audit.model import Story
from audit.report.stories import AuditedStory, StoryJob, audit_story

# Stories per core in one batch: enough that a core rarely waits for a long story to finish
# before the batch does, few enough that the driver holds little (two batches of reports).
STORIES_PER_CORE = 4


def audit_stories_spark(
    stories: Sequence[Story],
    job: StoryJob,
    folders: Mapping[str, Path],
    *,
    master: str = DEFAULT_MASTER,
    session: Any = None,
    started: Callable[[Story], object] | None = None,
) -> Iterator[AuditedStory]:
    """Each story's `audit_story(story, job, folders[story_id])`, in input order, computed on
    `spark_session(master, ..., session)`. `started` is told of each story as its results reach
    the driver."""
    with spark_session(master, "audit run", session) as spark:
        sc = spark.sparkContext
        # the lexicons come read-only (a mappingproxy, which does not pickle): shipped as a copy
        shared = sc.broadcast(replace(job, lexicons=dict(job.lexicons)))
        size = max(1, sc.defaultParallelism * STORIES_PER_CORE)
        batches = [
            [(story, folders[story.story_id]) for story in stories[i : i + size]]
            for i in range(0, len(stories), size)
        ]
        with ThreadPoolExecutor(max_workers=1) as pool:
            try:
                yield from _in_order(sc, batches, shared, pool, started)
            except BaseException:
                sc.cancelAllJobs()  # a failed write or Ctrl-C: the next batch is not needed
                raise
        shared.unpersist()


def _in_order(
    sc: Any,
    batches: list[list[tuple[Story, Path]]],
    shared: Any,
    pool: ThreadPoolExecutor,
    started: Callable[[Story], object] | None,
) -> Iterator[AuditedStory]:
    """Each batch's results, the next batch submitted before this one's are handed on."""
    pending: Future | None = None
    for number, batch in enumerate(batches):
        done = pending.result() if pending else _audited(sc, batch, shared)
        following = batches[number + 1] if number + 1 < len(batches) else None
        pending = pool.submit(_audited, sc, following, shared) if following else None
        for (story, _), audited in zip(batch, done, strict=True):
            if started is not None:
                started(story)
            yield audited


def _audited(sc: Any, batch: list[tuple[Story, Path]], shared: Any) -> list[AuditedStory]:
    """One task per story (stories differ in size: small tasks balance the cores)."""
    tasks = sc.parallelize(batch, len(batch))
    return tasks.map(lambda item: audit_story(item[0], shared.value, item[1])).collect()
