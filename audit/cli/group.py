"""`audit group`: a thin layer over `audit.group.group_articles`, and the grouping step of
`audit run --group`.

Exit codes: 0 done, 1 the output could not be written, 2 usage or input error (one line on
stderr naming the file and line).
"""

from __future__ import annotations

import argparse
import io
import sys
from collections import Counter
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

from audit.config import AuditConfig
from audit.errors import AuditInputError
from audit.group.extract import command_workers
from audit.group.feed import (
    feed_articles,
    feed_rows,
    grouped_stories,
    row_columns,
    save_feed,
    stories_csv,
    write_feed,
)
from audit.group.index import open_group_index
from audit.group.source import read_feed, stream_rows, streamable
from audit.group.stage import Grouping, group_articles
from audit.ingest.load import LoadedInput, load_input
from audit.ingest.settings import load_config
from audit.model import InputWarning

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Group a mixed feed of articles into stories, online as media monitoring does: articles are taken
in time order (their published date; feed order where it is missing) and each joins the most
similar story whose latest article is at most --window-days older, or starts a new story.
Similarity combines TF-IDF of the content words and names of each article's lead, the names it
shares with the story, and the time between them (weights in the [group] table of --config);
reprints found by the dedup engine always join their original's story.

Every article gets a story_id (stable across reruns: a hash of the story's first article id), a
story_label (its most telling words), its story_similarity in [0, 1] when it joined, the
story_rule (first, similar, reprint of <id>) and story_shared (terms it shares with the story).
Every input field is kept, so the output feeds `audit run` directly."""

EPILOG = """\
exit codes:
  0  done
  1  the output could not be written
  2  usage or input error

examples:
  audit group feed.jsonl --out stories.jsonl
  audit group monday.csv tuesday.csv --out stories.csv --window-days 2
  audit group today.jsonl --index stories.db --out today-stories.csv   # joins earlier runs
  audit run --group feed.jsonl --out reports/     # group, then audit every story"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "group",
        help="group a mixed feed of articles into stories",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    group.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help=".csv, .jsonl or .parquet files of articles (text plus optional id, source, title, "
        "published, url; the wire-scrape id,publisher,scrape_time,text), folders of "
        ".txt/.md/.html articles, or - for standard input",
    )
    group.add_argument(
        "--out",
        type=Path,
        help="output file, .csv or .jsonl (default: CSV on standard output)",
    )
    group.add_argument(
        "--window-days",
        type=float,
        metavar="N",
        help="days after a story's latest article that it still takes articles "
        f"(default: {AuditConfig().group.window_days:g})",
    )
    group.add_argument(
        "--index", type=Path, metavar="PATH", help="SQLite story index kept across runs"
    )
    group.add_argument(
        "--paragraph-separator",
        metavar="SEP",
        help="marker between paragraphs inside each text, e.g. ' ### ' for the wire scrapes "
        "(default: line breaks); scraped boilerplate paragraphs are left out of the lead",
    )
    group.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes reading the articles' leads and terms while the files are read (with "
        "one more finding reprints and vectors beside the clustering, without --index), for "
        "feeds of 2,000+ articles (default: group.workers of the config, or "
        "when it is 0 one per usable core, at most 2); 1 does all in process; the result is "
        "the same",
    )
    group.add_argument("--config", type=Path, help="TOML file overriding thresholds")
    group.add_argument("--quiet", action="store_true", help="print nothing but errors")
    group.set_defaults(func=_group_command)


def _group_command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.paragraph_separator is not None:
        segment = replace(config.segment, paragraph_separator=args.paragraph_separator)
        config = replace(config, segment=segment)
    if args.workers is not None:
        if args.workers < 1:
            raise AuditInputError("--workers", "must be at least 1")
        config = replace(config, group=replace(config.group, workers=args.workers))
    workers = command_workers(config.group.workers)
    config = replace(config, group=replace(config.group, workers=workers))
    if args.window_days is not None:
        if not args.window_days > 0:
            raise AuditInputError("--window-days", "must be a number of days above 0")
        config = replace(config, group=replace(config.group, window_days=args.window_days))
    fmt = "jsonl" if args.out is not None and args.out.suffix.lower() == ".jsonl" else "csv"
    if args.out is not None and args.out.suffix.lower() not in (".csv", ".jsonl"):
        raise AuditInputError(str(args.out), "output must be a .csv or .jsonl file")
    columns: list[str] | None = None
    with ExitStack() as stack:
        if streamable(args.inputs):  # two passes over the files: the texts are not kept
            feed = read_feed(args.inputs, config)
            articles, reads, warnings = list(feed.articles), feed.reads, list(feed.warnings)
            columns = row_columns(feed.shapes)
        else:
            # The raw bytes kept for run.json hashes are not needed here: dropped at once.
            inputs = [replace(load_input(name), files=()) for name in args.inputs]
            articles, reads = feed_articles(inputs), None
            warnings = [w for loaded in inputs for w in loaded.warnings]
        history = None
        if args.index is not None:
            history = stack.enter_context(open_group_index(args.index, config))
        grouping = group_articles(articles, config, history=history, reads=reads)
    if columns is not None:
        rows: Iterable[dict[str, Any]] = stream_rows(args.inputs, grouping)
    else:
        rows = feed_rows(articles, inputs, grouping)
    if args.out is None:
        stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        write_feed(stdout, rows, fmt, columns=columns)
        stdout.flush()
        stdout.detach()
    else:
        try:
            save_feed(args.out, rows, fmt, columns=columns)
        except OSError as exc:
            print(f"audit: error: cannot write {args.out}: {exc}", file=sys.stderr)
            return EXIT_FAILURE
    if not args.quiet:
        print(summary_line(grouping), file=sys.stderr)
    _warn([*warnings, *grouping.warnings])
    return EXIT_OK


def summary_line(grouping: Grouping) -> str:
    rules = Counter(p.rule for p in grouping.placements)
    shared = sum(s.n_in_feed > 1 for s in grouping.stories)
    earlier = sum(s.seen_before for s in grouping.stories)
    return (
        f"audit group: {len(grouping.placements)} articles, {len(grouping.stories)} stories "
        f"({shared} with 2+ articles, {earlier} from earlier runs); "
        f"{rules['similar']} joined by similarity, {rules['reprint']} as reprints"
    )


def _warn(warnings: Iterable[InputWarning]) -> None:
    for origin, message in sorted({(w.origin, w.message) for w in warnings}):
        print(f"audit: warning: {origin}: {message}", file=sys.stderr)


def grouped_input(loaded: LoadedInput, config: AuditConfig) -> tuple[LoadedInput, bytes]:
    """For `audit run --group`: the input regrouped into the stories found, and stories.csv."""
    articles = feed_articles([loaded])
    grouping = group_articles(articles, config)
    stories = grouped_stories(articles, grouping)
    warnings = (*loaded.warnings, *grouping.warnings)
    return replace(loaded, stories=stories, warnings=warnings), stories_csv(articles, grouping)
