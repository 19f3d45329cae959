"""Framing measures on NewsWCL50: per event and leaning, then averaged by leaning.

NewsWCL50 (Hamborg et al., 2019) holds 10 political events, each covered by 5 US outlets from
far-left to far-right; `source` is the outlet's leaning. Each event is audited as one story (the
project's segmentation, cleaning and measures), framing evidence is found in its content
paragraphs, and the per-source rows are printed; `profile_rows` then averages each leaning over
the events, with its difference from the other leanings of the same event.

    .venv/bin/python bench/framing_newswcl.py ../shared/data/newswcl50/articles.jsonl

With `--spot-check N` it also prints N flags drawn at random (fixed seed) with their context, for
judging precision by hand on text the lexicons were not written from.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

from audit.config import AuditConfig
from audit.framing.evidence import Evidence
from audit.framing.stage import frame_story, lexicons_for
from audit.framing.summary import framing_rows, profile_rows
from audit.ingest.load import load_input
from audit.pipeline import run_audit

LEANINGS = ("far-left", "left", "center", "right", "far-right")
SHOWN = (
    "rate_loaded",
    "rate_intensifier",
    "rate_hedge",
    "rate_slanted_verb",
    "rate_anonymous_attribution",
    "rate_named_attribution",
    "rate_quotation",
    "rate_scare_quote",
    "rate_bias_word",
    "anonymous_share",
    "quoted_share",
    "sentiment",
    "reading_ease",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="NewsWCL50 articles.jsonl")
    parser.add_argument("--per-event", action="store_true", help="print every event's rows")
    parser.add_argument(
        "--spot-check",
        type=int,
        default=0,
        metavar="N",
        help="print N random flags with context for hand judging",
    )
    args = parser.parse_args(argv)

    config = AuditConfig()
    lexicons = lexicons_for(config.framing)
    loaded = load_input(args.data)
    all_rows: list[dict[str, object]] = []
    flags: list[tuple[Evidence, str]] = []
    words: Counter[tuple[str, str, str]] = Counter()
    for story in loaded.stories:
        result = run_audit(story, config)
        framing = frame_story(story.articles, result.paragraphs, config.framing, lexicons)
        rows = framing_rows(story.articles, result.paragraphs, result.measures, framing, {})
        all_rows += [{**r, "story_id": story.story_id} for r in rows]
        text_of = {a.article_id: a.text for a in story.articles}
        flags += [(e, text_of[e.article_id]) for e in framing.evidence]
        for e in framing.evidence:
            if e.kind in ("loaded", "slanted_verb"):
                source = next(a.source for a in story.articles if a.article_id == e.article_id)
                words[(source, e.kind, e.rule.split(":", 1)[1])] += 1
        if args.per_event:
            _print_table(f"{story.story_id}", rows)

    profiles = {p["source"]: p for p in profile_rows(all_rows)}
    ordered = [profiles[s] for s in LEANINGS if s in profiles]
    _print_table("mean over events, by leaning", ordered)
    _print_table(
        "difference from the other leanings of the same event, mean over events",
        [{"source": p["source"], **{m: p[f"{m}_vs_others"] for m in SHOWN}} for p in ordered],
    )
    _print_sign_counts(all_rows)
    print("\nmost frequent loaded words and slanted verbs per leaning:")
    for leaning in LEANINGS:
        top = sorted(((n, w) for (s, _, w), n in words.items() if s == leaning), reverse=True)
        print(f"  {leaning:9} " + ", ".join(f"{w} {n}" for n, w in top[:8]))
    print(f"\n{len(flags)} flags in {len(loaded.stories)} events")
    if args.spot_check:
        _spot_check(flags, args.spot_check)
    return 0


def _print_sign_counts(rows: list[dict[str, object]]) -> None:
    """In how many events each leaning is above the mean of the other leanings: with 10 events,
    8+ or 2- is hard to get by chance (a sign test gives p < 0.11 two-sided); 4-6 is no signal."""
    by_event: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        if row["scope"] == "source":
            by_event.setdefault(str(row["story_id"]), []).append(row)
    table = []
    for leaning in LEANINGS:
        counts: dict[str, object] = {"source": leaning}
        for metric in SHOWN:
            above = 0
            for event_rows in by_event.values():
                mine = [r[metric] for r in event_rows if r["source"] == leaning]
                others = [r[metric] for r in event_rows if r["source"] != leaning]
                others = [o for o in others if isinstance(o, float | int)]
                if mine and isinstance(mine[0], float | int) and others:
                    above += mine[0] > sum(others) / len(others)
            counts[metric] = f"{above}/{len(by_event)}"
        table.append(counts)
    _print_table("events in which the leaning is above the other leanings' mean", table)


def _print_table(title: str, rows: list[dict[str, object]]) -> None:
    print(f"\n{title}")
    print(f"  {'source':10}" + "".join(f"{c.removeprefix('rate_')[:11]:>12}" for c in SHOWN))
    for row in rows:
        cells = "".join(f"{_cell(row.get(c)):>12}" for c in SHOWN)
        print(f"  {row['source']!s:10}{cells}")


def _cell(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value if value is not None else "")


def _spot_check(flags: list[tuple[Evidence, str]], n: int) -> None:
    sample = random.Random(20260411).sample([f for f in flags if f[0].kind != "naming_variant"], n)
    print("\nspot check:")
    for e, text in sample:
        context = text[max(0, e.start - 60) : e.end + 40].replace("\n", " ")
        print(f"  [{e.kind}] {e.text!r} ({e.rule})\n      ...{context}...")


if __name__ == "__main__":
    sys.exit(main())
