"""`audit dedup`: the command-line face of the dedup engine (a thin layer over `classify`).

Exit codes: 0 no duplicate found (or found without --fail-on-duplicates), 1 duplicates found
with --fail-on-duplicates, 2 usage or input error (one line on stderr naming file and line).
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from audit.cli.engine import add_engine_arguments, spark_api, spark_master
from audit.cli.output import AtomicOutput
from audit.cli.signals import exit_code_of, output_failed, sigterm_interrupts
from audit.config import DedupConfig
from audit.dedup.engine import check_config, classify
from audit.dedup.findings import Finding, clusters
from audit.dedup.index import IndexFailure, open_index
from audit.dedup.output import (
    CLUSTER_COLUMNS,
    PAIR_COLUMNS,
    RowWriter,
    Summary,
    cluster_row,
    pair_row,
    unique_row,
)
from audit.dedup.records import STDIN, ReadOptions, Record, read_records, stdin_bytes
from audit.errors import AuditInputError
from audit.ingest.settings import load_config
from audit.text.terminal import shown

DESCRIPTION = """\
Find exact and near-duplicate texts in a stream of articles or paragraphs: wire copy reprinted
by many outlets, syndicated articles with small edits, repeated paragraphs, site boilerplate.

Exact copies are found by a hash of the normalised text; near copies by MinHash/LSH candidates,
each verified by rapidfuzz similarity before it is reported. Every duplicate is reported once,
against its best earlier match, with its kind (exact, near, boilerplate), scope (same article,
same source, cross-source), score in [0, 1], rule, and the matched spans as character offsets
into both texts. Output is deterministic."""

EPILOG = """\
inputs:
  *.jsonl / *.csv / *.parquet files (rows need the --text-field; --id-field and a source field
  are optional), folders of text files (one article per file, the source is the sub-folder), or
  "-" / nothing for standard input (JSONL unless --input-format csv), read as a stream.

exit codes:
  0  no duplicates (or duplicates without --fail-on-duplicates); also for an empty input,
     with a warning on stderr
  1  duplicates found and --fail-on-duplicates given; or the output or the index could not be
     written (disk full, a folder in the way, a closed pipe): one line on stderr, no
     temporary file left
  2  usage or input error (one line naming the file and line)
  130/143  interrupted by Ctrl-C / SIGTERM (temporary files removed)

examples:
  audit dedup feed.jsonl --level paragraph --out pairs.csv
  audit dedup scrapes.csv --paragraph-separator ' ### ' --level paragraph --emit clusters
  cat today.jsonl | audit dedup --index seen.db --emit unique --format jsonl > clean.jsonl
  audit dedup archive.jsonl --level paragraph --engine spark --spark-master spark://host:7077
  audit dedup crawl.parquet --level paragraph --out pairs.parquet
