"""The command line: a thin layer over the library. Library errors become one-line messages here,
at one boundary, with exit code 2 for bad input or usage and 1 for a failure to write.

The stages (and scipy, textstat, trafilatura behind them) are imported when `audit run` runs,
not at start-up: `audit --help` and `audit dedup` never load them."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from audit.cli.collector import fewer_collections
from audit.cli.dedup import add_parser as add_dedup_parser
from audit.cli.engine import add_engine_arguments, spark_api, spark_master
from audit.cli.group import add_parser as add_group_parser
from audit.cli.signals import exit_code_of, output_failed, sigterm_interrupts
from audit.errors import AuditInputError
from audit.text.terminal import shown
from audit.version import __version__

if TYPE_CHECKING:
    from audit.config import AuditConfig

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


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
    add_dedup_parser(commands)
    add_group_parser(commands)
    return parser


def _add_run_parser(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run",
        help="audit a story (or a file of stories) and write CSV reports",
        description="Audit one or more stories and write reports under OUT/<story>/. "
        "With no INPUT, audits the bundled example story.",
        epilog="Exit codes: 0 done, 1 reports could not be written (also when OUT/<story> exists "
        "but was not written by audit run: it is never replaced), 2 bad input or usage. "
        "Each story goes to OUT/<story id> when the id is a plain lowercase name, else to "
        "OUT/<slug>~<hash of the id>.",
    )
    run.add_argument(
        "input",
        nargs="?",
        metavar="INPUT",
        help="a folder of .txt/.md/.html articles (optional sources.csv), a .csv, .jsonl or "
        ".parquet file of articles (story_id,source,title,published,url,text), or - for "
        "standard input (default: the bundled example story)",
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
    run.add_argument(
        "--group",
        action="store_true",
        help="INPUT is a mixed feed: group it into stories first (as `audit group`), audit "
        "each story, and write OUT/stories.csv",
    )
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    add_engine_arguments(run, "stories audited in parallel on a Spark cluster, same reports")
    run.set_defaults(func=_run_command)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with sigterm_interrupts():
            return int(args.func(args))
    except AuditInputError as error:
        _error(str(error))
        return EXIT_USAGE
    except KeyboardInterrupt as stop:
        print("audit: interrupted", file=sys.stderr)
        return exit_code_of(stop)
    except BrokenPipeError:  # `audit ... | head`: the reader has gone, the reports are written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return EXIT_FAILURE
    except OSError as exc:  # writing the summary: a full disk
        return output_failed(exc, "audit")


def _run_command(args: argparse.Namespace) -> int:
    from audit.cli.group import grouped_input
    from audit.cli.progress import RunProgress
    from audit.cli.summary import summary_lines, warning_lines
    from audit.framing.stage import lexicons_for
    from audit.ingest.load import bundled_story_path, load_input
    from audit.ingest.settings import load_config
    from audit.report.folders import report_folders
    from audit.report.stories import StoryJob, audit_story
    from audit.report.summary import StorySummary, summary_csv
    from audit.report.writer import profiles_csv, write_file, write_report

    on_spark = (
        spark_api("audit.report.spark", "audit_stories_spark") if args.engine == "spark" else None
    )
    config = _with_separator(load_config(args.config), args.paragraph_separator)
    lexicons = lexicons_for(config.framing)  # a bad user lexicon entry fails before any write
    source = args.input if args.input is not None else bundled_story_path()
    loaded = load_input(source)
    if args.group:
        loaded, stories = grouped_input(loaded, config)
        try:
            write_file(args.out / "stories.csv", stories)
        except OSError as exc:
            print(f"audit: error: cannot write {args.out}/stories.csv: {exc}", file=sys.stderr)
            return EXIT_FAILURE
    try:
        folders = report_folders(args.out, [story.story_id for story in loaded.stories])
    except OSError as exc:
        _error(f"cannot write reports to {args.out}: {exc}")
        return EXIT_FAILURE
    summaries: list[StorySummary] = []
    profile_rows: list[Mapping[str, object]] = []
    watching = not args.quiet and sys.stderr.isatty() and sys.stdout.isatty()
    failure = ""
    job = StoryJob(config, lexicons, loaded.warnings, loaded.files, fork=on_spark is None)
    progress_bar = RunProgress(loaded.stories, sys.stderr, enabled=watching)
    with fewer_collections(), progress_bar as progress:
        if on_spark is not None:
            audited = on_spark(
                loaded.stories, job, folders, master=spark_master(args), started=progress.story
            )
        else:
            audited = (
                audit_story(s, job, folders[s.story_id], progress.story(s)) for s in loaded.stories
            )
        for story in audited:
            try:
                write_report(story.summary.folder, story.contents)
            except OSError as exc:
                failure = f"cannot write reports to {args.out}: {exc}"
                audited.close()  # a Spark run stops its session now
                break
            progress.written()
            summaries.append(story.summary)
            profile_rows.extend(story.profile_rows)
    if failure:  # told once the bar has gone, so the message is not drawn over it
        _error(failure)
        return EXIT_FAILURE
    if len(loaded.stories) > 1:
        for name, data in (
            ("profiles.csv", profiles_csv(profile_rows)),
            ("summary.csv", summary_csv(summaries)),
        ):
            try:
                write_file(args.out / name, data)
            except OSError as exc:
                _error(f"cannot write {args.out}/{name}: {exc}")
                return EXIT_FAILURE
    if not args.quiet:
        print("\n".join(summary_lines(summaries, args.out)), file=sys.stdout)
    for line in warning_lines(w for summary in summaries for w in summary.warnings):
        print(line, file=sys.stderr)
    return EXIT_OK


def _error(message: str) -> None:
    print(f"audit: error: {shown(message)}", file=sys.stderr)


def _with_separator(config: AuditConfig, separator: str | None) -> AuditConfig:
    if separator is None:
        return config
    return replace(config, segment=replace(config.segment, paragraph_separator=separator))


if __name__ == "__main__":
    raise SystemExit(main())
