"""Where the time of `audit run --engine spark` goes, in one process: starting the session, the
first batch (Python workers importing the stages), and the audit itself against a local loop
over the same stories (imports warm in both), with the reports built but not written.

Usage:
    python bench/profile_spark_run.py ../shared/data/newswcl50/articles.jsonl --master 'local[2]'
"""

from __future__ import annotations

import argparse
import time
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
    started = time.perf_counter()
    local = [audit_story(s, job, folders[s.story_id]) for s in loaded.stories]
    local_s = time.perf_counter() - started
    started = time.perf_counter()
    session = start_session(args.master, "audit run profile")
    session_s = time.perf_counter() - started
    timings = []
    for _ in range(2):  # the first run pays the workers' imports, the second does not
        started = time.perf_counter()
        spark = list(audit_stories_spark(loaded.stories, job, folders, session=session))
        timings.append(time.perf_counter() - started)
    cores = session.sparkContext.defaultParallelism
    session.stop()
    assert [a.contents for a in spark] == [a.contents for a in local], "reports differ"
    print(f"{len(loaded.stories)} stories, {sum(len(s.articles) for s in loaded.stories)} articles")
    print(f"local loop (imports warm): {local_s:.1f} s")
    print(f"spark session start ({args.master}, {cores} cores): {session_s:.1f} s")
    print(f"spark, first run (workers import the stages): {timings[0]:.1f} s")
    print(f"spark, second run (workers warm): {timings[1]:.1f} s")
    print("reports identical to the local loop's")


if __name__ == "__main__":
    main()
