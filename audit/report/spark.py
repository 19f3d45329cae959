"""`audit run --engine spark`: stories audited in parallel Spark tasks, reports written by the
driver exactly as a local run writes them.

Each task audits one story with `audit.report.stories.audit_story` (the function a local run
calls) and returns its report files as bytes, its summary and its profile rows; the driver gets
them back in input order and writes them, so the report trees are byte-identical to a local run.
What every story shares (config, lexicons, the input's warnings and bytes) is broadcast once.
Stories go out in batches of a few per core, the next batch always submitted behind the current
one (it fills the cores the current one's last stories leave idle, and computes while the
driver writes), so the driver holds the reports of at most three batches. The session comes from
`audit.dedup.spark.spark_session` (that module is the one that imports pyspark).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from audit.dedup.spark import job_group, spark_session, submit_jobs
from audit.model import Story
from audit.report.stories import AuditedStory, StoryJob, audit_story

# Stories per core in one batch: enough that a core rarely waits for a long story to finish
# before the batch does, few enough that the driver holds little (three batches of reports).
STORIES_PER_CORE = 4
_AHEAD = 2  # batches submitted at a time: the one the driver waits for and the next


def audit_stories_spark(
    stories: Sequence[Story],
    job: StoryJob,
    folders: Mapping[str, Path],
    *,
    master: str | None = None,
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
        group = job_group("audit-run")
        try:
            with ThreadPoolExecutor(max_workers=_AHEAD) as pool:
                try:
                    yield from _in_order(sc, batches, shared, pool, group, started)
                except BaseException:  # a failed write, Ctrl-C, SIGTERM: no batch is waited for
                    sc.cancelJobGroup(group)
                    raise
        finally:  # a caller's session (a notebook's) outlives the run: free the copy either way
            shared.unpersist()


def _in_order(
    sc: Any,
    batches: list[list[tuple[Story, Path]]],
    shared: Any,
    pool: ThreadPoolExecutor,
    group: str,
    started: Callable[[Story], object] | None,
) -> Iterator[AuditedStory]:
    """Each batch's results in order, with the next batch always submitted: its tasks take the
    cores the current batch's last stories leave idle, and it computes while the driver writes."""
    waiting = iter(batches)
    pending: deque[tuple[list[tuple[Story, Path]], Future]] = deque()
    for batch in itertools.islice(waiting, _AHEAD):
        pending.append((batch, submit_jobs(pool, sc, group, _audited, batch, shared)))
    while pending:
        batch, future = pending.popleft()
        done = future.result()
        for following in itertools.islice(waiting, 1):
            pending.append((following, submit_jobs(pool, sc, group, _audited, following, shared)))
        for (story, _), audited in zip(batch, done, strict=True):
            if started is not None:
                started(story)
            yield audited


def _audited(sc: Any, batch: list[tuple[Story, Path]], shared: Any) -> list[AuditedStory]:
    """One task per story (stories differ in size: small tasks balance the cores)."""
    tasks = sc.parallelize(batch, len(batch))
    return tasks.map(lambda item: audit_story(item[0], shared.value, item[1])).collect()
