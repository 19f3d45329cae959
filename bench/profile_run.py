"""Where the time of `audit run` goes: start-up imports, loading, each stage, the reports; and
the bare `import` time of the third-party libraries the run uses, measured in the same run.

Usage:
  python bench/profile_run.py                        # the bundled story
  python bench/profile_run.py STORY.csv [--paragraph-separator ' ### ']
  python bench/profile_run.py --build 50x40 /work/shared/data/wire-scrapes/helsinki_articles.csv

--build NxP makes a story of N articles x P paragraphs from a wire scrape as bench/bench_align.py
does. Three fresh interpreters, one after the other, --repeat times each (the medians print):
- `imports`: only `import` of every third-party package the run loads (found by the profile),
  textstat with the stand-in for nltk that the run uses;
- `profile`: the run in one process, each step timed with perf_counter (stages by the pipeline's
  progress callback), plus the process's CPU time (user + sys; on a loaded machine wall time
  includes waiting for a core, CPU time does not);
- `audit run`: the console command end to end (wall time as a user sees it).
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_PROFILE = r"""
import json, os, sys, time
from pathlib import Path
started = time.perf_counter()
marks = []
def mark(name):
    marks.append((name, time.perf_counter()))
from audit.cli import run as cli
from audit.ingest.settings import load_config
from audit.framing.stage import lexicons_for
from audit.ingest.load import bundled_story_path, load_input
from audit.pipeline import run_audit
from audit.report.writer import report_contents, write_report
mark("import audit")
source, out, separator = sys.argv[1], sys.argv[2], sys.argv[3]
config = cli._with_separator(load_config(None), separator or None)
lexicons = lexicons_for(config.framing)
mark("config + lexicons")
loaded = load_input(source or bundled_story_path())
mark("load input")
def progress(stage, done, total):
    if done == total:
        mark(stage)
for story in loaded.stories:
    result = run_audit(
        story, config, warnings=loaded.warnings, progress=progress, lexicons=lexicons
    )
    contents = report_contents(result, config, loaded.files)
    mark("report contents")
    write_report(Path(out) / story.story_id, contents)
    mark("write")
stdlib = set(sys.stdlib_module_names)
third = sorted({m.split(".")[0] for m in sys.modules} - stdlib - {"audit", "__main__"})
third = [m for m in third if not m.startswith(("_", "cython_")) and "editable" not in m]
cpu = time.process_time()
steps, last = [], started
for name, at in marks:
    steps.append((name, at - last))
    last = at
print(json.dumps({"steps": steps, "total": last - started, "cpu": cpu, "third": third}))
"""


def _run(argv: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv[:3])}...\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout


def _build(spec: str, scrape: Path, folder: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_align import paragraph_pool, story_rows, write_story

    n_articles, n_paragraphs = (int(x) for x in spec.split("x"))
    return write_story(story_rows(paragraph_pool(scrape), n_articles, n_paragraphs), folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?", help="story for `audit run` (default: bundled)")
    parser.add_argument("--build", metavar="NxP", help="build NxP from the wire scrape INPUT")
    parser.add_argument("--paragraph-separator", default="", help="passed on to `audit run`")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        source = args.input or ""
        if args.build:
            source = str(_build(args.build, Path(args.input), Path(work)))
        profiles = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as out:
                argv = [sys.executable, "-c", _PROFILE, source, out, args.paragraph_separator]
                profiles.append(json.loads(_run(argv)[1]))
        third = profiles[0]["third"]
        # As in the run, textstat is imported with a stand-in nltk (audit/framing/readability.py).
        imports = "import sys, types; sys.modules['nltk'] = types.ModuleType('nltk'); "
        imports += "import " + ", ".join(third)
        bare = [_run([sys.executable, "-c", imports])[0] for _ in range(args.repeat)]
        ends = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as out:
                argv = [sys.executable, "-m", "audit", "run", "--quiet", "--out", out]
                argv += [source] if source else []
                if args.paragraph_separator:
                    argv += ["--paragraph-separator", args.paragraph_separator]
                ends.append(_run(argv)[0])
    name = args.build or args.input or "bundled story"
    print(f"input: {name}; medians of {args.repeat} fresh processes")
    print("| step | wall (s) |\n|---|---|")
    for i, (step, _) in enumerate(profiles[0]["steps"]):
        print(f"| {step} | {statistics.median(p['steps'][i][1] for p in profiles):.3f} |")
    total = statistics.median(p["total"] for p in profiles)
    cpu = statistics.median(p["cpu"] for p in profiles)
    print(f"| **in-process total** | {total:.3f} (CPU {cpu:.3f}) |")
    print(f"| bare `python -c 'import ...'` of the {len(third)} libraries | "
          f"{statistics.median(bare):.3f} |")  # fmt: skip
    end = statistics.median(ends)
    print(f"| `audit run` end to end | {end:.3f} |")
    print(f"\nratio end to end / bare imports: {end / statistics.median(bare):.2f}")
    print(f"libraries: {', '.join(third)}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
