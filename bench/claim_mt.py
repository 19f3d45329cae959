"""Machine-translation-metric features for the same-claim probability (issue 10, round 5): which
groups raise MSRP cross-validated accuracy and the labels' held-out AUC.

Usage: python bench/claim_mt.py tests/data/claim_sentence_pairs.csv \
           /work/shared/data/msrp/msr_paraphrase_train.txt [--threshold T]

Candidates (Madnani, Tetreault & Chodorow 2012 name the metrics; written here from their
definitions): n-gram precision of each side against the other for n = 1..4 on lower-cased word
forms and on stems (BLEU-like; the smaller and larger direction, so the pair stays symmetric),
the LCS ratio over tokens (ROUGE-L F), a token edit rate (TER-like: Levenshtein over tokens /
the mean length), the absolute length difference, and the numbers as sets (Jaccard; one side has
numbers the other lacks). Each group is added to probability.FEATURES and fitted as
bench/fit_claim_model.py fits the tool's (tune half + MSRP train, equal weight, L2 1.0; headline
pairs then scored by the tool's title_coefficients, as the tool scores them); reported:
tune / held-out AUC, held-out P/R at the threshold, MSRP 10-fold CV accuracy at the threshold and
at the best threshold of the folds' fits.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rapidfuzz.distance import LCSseq, Levenshtein

sys.path.insert(0, str(Path(__file__).parent))
from claim_features import auc
from claim_sentences import label_features, label_half, precision_recall, read_labels, story_of
from fit_claim_model import fit, predict, weights_for
from msrp_scorer import read_msrp

from audit.align.ngrams import OVERLAPS
from audit.align.pairs import score_text_pairs
from audit.align.probability import FEATURES, probabilities
from audit.align.terms import stem
from audit.config import AlignConfig

WORD = re.compile(r"[\w'-]+|[$%]")
NUMBER = re.compile(r"\d")


def grams(words: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def precisions(a: Sequence[str], b: Sequence[str], n: int) -> tuple[float, float]:
    ga, gb = grams(a, n), grams(b, n)
    shared = sum((ga & gb).values())
    pa = shared / max(sum(ga.values()), 1)
    pb = shared / max(sum(gb.values()), 1)
    return min(pa, pb), max(pa, pb)


def term_features(first: Sequence[str], second: Sequence[str]) -> dict[str, np.ndarray]:
    """The same on the scorer's content terms (stopwords dropped, stems, folded names), as sets:
    what the story's passages carry without their text."""
    from audit.align.scorer import passage_set

    passages = passage_set([*first, *second], AlignConfig())
    terms = passages.terms
    weight = dict(zip(passages.vocabulary, passages.idf, strict=True))
    n = len(first)
    out: dict[str, list[float]] = {}
    for k in range(n):
        a = [t.kind + ":" + t.key for t in terms[k]]
        b = [t.kind + ":" + t.key for t in terms[n + k]]
        sa, sb = set(a), set(b)
        wa = sum(weight.get(x, 1.0) for x in sa) or 1.0
        wb = sum(weight.get(x, 1.0) for x in sb) or 1.0
        shared = sum(weight.get(x, 1.0) for x in sa & sb)
        out.setdefault("cover_low", []).append(min(shared / wa, shared / wb))
        out.setdefault("cover_high", []).append(max(shared / wa, shared / wb))
        out.setdefault("unmatched", []).append(np.log1p(wa + wb - 2 * shared))
        for g in (1, 2, 3, 4):
            ga, gb = set(grams(a, g)), set(grams(b, g))
            pa, pb = len(ga & gb) / max(len(ga), 1), len(ga & gb) / max(len(gb), 1)
            out.setdefault(f"t{g}_min", []).append(min(pa, pb))
            out.setdefault(f"t{g}_max", []).append(max(pa, pb))
        out.setdefault("t_len_diff", []).append(np.log1p(abs(len(set(a)) - len(set(b)))))
    return {name: np.array(values) for name, values in out.items()}


