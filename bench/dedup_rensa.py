"""The second baseline for the dedup benchmark: rensa (a Rust MinHash) RMinHash + RMinHashLSH.

The only module of the project that imports rensa (a bench-only extra, never a runtime or test
dependency). Built exactly like bench/dedup_baseline.py's datasketch pipeline: the same shingles
(word k-grams of `match_key` words, bench/dedup_shingles.py), the same signature length and LSH
bands x rows, each record queried against the earlier ones and then inserted, every LSH
candidate reported as a pair (no verification, as in the datasketch baseline). Streams its
input in chunks.

    python bench/dedup_rensa.py INPUT.jsonl PAIRS.tsv [--bands 30 --rows 3 --shingle 2]
"""

from __future__ import annotations

import json
import sys
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dedup_shingles import baseline_parser, shingles
from rensa import RMinHash, RMinHashLSH

CHUNK = 5000


def main() -> None:
    parser = baseline_parser(__doc__.split("\n\n")[0])
    args = parser.parse_args()
    num_perm = args.bands * args.rows
    # rensa takes the band count and derives rows = num_perm / bands; its threshold is only used
    # by `is_similar` (not called here), set to the S-curve's midpoint (1/b)^(1/r) anyway.
    threshold = (1 / args.bands) ** (1 / args.rows)
    lsh = RMinHashLSH(threshold, num_perm, args.bands)
    ids: list[str] = []  # rensa keys are integers: the record's position among the kept ones
    with args.input.open(encoding="utf-8") as source, args.pairs.open("w") as out:
        while chunk := list(islice(source, CHUNK)):
            rows = [json.loads(line) for line in chunk]
            sets = [shingles(row["text"], args.shingle) for row in rows]
            kept = [(row["id"], s) for row, s in zip(rows, sets, strict=True) if s]
            hashes = RMinHash.from_token_sets([s for _, s in kept], num_perm, args.seed)
            for (rid, _), minhash in zip(kept, hashes, strict=True):
                for other in lsh.query(minhash):
                    out.write(f"{rid}\t{ids[other]}\n")
                lsh.insert(len(ids), minhash)
                ids.append(rid)


if __name__ == "__main__":
    main()
