"""The semantic signal: a static sentence embedding, shipped with the package, no network.

The model (`audit/align/model/`, see its MODEL_CARD.md and `scripts/build_embedding.py`) was
distilled once with model2vec from all-MiniLM-L6-v2: one 256-dimensional vector per WordPiece
token. A sentence is the mean of its tokens' vectors (no special tokens, unknown tokens dropped,
at most `max_length` tokens), L2-normalised, which is what model2vec's `StaticModel.encode`
computes; this adapter needs only `tokenizers` (the tokenizer.json it ships with) and numpy, and
reads the safetensors file with numpy (an 8-byte header length, a JSON header, raw data).

This is the only module that imports `tokenizers`. The model is read once per process
(`load_model`, cached): it is read-only, 15 MB, and takes ~0.1 s to load, so every story of a
many-story run sharing it is the point; nothing about it changes after loading.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy import sparse
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).parent / "model"
_FILES = ("config.json", "model.safetensors", "tokenizer.json")
_DTYPES = {"F16": np.float16, "F32": np.float32, "I8": np.int8}


class ModelMissingError(RuntimeError):
    """The shipped model folder is incomplete (a broken install): never fall back to a
    download."""


@dataclass(frozen=True, slots=True)
class StaticModel:
    tokenizer: Tokenizer
    table: np.ndarray  # tokens x dimensions, float32
    unk_id: int | None
    max_length: int
    normalize: bool

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row per text (zeros for a text with no known token)."""
        lengths = np.zeros(len(texts), dtype=np.int64)
        flat: list[int] = []
        for row, ids in enumerate(self.token_ids(texts)):
            kept = [i for i in ids if i != self.unk_id][: self.max_length]
            lengths[row] = len(kept)
            flat.extend(kept)
        # the mean of each text's token rows, as one sparse (texts x tokens) product
        rows = np.repeat(np.arange(len(texts)), lengths)
        weights = 1.0 / np.maximum(lengths, 1)[rows]
        mean = sparse.csr_matrix(
            (weights.astype(np.float32), (rows, np.array(flat, dtype=np.int64))),
            shape=(len(texts), self.table.shape[0]),
        )
        out = np.asarray(mean @ self.table, dtype=np.float32)
        if self.normalize:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out /= np.where(norms > 0, norms, 1.0)
        return out

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """The WordPiece ids of each text, as `tokenizer.encode(text, add_special_tokens=False)`
        gives them, but each distinct space-separated chunk is encoded once: BERT's normaliser
        works character by character and its pre-tokeniser splits at ASCII whitespace, so a
        text's ids are its chunks' ids in order (a story repeats its words, and every passage
        is also inside its paragraph: this is ~10x less tokenizer work)."""
        chunked = [_SPACES.split(text) for text in texts]
        distinct = sorted({chunk for chunks in chunked for chunk in chunks if chunk})
        encoded = self.tokenizer.encode_batch_fast(distinct, add_special_tokens=False)
        ids_of = {chunk: enc.ids for chunk, enc in zip(distinct, encoded, strict=True)}
        return [[i for chunk in chunks if chunk for i in ids_of[chunk]] for chunks in chunked]


_SPACES = re.compile(r"[ \t\n\r]+")


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        dtype = np.dtype(_DTYPES[spec["dtype"]]).newbyteorder("<")
        tensors[name] = np.frombuffer(
            raw, dtype=dtype, count=(end - start) // dtype.itemsize, offset=8 + size + start
        ).reshape(spec["shape"])
    return tensors


@cache
def load_model(folder: Path = MODEL_DIR) -> StaticModel:
    """The static model in `folder` (the shipped one by default), loaded once per process."""
    missing = [name for name in _FILES if not (folder / name).is_file()]
    if missing:
        raise ModelMissingError(f"{folder}: embedding model files missing: {', '.join(missing)}")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    tensors = read_safetensors(folder / "model.safetensors")
    if set(tensors) != {"embeddings"}:
        raise ModelMissingError(f"{folder}: unsupported model tensors {sorted(tensors)}")
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    unk = getattr(tokenizer.model, "unk_token", None)
    table = tensors["embeddings"].astype(np.float32)
    if tokenizer.get_vocab_size() != table.shape[0]:
        raise ModelMissingError(f"{folder}: tokenizer and embedding table sizes differ")
    return StaticModel(
        tokenizer=tokenizer,
        table=table,
        unk_id=tokenizer.token_to_id(unk) if unk else None,
        max_length=int(config.get("max_length") or 512),
        normalize=bool(config.get("normalize", True)),
    )


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings of `texts` with the shipped model (float32, one row each)."""
    return load_model().encode(texts)
