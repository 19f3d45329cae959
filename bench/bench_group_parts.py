"""Time the per-article parts of `audit group` alone, in process: the lead, the terms, TF-IDF
and document frequencies, the placing, and the dedup engine on the reprint leads.

    python bench/bench_group_parts.py bench/out/group-feed-10000.jsonl --articles 3000 --repeat 15

The feed is one that `bench_group.py speed` builds. Each part is run `--repeat` times on the
first `--articles` articles (the parts after the lead on its output) and the minimum is printed
in ms per article: on a shared machine the minimum is the figure least inflated by other jobs.
To compare two versions, run this script from each checkout in turn, several times.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from audit.config import AuditConfig
from audit.dedup import Record, classify
from audit.group.cluster import Clusterer
from audit.group.represent import Extractor, Vocabulary, first_words, lead_text
from audit.group.stage import _times
from audit.ingest.load import load_input


def best_of(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.process_time()
        result = work()
        best = min(best, time.process_time() - began)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feed")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    config = AuditConfig()
    cfg = config.group
    articles = [a for s in load_input(args.feed).stories for a in s.articles][: args.articles]
    n = len(articles)

    def leads() -> list[str]:
        return [lead_text(a.text, a.title, cfg.lead_words, clean=config.clean) for a in articles]

    def terms() -> list:
        extractor = Extractor()
        return [extractor.terms(lead) for lead in lead_list]

    def vectors() -> tuple[Vocabulary, list]:
        vocabulary, out = Vocabulary(), []
        for counted in term_list:
            vocabulary.add(counted)
            out.append(vocabulary.vector(counted, cfg))
        return vocabulary, out

    def place() -> list:
        clusterer = Clusterer(cfg, vocabulary)
        rows = zip(articles, vecs, times, strict=True)
        return [clusterer.place(a.article_id, v, t) for a, v, t in rows]

    def dedup() -> list:
        records = (
            Record(a.article_id, first_words(lead, cfg.reprint_words), a.source, a.article_id)
            for a, lead in zip(articles, lead_list, strict=True)
        )
        return list(classify(records, config.dedup))

    seconds, lead_list = best_of(args.repeat, leads)
    print(f"lead      {seconds * 1e3 / n:.3f} ms per article")
    seconds, term_list = best_of(args.repeat, terms)
    print(f"terms     {seconds * 1e3 / n:.3f}")
    seconds, (vocabulary, vecs) = best_of(args.repeat, vectors)
    print(f"tf-idf    {seconds * 1e3 / n:.3f}")
    times, _ = _times(articles)
    seconds, _ = best_of(args.repeat, place)
    print(f"placing   {seconds * 1e3 / n:.3f} (no reprints)")
    seconds, _ = best_of(args.repeat, dedup)
    print(f"dedup     {seconds * 1e3 / n:.3f} (reprint leads)")


if __name__ == "__main__":
    main()
