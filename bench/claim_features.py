"""Which signals could lift the same-claim probability: single-feature AUCs and the held-out AUC
of the probability refitted with candidate extra features.

Usage: python bench/claim_features.py tests/data/claim_sentence_pairs.csv \
           /work/shared/data/msrp/msr_paraphrase_train.txt

Candidates beside probability.FEATURES: a character 3-5-gram TF-IDF cosine (IDF over the pair
set of each story, or MSRP), a token-level soft alignment with the static vectors (each content
word's best cosine with the other side's words, IDF-weighted, both directions: F-mean, and the
smaller share of words with a near-exact match >= 0.9; BERTScore with static vectors), and the
length ratio. Each set is fitted as bench/fit_claim_model.py fits the tool's (tune half + MSRP
train, weighted equally, L2 1.0) and reported by AUC on both halves, MSRP AUC and the best
in-sample MSRP accuracy.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.stats import rankdata

sys.path.insert(0, str(Path(__file__).parent))
from claim_sentences import label_features, label_half, read_labels, story_of
from fit_claim_model import fit, predict, weights_for
from msrp_scorer import read_msrp

from audit.align.embedding import load_model
from audit.align.pairs import score_text_pairs
from audit.align.probability import FEATURES
from audit.align.terms import STOPWORDS
from audit.config import AlignConfig

WORD = re.compile(r"[\w'-]+")


def char_cosine(first: Sequence[str], second: Sequence[str]) -> np.ndarray:
    texts = [" " + " ".join(t.lower().split()) + " " for t in (*first, *second)]
    vocab: dict[str, int] = {}
    rows, cols, values = [], [], []
    for i, text in enumerate(texts):
        grams = Counter(text[j : j + k] for k in (3, 4, 5) for j in range(len(text) - k + 1))
        for gram, count in grams.items():
            rows.append(i)
            cols.append(vocab.setdefault(gram, len(vocab)))
            values.append(1.0 + np.log(count))
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(texts), len(vocab)))
    df = np.bincount(matrix.indices, minlength=len(vocab))
    matrix = matrix @ sparse.diags(np.log((1 + len(texts)) / (1 + df)) + 1.0)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ matrix
    n = len(first)
    return np.asarray(matrix[:n].multiply(matrix[n:]).sum(axis=1)).ravel()


def soft_alignment(first: Sequence[str], second: Sequence[str]) -> np.ndarray:
    """Per pair: (F-mean of the two directions' IDF-weighted best cosines, smaller share of
    words with a match >= 0.9)."""
    model = load_model()
    words = [[w for w in WORD.findall(t.lower()) if w not in STOPWORDS] for t in (*first, *second)]
    df = Counter(w for ws in words for w in set(ws))
    distinct = sorted(df)
    vectors = model.encode(distinct)
    row = {w: i for i, w in enumerate(distinct)}
    out = np.zeros((len(first), 2))
    for k, (a, b) in enumerate(zip(words[: len(first)], words[len(first) :], strict=True)):
        if not a or not b:
            continue
        sims = vectors[[row[w] for w in a]] @ vectors[[row[w] for w in b]].T
        idf_a = np.array([np.log((len(words) + 1) / (df[w] + 1)) + 1 for w in a])
        idf_b = np.array([np.log((len(words) + 1) / (df[w] + 1)) + 1 for w in b])
        ra = (sims.max(axis=1) * idf_a).sum() / idf_a.sum()
        rb = (sims.max(axis=0) * idf_b).sum() / idf_b.sum()
        near_a = ((sims.max(axis=1) > 0.9) * idf_a).sum() / idf_a.sum()
        near_b = ((sims.max(axis=0) > 0.9) * idf_b).sum() / idf_b.sum()
        out[k] = (2 * ra * rb / (ra + rb + 1e-9), min(near_a, near_b))
    return out


def extras(first: Sequence[str], second: Sequence[str]) -> dict[str, np.ndarray]:
    soft = soft_alignment(first, second)
    len_a = np.array([len(t.split()) for t in first])
    len_b = np.array([len(t.split()) for t in second])
    return {
        "char": char_cosine(first, second),
        "soft_f": soft[:, 0],
        "soft_near": soft[:, 1],
        "length_ratio": np.minimum(len_a, len_b) / np.maximum(np.maximum(len_a, len_b), 1),
    }


def auc(score: np.ndarray, same: np.ndarray) -> float:
    ranks = rankdata(score)
    n_pos, n_neg = int(same.sum()), int((~same).sum())
    return float((ranks[same].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("msrp", type=Path)
    args = parser.parse_args()
    config = AlignConfig()
    rows = read_labels(args.labels)
    same = np.array([r["same"] == "1" for r in rows])
    tune = np.array([label_half(r) == 0 for r in rows])
    labels = dict(zip(FEATURES, label_features(rows, config).T, strict=True))
    extra = {name: np.zeros(len(rows)) for name in ("char", "soft_f", "soft_near", "length_ratio")}
    for story in sorted({story_of(r) for r in rows}):
        index = [i for i, r in enumerate(rows) if story_of(r) == story]
        found = extras([rows[i]["text_a"] for i in index], [rows[i]["text_b"] for i in index])
        for name, values in found.items():
            extra[name][index] = values
    labels |= extra
    msrp_y, first, second = read_msrp(args.msrp)
    msrp = dict(zip(FEATURES, score_text_pairs(first, second, config).features.T, strict=True))
    msrp |= extras(first, second)
    print("| feature | AUC all labels | tune | held-out | MSRP |\n|---|---|---|---|---|")
    for name, values in labels.items():
        cells = (auc(values, same), auc(values[tune], same[tune]),
                 auc(values[~tune], same[~tune]), auc(msrp[name], msrp_y == 1))  # fmt: skip
        print(f"| {name} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    base = list(FEATURES)
    sets = {
        "tool (FEATURES)": base,
        "+ char": [*base, "char"],
        "+ soft alignment": [*base, "soft_f", "soft_near"],
        "+ soft + char": [*base, "soft_f", "soft_near", "char"],
        "+ soft + char + length": [*base, "soft_f", "soft_near", "char", "length_ratio"],
    }
    print("\n| features | tune AUC | held-out AUC | MSRP AUC | best MSRP accuracy (in-sample) |")
    print("|---|---|---|---|---|")
    for name, chosen in sets.items():
        x_labels = np.column_stack([labels[f] for f in chosen])
        x_msrp = np.column_stack([msrp[f] for f in chosen])
        x = np.vstack([x_labels[tune], x_msrp])
        y = np.r_[same[tune], msrp_y == 1].astype(float)
        beta = fit(x, y, weights_for(int(tune.sum()), len(msrp_y), 1.0), 1.0, set())
        p_labels, p_msrp = predict(beta, x_labels), predict(beta, x_msrp)
        accuracy = max(np.mean((p_msrp >= t) == (msrp_y == 1)) for t in np.arange(0.3, 0.9, 0.01))
        print(f"| {name} | {auc(p_labels[tune], same[tune]):.3f} | "
              f"{auc(p_labels[~tune], same[~tune]):.3f} | {auc(p_msrp, msrp_y == 1):.3f} | "
              f"{accuracy:.3f} |")  # fmt: skip


if __name__ == "__main__":
    main()
