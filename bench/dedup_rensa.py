"""The second baseline for the dedup benchmark: rensa (a Rust MinHash) RMinHash + RMinHashLSH.

The only module of the project that imports rensa (a bench-only extra, never a runtime or test
dependency). Built exactly like bench/dedup_baseline.py's datasketch pipeline: the same shingles
(word k-grams of `match_key` words, bench/dedup_shingles.py), the same signature length and LSH
bands x rows, each record queried against the earlier ones and then inserted, every LSH
candidate reported as a pair (no verification, as in the datasketch baseline). Streams its
input in chunks.

With `--verify`, the baseline does what `audit dedup` does with its candidates: each one is
checked by audit's own `verify` (rapidfuzz Indel similarity or containment of the match-key
words, `DedupConfig`'s thresholds) and a record reports its best verified earlier partner (the
highest score; the oldest on ties), one pair per record. That is the precision audit reports,
at rensa's speed of hashing and candidate search. Not equal work: it verifies every candidate
(audit verifies at most `DedupConfig.max_verify`, ranked by shared bands, so this can find a
partner audit does not), keeps every match key in memory (audit keeps texts on disk), and makes
no evidence spans, boilerplate classes or CSV (audit does).

    python bench/dedup_rensa.py INPUT.jsonl PAIRS.tsv [--bands 30 --rows 3 --shingle 2] [--verify]
"""

from __future__ import annotations

import json
import sys
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dedup_shingles import baseline_parser, key_shingles
from rensa import RMinHash, RMinHashLSH

from audit.config import DedupConfig
from audit.dedup.verify import verify
from audit.text.normalize import match_key

CHUNK = 5000


def main() -> None:
    parser = baseline_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--verify", action="store_true", help="verify candidates as audit does")
    args = parser.parse_args()
    config = DedupConfig()
    num_perm = args.bands * args.rows
    # rensa takes the band count and derives rows = num_perm / bands; its threshold is only used
    # by `is_similar` (not called here), set to the S-curve's midpoint (1/b)^(1/r) anyway.
    threshold = (1 / args.bands) ** (1 / args.rows)
    lsh = RMinHashLSH(threshold, num_perm, args.bands)
    ids: list[str] = []  # rensa keys are integers: the record's position among the kept ones
    keys: list[str] = []  # with --verify: each kept record's match key
    with args.input.open(encoding="utf-8") as source, args.pairs.open("w") as out:
        while chunk := list(islice(source, CHUNK)):
            rows = [json.loads(line) for line in chunk]
            texts = [match_key(row["text"]) for row in rows]
            sets = [key_shingles(key, args.shingle) for key in texts]
            kept = [(row["id"], key, s) for row, key, s in zip(rows, texts, sets, strict=True) if s]
            hashes = RMinHash.from_token_sets([s for *_, s in kept], num_perm, args.seed)
            for (rid, key, _), minhash in zip(kept, hashes, strict=True):
                candidates = lsh.query(minhash)
                if args.verify:
                    best = _best_verified(key.split(), candidates, keys, config)
                    if best is not None:
                        out.write(f"{rid}\t{ids[best]}\n")
                    keys.append(key)
                else:
                    for other in candidates:
                        out.write(f"{rid}\t{ids[other]}\n")
                lsh.insert(len(ids), minhash)
                ids.append(rid)


def _best_verified(
    words: list[str], candidates: list[int], keys: list[str], config: DedupConfig
) -> int | None:
    """The candidate with the highest verified score (the oldest on ties), if any verifies."""
    best, best_score = None, -1.0
    for other in sorted(candidates):
        verdict = verify(words, keys[other].split(), config)
        if verdict is not None and verdict.score > best_score:
            best, best_score = other, verdict.score
    return best


if __name__ == "__main__":
    main()
