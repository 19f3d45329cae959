"""When each stage of one `audit run` starts and ends, in every process (parent and forked
children), and how long the parent waits for each child's answer.

    python bench/timeline.py ../shared/data/wire-scrapes/helsinki_articles.csv -- \
        --paragraph-separator ' ### ' --out /tmp/timeline-reports

Everything after `--` goes to `audit run` as given (`--quiet` is added). The stage functions
are wrapped in this process before the run, so forked children report too; each line is
(pid, stage, start s, end s, seconds) from the start of the run, sorted by start. The wrappers
cost microseconds per call: the figures are those of a plain run, give or take the machine.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

STAGES = {
    "audit.pipeline": (
        "clean_story", "content_words", "align_story", "story_facts", "measure_paragraphs",
        "frame_story", "compare_story", "word_story",
    ),
    "audit.report.writer": ("link_files", "comparison_files", "paragraph_rows"),
    "audit.report.stories": ("run_audit", "report_contents", "story_framing_rows"),
}  # fmt: skip


def _timed(name: str, call: Callable[..., Any], start: float, log: int) -> Callable[..., Any]:
    @functools.wraps(call)
    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.monotonic()
        try:
            return call(*args, **kwargs)
        finally:
            ended = time.monotonic()
            line = f"{os.getpid()}\t{name}\t{began - start:.2f}\t{ended - start:.2f}\n"
            os.write(log, line.encode())  # one write per line: children share the file

    return timed


def _wrap_stages(start: float, log: int) -> None:
    for module_name, names in STAGES.items():
        module = importlib.import_module(module_name)
        for name in names:
            setattr(module, name, _timed(name, getattr(module, name), start, log))
    from audit.beside import Series

    receive = Series.result

    def waited(self: Series, index: int) -> Any:
        return receive(self, index)

    Series.result = _timed("wait for a child's answer", waited, start, log)  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", help="input of `audit run`")
    parser.add_argument("run_args", nargs="*", help="after --: options of `audit run`")
    args = parser.parse_args()
    with tempfile.TemporaryFile() as spool:
        start = time.monotonic()
        _wrap_stages(start, spool.fileno())
        from audit.cli.run import main as run

        status = run(["run", args.story, "--quiet", *args.run_args])
        total = time.monotonic() - start
        spool.seek(0)
        rows = [line.split("\t") for line in spool.read().decode().splitlines()]
    parent = str(os.getpid())
    print("| process | stage | start s | end s | seconds |\n|---|---|---:|---:|---:|")
    for pid, name, began, ended in sorted(rows, key=lambda r: (float(r[2]), r[0])):
        who = "parent" if pid == parent else f"child {pid}"
        print(f"| {who} | {name} | {began} | {ended} | {float(ended) - float(began):.2f} |")
    print(f"\nrun: {total:.2f} s wall, exit status {status}")
    sys.exit(status)


if __name__ == "__main__":
    main()
