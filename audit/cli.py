"""The command line: a thin layer over the library. Library errors become one-line messages here,
at one boundary, with exit code 2 for bad input or usage and 1 for a failure to write."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

from audit import __version__
from audit.config import AuditConfig, load_config
from audit.errors import AuditInputError
from audit.load import load_input
from audit.model import AuditResult, ParaKind
from audit.pipeline import run_audit
from audit.report import report_contents, write_report

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
BUNDLED_STORY = "ukraine-reassurance-force"


def bundled_story_path() -> Path:
    """The example story shipped inside the package, audited when no input is given."""
    return Path(str(resources.files("audit") / "data" / "stories" / BUNDLED_STORY))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="audit",
        description="Compare how news outlets cover the same story: paragraphs aligned across "
        "sources, framing, omissions and duplicated content, with evidence for every flag.",
    )
    parser.add_argument("--version", action="version", version=f"audit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    _add_run_parser(commands)
    return parser


def _add_run_parser(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run",
        help="audit a story (or a file of stories) and write CSV reports",
        description="Audit one or more stories and write reports under OUT/<story>/. "
        "With no INPUT, audits the bundled example story.",
        epilog="Exit codes: 0 done, 1 reports could not be written, 2 bad input or usage.",
    )
    run.add_argument(
        "input",
        nargs="?",
        metavar="INPUT",
        help="a folder of .txt/.md/.html articles (optional sources.csv), a .csv or .jsonl "
        "file of articles (story_id,source,title,published,url,text), or - for standard "
        "input (default: the bundled example story)",
    )
    run.add_argument(
        "--out", type=Path, default=Path("reports"), help="reports folder (default: reports)"
    )
    run.add_argument("--config", type=Path, help="TOML file overriding thresholds")
    run.add_argument(
        "--paragraph-separator",
        metavar="SEP",
        help="marker between paragraphs inside each text, e.g. ' ### ' for the wire scrapes "
        "(default: line breaks)",
    )
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.set_defaults(func=_run_command)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except AuditInputError as error:
        print(f"audit: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("audit: interrupted", file=sys.stderr)
        return 130


def _run_command(args: argparse.Namespace) -> int:
    config = _with_separator(load_config(args.config), args.paragraph_separator)
    source = args.input if args.input is not None else bundled_story_path()
    loaded = load_input(source)
    out: TextIO = sys.stderr if args.quiet else sys.stdout
    results = []
    for number, story in enumerate(loaded.stories, start=1):
        progress = _progress_bar(story.story_id, number, len(loaded.stories))
        warnings = tuple(w for w in loaded.warnings)
        result = run_audit(story, config, warnings=warnings, progress=progress)
        try:
            files = write_report(
                args.out / story.story_id, report_contents(result, config, loaded.files)
            )
        except OSError as exc:
            print(f"audit: error: cannot write reports to {args.out}: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        results.append((result, files.folder))
    if not args.quiet:
        _print_summary(results, out)
    for warning in sorted({(w.origin, w.message) for r, _ in results for w in r.warnings}):
        print(f"audit: warning: {warning[0]}: {warning[1]}", file=sys.stderr)
    return EXIT_OK


def _with_separator(config: AuditConfig, separator: str | None) -> AuditConfig:
    if separator is None:
        return config
    from dataclasses import replace

    return replace(config, segment=replace(config.segment, paragraph_separator=separator))


def _progress_bar(story_id: str, number: int, total: int) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr, only on a terminal and only for big stories."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, articles: int) -> None:
        if articles < 20:
            return
        width = 30
        filled = width * done // articles
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done == articles else ""
        sys.stderr.write(f"\r[{number}/{total}] {story_id} [{bar}] {done}/{articles}{end}")
        sys.stderr.flush()

    return show


def _print_summary(results: list[tuple[AuditResult, Path]], out: TextIO) -> None:
    for result, folder in results:
        counts = {kind: sum(p.kind is kind for p in result.paragraphs) for kind in ParaKind}
        print(
            f"{result.story.story_id}: {len(result.story.articles)} articles, "
            f"{len(result.paragraphs)} paragraphs "
            f"({counts[ParaKind.CONTENT]} content, {counts[ParaKind.HEADING]} headings, "
            f"{counts[ParaKind.BOILERPLATE]} boilerplate, {counts[ParaKind.DUPLICATE]} repeats)"
            f" -> {folder}/",
            file=out,
        )
        for paragraph in result.paragraphs:
            if paragraph.kind in (ParaKind.BOILERPLATE, ParaKind.DUPLICATE) and len(results) == 1:
                print(f"  flagged {paragraph.para_id}: {paragraph.reason}", file=out)
    print("Open the app to compare the sources side by side: make app", file=out)


if __name__ == "__main__":
    raise SystemExit(main())