"""

# Progress is redrawn every this many records: often enough to look alive, rarely enough to
# cost nothing.
_PROGRESS_EVERY = 2000


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `dedup` on the main CLI's subparsers, with `func=run`."""
    parser = subparsers.add_parser(
        "dedup",
        help="find exact and near-duplicate texts (reprints, repeats, boilerplate)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)
    parser.set_defaults(func=run)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help='files or folders; "-": stdin')
    read = parser.add_argument_group("reading")
    read.add_argument(
        "--level",
        choices=("paragraph", "article"),
        default="article",
        help="compare whole articles (default) or their paragraphs",
    )
    read.add_argument(
        "--paragraph-separator",
        metavar="SEP",
        default=None,
        help="paragraph separator for --level paragraph (default: line breaks; "
        "the wire scrapes use ' ### ')",
    )
    read.add_argument(
        "--text-field", default="text", metavar="NAME", help="JSONL/CSV field of the text (text)"
    )
    read.add_argument(
        "--id-field", default="id", metavar="NAME", help="JSONL/CSV field of the id (id)"
    )
    read.add_argument(
        "--source-field",
        default=None,
        metavar="NAME",
        help="JSONL/CSV field of the outlet (default: source, else publisher, else none)",
    )
    read.add_argument(
        "--input-format",
        choices=("auto", "jsonl", "csv", "parquet", "text"),
        default="auto",
        help="format of the inputs (auto: by file suffix; stdin: jsonl)",
    )
    match = parser.add_argument_group("matching")
    match.add_argument(
        "--threshold",
        type=float,
        metavar="T",
        default=None,
        help="word similarity in [0, 1] a near duplicate must reach (default from config: 0.8)",
    )
    match.add_argument(
        "--config", type=Path, default=None, metavar="PATH", help="TOML config ([dedup] table)"
    )
    match.add_argument(
        "--index",
        type=Path,
        metavar="PATH",
        default=None,
        help="SQLite index of earlier runs: flag content seen before, then add this run's",
    )
    match.add_argument(
        "--index-readonly",
        action="store_true",
        help="only read the --index (safe alongside other readers and a writer)",
    )
    add_engine_arguments(parser, "the same findings computed on a Spark cluster")
    out = parser.add_argument_group("output")
    out.add_argument(
        "--out", type=Path, default=None, metavar="PATH", help="output file (default: stdout)"
    )
    out.add_argument(
        "--format",
        choices=("csv", "jsonl", "parquet"),
        default=None,
        help="output format (default: from the --out suffix, .jsonl or .parquet, else csv)",
    )
    out.add_argument(
        "--emit",
        choices=("pairs", "clusters", "unique"),
        default="pairs",
        help="pairs: one row per duplicate with evidence (default); clusters: one row per "
        "cluster; unique: the input records without their duplicates",
    )
    out.add_argument(
        "--keep",
        choices=("first", "longest"),
        default="first",
        help="with --emit unique, the copy kept of each cluster (longest: two passes)",
    )
    out.add_argument(
        "--fail-on-duplicates",
        action="store_true",
        help="exit with code 1 when any duplicate is found",
    )
    out.add_argument("--quiet", action="store_true", help="no summary on stderr")


def run(args: argparse.Namespace) -> int:
    """Run `audit dedup` with parsed arguments; returns the exit code."""
    try:
        with sigterm_interrupts():
            summary = _run(args)
            if not args.quiet:
                print(summary.text(), file=sys.stderr)
    except AuditInputError as error:
        print(f"audit dedup: error: {error}", file=sys.stderr)
        return 2
    except IndexFailure as failure:
        print(f"audit dedup: error: {shown(str(failure))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stop:
        print("audit dedup: interrupted", file=sys.stderr)
        return exit_code_of(stop)
    except OSError as exc:
        return output_failed(exc, "audit dedup")
    if summary.records == 0:
        print("audit dedup: warning: no records in the input: nothing to compare", file=sys.stderr)
    return 1 if args.fail_on_duplicates and summary.duplicates else 0


def _warn(message: str) -> None:
    print(f"audit dedup: warning: {shown(message)}", file=sys.stderr)


def _run(args: argparse.Namespace) -> Summary:
    config = _config(args)
    if args.engine == "spark" and args.index is not None:  # refused before the index is made
        raise AuditInputError("--index", "is not supported with --engine spark")
    inputs = list(args.inputs) or [STDIN]
    options = ReadOptions(
        text_field=args.text_field,
        id_field=args.id_field,
        source_field=args.source_field,
        input_format=args.input_format,
        level=args.level,
        separator=args.paragraph_separator,
    )
    fmt = args.format or _format_of(args.out)
    with ExitStack() as stack:
        if args.emit == "unique" and args.keep == "longest" and STDIN in inputs:
            inputs, options = _spool_stdin(stack, inputs, options)
        index = None
        if args.index is not None:
            index = stack.enter_context(
                open_index(args.index, config, readonly=args.index_readonly)
            )
        output = AtomicOutput(args.out)
        stream = stack.enter_context(output)
        progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
        records = read_records(inputs, options, warn=_warn)
        if args.engine == "spark":
            classify_spark = spark_api("audit.dedup.spark", "classify_spark")
            results = classify_spark(records, config, master=spark_master(args))
        else:
            results = classify(records, config, index=index)
        origin = str(args.out or "<stdout>")
        summary = Summary()
        watched = _watch(results, summary, progress)
        if args.emit == "pairs":
            writer = RowWriter(stream, fmt, PAIR_COLUMNS, origin)
            for record, finding in watched:
                if finding is not None:
                    writer.write(pair_row(record, finding))
        elif args.emit == "clusters":
            writer = RowWriter(stream, fmt, CLUSTER_COLUMNS, origin)
            found = [finding for _, finding in watched if finding is not None]
            for cluster in clusters(found):
                writer.write(cluster_row(cluster))
        else:
            writer = RowWriter(stream, fmt, None, origin)
            _emit_unique(writer, watched, args.keep, lambda: read_records(inputs, options))
        writer.finish()
        if index is not None:
            summary.replayed = index.replayed
        if progress is not None:
            progress.clear()
        stream.flush()
        output.succeeded()
    return summary


def _format_of(out: Path | None) -> str:
    suffix = out.suffix.lower() if out is not None else ""
    return {".jsonl": "jsonl", ".parquet": "parquet"}.get(suffix, "csv")


def _config(args: argparse.Namespace) -> DedupConfig:
    config = load_config(args.config).dedup
    if args.threshold is not None:
        if not 0.0 <= args.threshold <= 1.0:
            raise AuditInputError("--threshold", "must be between 0 and 1")
        config = dataclasses.replace(config, near_threshold=args.threshold)
    check_config(config, str(args.config or "config"))
    return config


def _spool_stdin(
    stack: ExitStack, inputs: list[str], options: ReadOptions
) -> tuple[list[str], ReadOptions]:
    """Copy stdin to a temporary file, so that --keep longest can read it twice."""
    fmt = options.input_format if options.input_format != "auto" else "jsonl"
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="audit-dedup-")))
    spooled = folder / f"stdin.{'jsonl' if fmt == 'jsonl' else fmt}"
    with spooled.open("wb") as copy:
        shutil.copyfileobj(stdin_bytes(), copy)
    replaced = [str(spooled) if name == STDIN else name for name in inputs]
    return replaced, dataclasses.replace(options, input_format=fmt)


