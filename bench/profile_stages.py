"""CPU seconds of each stage of `audit run` in one process, and optionally a cProfile of it.

Usage:
  python bench/profile_stages.py STORY [--paragraph-separator ' ### '] [--cprofile OUT.pstats]
  python bench/profile_stages.py --build 50x40 ../shared/data/wire-scrapes/helsinki_articles.csv

Stages are timed with time.process_time (CPU of this process: a loaded machine inflates wall
time, not CPU time) through the pipeline's progress callback, then the report contents and
writing them (--stop-after STAGE ends the run there). --build NxP cuts a story of N articles x
P paragraphs from a wire scrape as bench/bench_align.py does. Prints a Markdown table and the
peak RSS of the process.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?", help="story for `audit run` (default: bundled)")
    parser.add_argument("--build", metavar="NxP", help="build NxP from the wire scrape INPUT")
    parser.add_argument("--paragraph-separator", default="", help="as for `audit run`")
    parser.add_argument("--cprofile", metavar="OUT", help="write a cProfile of the run here")
    parser.add_argument("--out", metavar="DIR", help="keep the reports here (default: discard)")
    parser.add_argument(
        "--default-gc", action="store_true", help="keep Python's default collector thresholds"
    )
    parser.add_argument(
        "--stop-after",
        metavar="STAGE",
        help="end the run when this stage is done (e.g. framing: repeat a cold run cheaply)",
    )
    parser.add_argument("--config", metavar="TOML", help="as for `audit run`")
    args = parser.parse_args()
    started = time.process_time()
    from audit.cli import run as cli
    from audit.cli.collector import fewer_collections
    from audit.framing.stage import lexicons_for
    from audit.ingest.load import bundled_story_path, load_input
    from audit.ingest.settings import load_config
    from audit.pipeline import run_audit
    from audit.report.writer import report_contents, write_report

    steps: list[tuple[str, float]] = []
    last = [started]

    def mark(name: str) -> None:
        now = time.process_time()
        steps.append((name, now - last[0]))
        last[0] = now

    mark("import audit")
    with tempfile.TemporaryDirectory() as work:
        source = args.input
        if args.build:
            sys.path.insert(0, str(Path(__file__).parent))
            from bench_align import paragraph_pool, story_rows, write_story

            n_articles, n_paragraphs = (int(x) for x in args.build.split("x"))
            pool = paragraph_pool(Path(args.input))
            source = str(write_story(story_rows(pool, n_articles, n_paragraphs), Path(work)))
            last[0] = time.process_time()
        config = cli._with_separator(
            load_config(args.config and Path(args.config)), args.paragraph_separator or None
        )
        lexicons = lexicons_for(config.framing)
        mark("config + lexicons")
        loaded = load_input(source or bundled_story_path())
        mark("load input")

        class Stopped(Exception):
            pass

        def progress(stage: str, done: int, total: int) -> None:
            if done == total:
                mark(stage)
                if stage == args.stop_after:
                    raise Stopped

        profiler = cProfile.Profile() if args.cprofile else None
        if profiler:
            profiler.enable()
        collecting = contextlib.nullcontext() if args.default_gc else fewer_collections()
        with collecting:  # as `audit run` does
            for story in loaded.stories:
                try:
                    result = run_audit(
                        story,
                        config,
                        warnings=loaded.warnings,
                        progress=progress,
                        lexicons=lexicons,
                    )
                except Stopped:
                    break
                contents = report_contents(result, config, loaded.files)
                mark("report contents")
                write_report(Path(args.out or Path(work) / "out") / story.story_id, contents)
                mark("write")
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.cprofile)
    totals: dict[str, float] = {}
    for name, seconds in steps:
        totals[name] = totals.get(name, 0.0) + seconds
    print(f"input: {args.build or args.input or 'bundled story'}")
    print("| step | CPU s |\n|---|---:|")
    for name, seconds in totals.items():
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **total** | **{sum(totals.values()):.2f}** |")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
