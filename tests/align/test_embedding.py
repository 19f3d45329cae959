from __future__ import annotations

import socket
import stat
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align import embedding
from audit.align.embedding import MODEL_DIR, ModelMissingError, embed, load_model


def test_the_model_ships_with_its_licence_and_is_world_readable() -> None:
    names = {p.name for p in MODEL_DIR.iterdir()}
    assert {"model.safetensors", "tokenizer.json", "config.json", "LICENSE", "NOTICE",
            "MODEL_CARD.md", "SHA256SUMS"} <= names  # fmt: skip
    for path in MODEL_DIR.iterdir():
        assert path.stat().st_mode & stat.S_IROTH


def test_embeddings_are_unit_length_and_paraphrases_are_closer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedding model must not touch the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    vectors = embed(
        [
            "Britain and France plan to deploy 30,000 peacekeepers in Ukraine.",
            "London and Paris intend to send 30,000 peacekeeping troops to Ukraine.",
            "The central bank raised interest rates by a quarter point.",
            "",
        ]
    )
    assert vectors.shape == (4, 256) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()  # no token: a zero vector, not NaN
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_the_model_is_loaded_once_per_process() -> None:
    assert load_model() is load_model()


def test_a_missing_model_folder_is_an_error_not_a_download(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="missing"):
        embedding.load_model(tmp_path)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=5))
def test_token_ids_by_chunk_equal_the_tokenizer_on_the_whole_text(texts: list[str]) -> None:
    model = load_model()
    whole = [enc.ids for enc in model.tokenizer.encode_batch(texts, add_special_tokens=False)]
    assert model.token_ids(texts) == whole