def mt_features(first: Sequence[str], second: Sequence[str]) -> dict[str, np.ndarray]:
    out: dict[str, list[float]] = {}

    def put(name: str, value: float) -> None:
        out.setdefault(name, []).append(value)

    for a_text, b_text in zip(first, second, strict=True):
        a = WORD.findall(a_text.lower())
        b = WORD.findall(b_text.lower())
        sa, sb = [stem(w) for w in a], [stem(w) for w in b]
        for n in (1, 2, 3, 4):
            low, high = precisions(a, b, n)
            put(f"w{n}_min", low)
            put(f"w{n}_max", high)
            low, high = precisions(sa, sb, n)
            put(f"s{n}_min", low)
            put(f"s{n}_max", high)
        lcs = LCSseq.similarity(a, b)
        ra, rb = lcs / max(len(a), 1), lcs / max(len(b), 1)
        put("lcs_f", 2 * ra * rb / (ra + rb) if ra + rb else 0.0)
        put("lcs_min", min(ra, rb))
        put("ter", Levenshtein.distance(sa, sb) / max((len(a) + len(b)) / 2, 1))
        put("len_diff", abs(len(a) - len(b)))
        put("log_len_diff", np.log1p(abs(len(a) - len(b))))
        na = {w for w in a if NUMBER.search(w)}
        nb = {w for w in b if NUMBER.search(w)}
        put("num_jaccard", len(na & nb) / len(na | nb) if na | nb else 1.0)
        put("num_lacks", float(bool(na - nb) or bool(nb - na)))
    return {name: np.array(values) for name, values in out.items()}