def _emit_unique(writer: RowWriter, results, keep: str, reread) -> None:
    """Write every record that is not a duplicate. keep=first streams; keep=longest reads the
    input a second time and keeps the longest text of each cluster (the first on ties).
    Clusters begun in an earlier run (--index) were written then: none of their copies is."""
    if keep == "first":
        for record, finding in results:
            if finding is None:
                writer.write(unique_row(record))
        return
    cluster_of: dict[str, str] = {}
    lengths: dict[str, int] = {}
    kept: dict[str, tuple[int, str]] = {}
    for record, finding in results:
        lengths.setdefault(record.record_id, len(record.text))
        if finding is None:
            continue
        cluster_of[record.record_id] = finding.cluster_id
        if finding.cluster_id not in lengths:
            continue  # the cluster's first copy is from an earlier run
        for rid in (finding.cluster_id, record.record_id):
            best = kept.get(finding.cluster_id)
            if best is None or lengths[rid] > best[0]:
                kept[finding.cluster_id] = (lengths[rid], rid)
    for record in reread():
        rid = record.record_id
        cluster = cluster_of.get(rid, rid)
        if (rid not in cluster_of and rid not in kept) or kept.get(cluster, (0, ""))[1] == rid:
            writer.write(unique_row(record))


def _watch(
    results: Iterator[tuple[Record, Finding | None]], summary: Summary, progress: _Progress | None
) -> Iterator[tuple[Record, Finding | None]]:
    for record, finding in results:
        summary.add(finding)
        if progress is not None and summary.records % _PROGRESS_EVERY == 0:
            progress.show(summary)
        yield record, finding


class _Progress:
    """A one-line counter on a terminal's stderr, redrawn in place."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def show(self, summary: Summary) -> None:
        self._stream.write(
            f"\raudit dedup: {summary.records} records, {summary.duplicates} duplicates"
        )
        self._stream.flush()

    def clear(self) -> None:
        self._stream.write("\r\033[K")
        self._stream.flush()


def build_parser() -> argparse.ArgumentParser:
    """A stand-alone parser for `python -m audit.cli.dedup` (same options as `audit dedup`)."""
    parser = argparse.ArgumentParser(
        prog="audit dedup",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
