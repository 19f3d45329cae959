"""The baseline for the dedup benchmark: plain datasketch MinHash + MinHashLSH, no verification.

The only module of the project that imports datasketch. Same shingles as `audit dedup` (word
k-grams of `match_key` words, bench/dedup_shingles.py), same signature length and LSH bands x
rows; every LSH candidate is reported as a pair, as a plain MinHashLSH pipeline would. Streams
its input in chunks.

    python bench/dedup_baseline.py INPUT.jsonl PAIRS.tsv [--bands 30 --rows 3 --shingle 2]

With --signatures-only, times just the MinHash signatures of the input's texts, datasketch's
`MinHash.bulk` against `audit.dedup.minhash` (same shingles, same number of permutations), the
measurement behind writing our own (PAIRS is ignored).
"""

from __future__ import annotations

import json
import sys
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from datasketch import MinHash, MinHashLSH
from dedup_shingles import baseline_parser, shingles

from audit.dedup.minhash import make_hasher, text_band_keys
from audit.text.normalize import match_key

CHUNK = 5000


def time_signatures(path: Path, bands: int, rows: int, k: int, seed: int) -> None:
    with path.open(encoding="utf-8") as source:
        texts = [json.loads(line)["text"] for line in source]
    words = [w for w in (match_key(t).split() for t in texts) if w]
    started = time.perf_counter()
    sets = [{" ".join(w[i : i + k]).encode() for i in range(max(1, len(w) - k + 1))} for w in words]
    MinHash.bulk(sets, num_perm=bands * rows, seed=seed)
    theirs = time.perf_counter() - started
    started = time.perf_counter()
    hasher = make_hasher(shingle_words=k, bands=bands, rows=rows, seed=seed)
    for start in range(0, len(words), 2048):
        text_band_keys(hasher, words[start : start + 2048])
    ours = time.perf_counter() - started
    print(
        f"{len(words)} texts, {bands * rows} permutations: datasketch MinHash.bulk {theirs:.1f} s"
    )
    print(f"audit.dedup.minhash (signatures and band keys) {ours:.1f} s")


def main() -> None:
    parser = baseline_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--signatures-only", action="store_true")
    args = parser.parse_args()
    if args.signatures_only:
        time_signatures(args.input, args.bands, args.rows, args.shingle, args.seed)
        return
    num_perm = args.bands * args.rows
    lsh = MinHashLSH(num_perm=num_perm, params=(args.bands, args.rows))
    with args.input.open(encoding="utf-8") as source, args.pairs.open("w") as out:
        while chunk := list(islice(source, CHUNK)):
            rows = [json.loads(line) for line in chunk]
            sets = [shingles(row["text"], args.shingle) for row in rows]
            kept = [(row["id"], s) for row, s in zip(rows, sets, strict=True) if s]
            hashes = MinHash.bulk([s for _, s in kept], num_perm=num_perm, seed=args.seed)
            for (rid, _), minhash in zip(kept, hashes, strict=True):
                for other in lsh.query(minhash):
                    out.write(f"{rid}\t{other}\n")
                lsh.insert(rid, minhash)


if __name__ == "__main__":
    main()