def char_grams(text: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams of each lower-cased word padded with spaces (n = low..high)."""
    found: list[str] = []
    for word in re.findall(r"\w+", text.lower()):
        padded = f" {word} "
        for n in range(low, high + 1):
            found += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
    return found


def char_cosine(first: Sequence[str], second: Sequence[str]) -> np.ndarray:
    """Cosine of character 3-5-gram TF-IDF vectors (sublinear counts, smoothed IDF over the texts
    given): the issue's "character n-gram TF-IDF cosine" signal."""
    from scipy import sparse

    texts = [*first, *second]
    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        counts = Counter(vocabulary.setdefault(g, len(vocabulary)) for g in char_grams(text))
        for col, count in counts.items():
            rows.append(row)
            cols.append(col)
            values.append(1 + np.log(count))
    x = sparse.csr_matrix((values, (rows, cols)), shape=(len(texts), len(vocabulary)))
    df = np.bincount(x.indices, minlength=len(vocabulary))
    x = x.multiply(np.log((1 + len(texts)) / (1 + df)) + 1).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sparse.diags(1 / np.where(norms > 0, norms, 1)) @ x
    n = len(first)
    return np.asarray(x[:n].multiply(x[n:]).sum(axis=1)).ravel()


BASE = [f for f in FEATURES if f not in OVERLAPS]
SHIPPED = {  # cumulative: each row adds its group to the rows above
    "n-gram precision 1-4 (stems, both directions)": [o for o in OVERLAPS if o.startswith("ngram")],
    "length difference": ["length_difference"],
    "number sets (Jaccard, one side lacks)": ["number_jaccard", "number_lacks"],
}
_W = [f"w{n}_{d}" for n in (1, 2, 3, 4) for d in ("min", "max")]
_S = [f"s{n}_{d}" for n in (1, 2, 3, 4) for d in ("min", "max")]
TRIED = {  # each on top of the shipped set
    "word-form n-gram precision 1-4 (counts clipped)": _W,
    "stem n-gram precision 1-4 (counts clipped)": _S,
    "LCS ratio (ROUGE-L F, smaller side)": ["lcs_f", "lcs_min"],
    "TER-like token edit rate": ["ter"],
    "IDF-weighted term coverage (both directions)": ["cover_low", "cover_high"],
    "IDF coverage + unmatched IDF mass": ["cover_low", "cover_high", "unmatched"],
    "content-term n-gram precision 1-4": [
        f"t{n}_{d}" for n in (1, 2, 3, 4) for d in ("min", "max")
    ],
    "character 3-5-gram TF-IDF cosine": ["char"],
}


def evaluate(
    chosen: Sequence[str],
    labels: dict[str, np.ndarray],
    msrp: dict[str, np.ndarray],
    same: np.ndarray,
    tune: np.ndarray,
    msrp_y: np.ndarray,
    threshold: float,
    l2: float,
) -> str:
    x_labels = np.column_stack([labels[f] for f in chosen])
    x_msrp = np.column_stack([msrp[f] for f in chosen])
    y = np.r_[same[tune], msrp_y == 1].astype(float)
    beta = fit(
        np.vstack([x_labels[tune], x_msrp]), y, weights_for(int(tune.sum()), len(msrp_y), 1.0), l2
    )
    headline = labels["title"] > 0  # the tool scores these with title_coefficients
    p_labels = np.where(headline, labels["_tool"], predict(beta, x_labels))
    hp, hr = precision_recall(same[~tune], p_labels[~tune] >= threshold)
    folds = np.arange(len(msrp_y)) % 10
    cv = np.zeros(len(msrp_y))
    for fold in range(10):
        train = folds != fold
        xf = np.vstack([x_labels[tune], x_msrp[train]])
        yf = np.r_[same[tune], msrp_y[train] == 1].astype(float)
        bf = fit(xf, yf, weights_for(int(tune.sum()), int(train.sum()), 1.0), l2)
        cv[~train] = predict(bf, x_msrp[~train])
    at = np.mean((cv >= threshold) == (msrp_y == 1))
    best_t = max(
        np.round(np.arange(0.3, 0.9, 0.05), 2), key=lambda t: np.mean((cv >= t) == (msrp_y == 1))
    )
    best = np.mean((cv >= best_t) == (msrp_y == 1))
    held_content = ~tune & ~headline
    return (
        f"{auc(p_labels[tune], same[tune]):.3f} | {auc(p_labels[~tune], same[~tune]):.3f} | "
        f"{auc(p_labels[held_content], same[held_content]):.3f} | "
        f"{hp:.2f} / {hr:.2f} | {at:.3f} | {best:.3f} at {best_t:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("msrp", type=Path)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    config = AlignConfig()
    threshold = config.claim_probability_threshold if args.threshold is None else args.threshold
    rows = read_labels(args.labels)
    same = np.array([r["same"] == "1" for r in rows])
    tune = np.array([label_half(r) == 0 for r in rows])
    tool = label_features(rows, config)
    labels = dict(zip(FEATURES, tool.T, strict=True)) | {"_tool": probabilities(tool, config)}
    labels |= mt_features([r["text_a"] for r in rows], [r["text_b"] for r in rows])
    for story in sorted({story_of(r) for r in rows}):
        index = [i for i, r in enumerate(rows) if story_of(r) == story]
        found = term_features(
            [rows[i]["text_a"] for i in index], [rows[i]["text_b"] for i in index]
        )
        found["char"] = char_cosine(
            [rows[i]["text_a"] for i in index], [rows[i]["text_b"] for i in index]
        )
        for name, values in found.items():
            labels.setdefault(name, np.zeros(len(rows)))[index] = values
    msrp_y, first, second = read_msrp(args.msrp)
    msrp = dict(zip(FEATURES, score_text_pairs(first, second, config).features.T, strict=True))
    msrp |= mt_features(first, second)
    msrp |= term_features(first, second)
    msrp["char"] = char_cosine(first, second)
    print("| feature | AUC tune | held-out | MSRP |\n|---|---|---|---|")
    for name in [*OVERLAPS, *(n for group in TRIED.values() for n in group)]:
        cells = (auc(labels[name][tune], same[tune]), auc(labels[name][~tune], same[~tune]),
                 auc(msrp[name], msrp_y == 1))  # fmt: skip
        print(f"| {name} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    print(f"\n| features (L2 {args.l2}) | tune AUC | held-out AUC | held-out content AUC | "
          f"held-out P / R at {threshold} | MSRP CV accuracy at {threshold} | "
          "best CV accuracy |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    data = (labels, msrp, same, tune, msrp_y, threshold, args.l2)
    chosen = list(BASE)
    print("| before this round | " + evaluate(chosen, *data) + " |")
    for name, group in SHIPPED.items():
        chosen += group
        print(f"| + {name} | " + evaluate(chosen, *data) + " |")
    for name, group in TRIED.items():
        print(f"| tried: shipped + {name} | " + evaluate([*chosen, *group], *data) + " |")


if __name__ == "__main__":
    main()
