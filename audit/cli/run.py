"""The command line: a thin layer over the library. Library errors become one-line messages here,
at one boundary, with exit code 2 for bad input or usage and 1 for a failure to write."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from audit.cli.dedup import add_parser as add_dedup_parser
from audit.cli.signals import exit_code_of, output_failed, sigterm_interrupts
from audit.config import AuditConfig, load_config
from audit.errors import AuditInputError
from audit.model import InputWarning, ParaKind
from audit.text.terminal import printable
from audit.version import __version__

if TYPE_CHECKING:
    from audit.pipeline import AuditResult

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
# A story this small is audited in about a second: a progress bar would only flicker.
_PROGRESS_MIN_ARTICLES = 20


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
        with sigterm_interrupts():
            return int(args.func(args))
    except AuditInputError as error:
        print(f"audit: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as stop:
        print("audit: interrupted", file=sys.stderr)
        return exit_code_of(stop)
    except OSError as exc:  # writing the summary: a closed pipe, a full disk
        return output_failed(exc, "audit")


def _run_command(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `audit dedup` shares this entry point and needs none of
    # them (pandas, trafilatura and the framing lexicons add ~180 MB to its memory).
    from audit.framing.stage import lexicons_for
    from audit.ingest.load import bundled_story_path, load_input
    from audit.pipeline import run_audit
    from audit.report.folders import report_folders
    from audit.report.writer import (
        profile_input_rows,
        profiles_csv,
        report_contents,
        write_file,
        write_report,
    )

    config = _with_separator(load_config(args.config), args.paragraph_separator)
    lexicons = lexicons_for(config.framing)  # a bad user lexicon entry fails before any write
    source = args.input if args.input is not None else bundled_story_path()
    loaded = load_input(source)
    try:
        folders = report_folders(args.out, [story.story_id for story in loaded.stories])
    except OSError as exc:
        message = printable(f"cannot write reports to {args.out}: {exc}")
        print(f"audit: error: {message}", file=sys.stderr)
        return EXIT_FAILURE
    summaries: list[StorySummary] = []
    profile_rows: list[dict[str, object]] = []
    for number, story in enumerate(loaded.stories, start=1):
        progress = _progress_bar(story.story_id, number, len(loaded.stories))
        result = run_audit(
            story, config, warnings=loaded.warnings, progress=progress, lexicons=lexicons
        )
        contents = report_contents(result, config, loaded.files)
        try:
            folder = write_report(folders[story.story_id], contents).folder
        except OSError as exc:
            print(f"audit: error: cannot write reports to {args.out}: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        summaries.append(summarise(result, folder))
        profile_rows.extend(profile_input_rows(result, config))
    if len(loaded.stories) > 1:
        try:
            write_file(args.out / "profiles.csv", profiles_csv(profile_rows))
        except OSError as exc:
            print(f"audit: error: cannot write {args.out}/profiles.csv: {exc}", file=sys.stderr)
            return EXIT_FAILURE
    if not args.quiet:
        _print_summary(summaries, sys.stdout, args.out)
    warnings = {(w.origin, w.message) for summary in summaries for w in summary.warnings}
    for origin, message in sorted(warnings):
        print(f"audit: warning: {origin}: {message}", file=sys.stderr)
    return EXIT_OK


def _with_separator(config: AuditConfig, separator: str | None) -> AuditConfig:
    if separator is None:
        return config
    return replace(config, segment=replace(config.segment, paragraph_separator=separator))


def _progress_bar(story_id: str, number: int, total: int) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr, only on a terminal and only for big stories."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, articles: int) -> None:
        if articles < _PROGRESS_MIN_ARTICLES:
            return
        width = 30
        filled = width * done // articles
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done == articles else ""
        sys.stderr.write(f"\r[{number}/{total}] {story_id} [{bar}] {done}/{articles}{end}")
        sys.stderr.flush()

    return show


@dataclass(frozen=True, slots=True)
class StorySummary:
    """What the summary prints of one story; small, so results need not be kept in memory."""

    story_id: str
    folder: Path
    n_articles: int
    sources: Mapping[str, str]  # article_id -> source
    kinds: tuple[tuple[str, int], ...]
    flags: tuple[tuple[str, str, int], ...]  # (article_id, reason, count)
    evidence: tuple[tuple[str, int], ...]
    naming: tuple[str, ...]
    n_units: int
    n_shared_units: int  # units reported by two or more sources
    omitted: tuple[tuple[str, int], ...]  # per source: units most others report, it does not
    n_shared_text: int  # copies of text across articles
    warnings: tuple[InputWarning, ...]


def summarise(result: AuditResult, folder: Path) -> StorySummary:
    flags = Counter(
        (p.article_id, p.reason.split(" (")[0])
        for p in result.paragraphs
        if p.kind in (ParaKind.BOILERPLATE, ParaKind.DUPLICATE)
    )
    return StorySummary(
        story_id=result.story.story_id,
        folder=folder,
        n_articles=len(result.story.articles),
        sources={a.article_id: a.source for a in result.story.articles},
        kinds=tuple(Counter(p.kind.value for p in result.paragraphs).most_common()),
        flags=tuple((article, reason, n) for (article, reason), n in sorted(flags.items())),
        evidence=tuple(sorted(Counter(str(e.kind) for e in result.framing.evidence).items())),
        naming=tuple(" / ".join(v.forms) for v in result.framing.variants),
        n_units=len(result.alignment.units),
        n_shared_units=sum(len(u.sources) > 1 for u in result.alignment.units),
        omitted=tuple(
            Counter(
                str(o.source) for o in result.comparison.omissions if o.status == "omitted"
            ).most_common()
        ),
        n_shared_text=len(result.shared),
        warnings=result.warnings,
    )


def _print_summary(summaries: list[StorySummary], out: TextIO, root: Path) -> None:
    for summary in summaries:
        kinds = dict(summary.kinds)
        print(
            f"{summary.story_id}: {summary.n_articles} articles, {sum(kinds.values())} paragraphs"
            f" ({kinds.get('content', 0)} content, {kinds.get('heading', 0)} headings, "
            f"{kinds.get('boilerplate', 0)} boilerplate, {kinds.get('duplicate', 0)} repeats)",
            file=out,
        )
        if len(summaries) > 1:
            continue
        print(
            f"  alignment: {summary.n_units} story units, {summary.n_shared_units} reported by "
            f"two or more sources; text copied across articles: {summary.n_shared_text}",
            file=out,
        )
        if summary.omitted:
            left_out = ", ".join(f"{source} {n}" for source, n in summary.omitted)
            print(f"  omissions (units most others report): {left_out}", file=out)
        for article, reason, count in summary.flags:
            print(
                f"  flagged in {summary.sources[article]} ({article}): {count} x {reason}", file=out
            )
        evidence = ", ".join(f"{n} {kind}" for kind, n in summary.evidence)
        print(f"  framing evidence: {evidence or 'none'}", file=out)
        if summary.naming:
            print(f"  naming variants: {'; '.join(summary.naming)}", file=out)
        print(f"  reports: {summary.folder}/", file=out)
    if len(summaries) > 1:
        print(f"reports: {root}/<story>/ and {root}/profiles.csv", file=out)
    print("Compare the sources side by side in the app: make app", file=out)


if __name__ == "__main__":
    raise SystemExit(main())
