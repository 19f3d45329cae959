"""Where the time of `audit run --engine spark` goes, in one process: starting the session, the
first batch (Python workers importing the stages), and the audit itself against a local loop
over the same stories (imports warm in both), with the reports built but not written.

Usage:
    python bench/profile_spark_run.py ../shared/data/newswcl50/articles.jsonl --master 'local[2]'
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from audit.dedup.spark import start_session
from audit.framing.stage import lexicons_for
from audit.ingest.load import load_input
from audit.ingest.settings import load_config
from audit.report.spark import audit_stories_spark
from audit.report.stories import StoryJob, audit_story


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="a .jsonl/.csv/.parquet file of many stories")
    parser.add_argument("--master", default="local[2]", help="Spark master (local[2])")
    args = parser.parse_args()
    config = load_config(None)
    loaded = load_input(args.input)
    job = StoryJob(config, lexicons_for(config.framing), loaded.warnings, loaded.files)
    folders = {s.story_id: Path("unused") / s.story_id for s in loaded.stories}
    started, cpu = time.perf_counter(), time.process_time()
    local = [audit_story(s, job, folders[s.story_id]) for s in loaded.stories]
    local_s, local_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    session = start_session(args.master, "audit run profile")
    session_s = time.perf_counter() - started
    timings = []
    for _ in range(2):  # the first run pays the workers' imports, the second does not
        started = time.perf_counter()
        spark = list(audit_stories_spark(loaded.stories, job, folders, session=session))
        timings.append(time.perf_counter() - started)
    cores = session.sparkContext.defaultParallelism
    task_wall, task_cpu = _task_times(session, loaded.stories, job)
    session.stop()
    assert [a.contents for a in spark] == [a.contents for a in local], "reports differ"
    print(f"{len(loaded.stories)} stories, {sum(len(s.articles) for s in loaded.stories)} articles")
    print(f"local loop (imports warm): {local_s:.1f} s wall, {local_cpu:.1f} s CPU")
    print(f"spark session start ({args.master}, {cores} cores): {session_s:.1f} s")
    print(f"spark, first run (workers import the stages): {timings[0]:.1f} s")
    print(f"spark, second run (workers warm): {timings[1]:.1f} s")
    print(f"spark tasks, summed: {task_wall:.1f} s wall, {task_cpu:.1f} s CPU (audit_story)")
    print("reports identical to the local loop's")


def _task_times(session: object, stories: tuple, job: StoryJob) -> tuple[float, float]:
    """Wall and CPU seconds of `audit_story` inside the tasks, summed over the stories: how much
    of a core each task got (a loaded machine) and what a story costs in a worker."""
    sc = session.sparkContext
    shared = sc.broadcast(replace(job, lexicons=dict(job.lexicons)))

    def timed(story: object) -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        audit_story(story, shared.value, Path("unused"))
        return time.perf_counter() - started, time.process_time() - cpu

    times = sc.parallelize(list(stories), len(stories)).map(timed).collect()
    return sum(t[0] for t in times), sum(t[1] for t in times)


if __name__ == "__main__":
    main()
