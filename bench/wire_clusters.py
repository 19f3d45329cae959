"""Reprints of wire copy in a wire-scrape CSV: `audit dedup` at article level, clusters labelled
by the agency they credit, the largest clusters, and a seeded sample of pairs to check by hand.

    python bench/wire_clusters.py ../shared/data/wire-scrapes/helsinki_articles.csv
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from pathlib import Path

from audit.config import DedupConfig
from audit.dedup import ReadOptions, classify, clusters, read_records

# How outlets credit the agencies in the scrapes: datelines "(AP)", "(Reuters)", bylines
# "Associated Press", photo credits "REUTERS/".
AGENCIES = {
    "AP": re.compile(r"\(AP\)|Associated Press|\bAP Photo", re.IGNORECASE),
    "Reuters": re.compile(r"Reuters", re.IGNORECASE),
    "CNN Newsource": re.compile(r"CNN NewSource|\(CNN\)", re.IGNORECASE),
}


def agency(texts: list[str]) -> str:
    """The agency most members of a cluster credit (ties: the first listed), or "none"."""
    votes = Counter(name for text in texts for name, rx in AGENCIES.items() if rx.search(text))
    return votes.most_common(1)[0][0] if votes else "none"


def headline(text: str) -> str:
    """The first paragraph of 6+ words: scrapes often open with widgets ("share", a forecast)."""
    paragraphs = [p.strip() for p in text.split(" ### ")]
    first = next((p for p in paragraphs if len(p.split()) >= 6), paragraphs[0])
    return first[:90] + ("…" if len(first) > 90 else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, help="wire-scrape CSV: id,publisher,scrape_time,text")
    parser.add_argument("--top", type=int, default=10, help="largest clusters to list")
    parser.add_argument("--sample", type=int, default=12, help="pairs to print for checking")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    records = list(read_records([str(args.csv)], ReadOptions(level="article")))
    by_id = {r.record_id: r for r in records}
    findings = [f for _, f in classify(records, DedupConfig()) if f is not None]
    groups = clusters(findings)
    labelled = [(c, agency([by_id[i].text for i in c.record_ids])) for c in groups]
    in_clusters: Counter[str] = Counter()
    n_clusters: Counter[str] = Counter()
    for cluster, name in labelled:
        in_clusters[name] += cluster.size
        n_clusters[name] += 1
    publishers = {r.source for r in records}
    print(f"{len(records)} articles from {len(publishers)} publishers")
    print(f"{len(findings)} articles are reprints of an earlier one, in {len(groups)} clusters")
    for name, count in in_clusters.most_common():
        print(
            f"  credited {name}: {count} articles in {n_clusters[name]} clusters "
            f"({count - n_clusters[name]} reprints of an earlier one)"
        )
    print(f"findings by kind: {dict(Counter(f.kind.value for f in findings))}")
    print(f"findings by rule: {dict(Counter(f.rule for f in findings))}")
    print(f"findings by scope: {dict(Counter(f.scope.value for f in findings))}")
    print(f"\nlargest {args.top} clusters:")
    print("| size | outlets | agency | first article | headline |")
    print("|---:|---:|---|---|---|")
    for cluster, name in labelled[: args.top]:
        outlets = len({by_id[i].source for i in cluster.record_ids})
        lead = by_id[cluster.cluster_id]
        print(
            f"| {cluster.size} | {outlets} | {name} | {lead.record_id} ({lead.source}) "
            f"| {headline(lead.text)} |"
        )
    print(f"\nsample of {args.sample} pairs (seed {args.seed}):")
    for f in random.Random(args.seed).sample(findings, min(args.sample, len(findings))):
        mine, other = by_id[f.record_id], by_id[f.other_id]
        print(
            f"- {f.record_id} ({f.source}, {len(mine.text)} chars) ~ {f.other_id} "
            f"({f.other_source}, {len(other.text)} chars): {f.kind.value} {f.rule} "
            f"score {f.score}, {len(f.spans)} spans\n    A: {headline(mine.text)}\n"
            f"    B: {headline(other.text)}"
        )


if __name__ == "__main__":
    main()
