"""Semantic similarity of a question and a passage, from a small static embedding model.

Optional: WordLlama's wheel ships its 16 MB model (MIT): a token embedding table and its
tokenizer. The model is a table lookup and a mean, so it is read here with numpy and
tokenizers directly, without importing the wordllama package (a quarter of a second of
imports, and its loader looks for the tokenizer where the wheel has none, then tries to
download it). Nothing is downloaded at run time. Without the wheel installed,
`similarity` returns None and ranking works on words alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
WEIGHTS = "weights/l2_supercat_256.safetensors"


@dataclass(frozen=True)
class StaticModel:
    """A token embedding table and the tokenizer that indexes it."""

    embedding: Any  # numpy array, vocabulary x dimensions, float32
    tokenizer: Any  # tokenizers.Tokenizer

    def embed(self, texts: list[str]) -> Any:
        """Each text's mean token vector, of unit length (zero for a text without tokens)."""
        import numpy as np

        vocabulary, dimensions = self.embedding.shape
        vectors = np.zeros((len(texts), dimensions), dtype=np.float32)
        for row, encoding in enumerate(
            self.tokenizer.encode_batch(texts, add_special_tokens=False)
        ):
            if encoding.ids:
                ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, vocabulary - 1)
                vectors[row] = self.embedding[ids].mean(axis=0)
        lengths = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(lengths == 0.0, 1.0, lengths)


@cache
def _model() -> StaticModel | None:
    spec = find_spec("wordllama")  # where the wheel is, without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    if not (root / TOKENIZER).is_file() or not (root / WEIGHTS).is_file():
        return None
    try:
        import numpy as np
        from safetensors import safe_open
        from tokenizers import Tokenizer
    except ImportError:
        return None
    tokenizer = Tokenizer.from_file(str(root / TOKENIZER))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with safe_open(str(root / WEIGHTS), "np", "cpu") as f:
        embedding = np.ascontiguousarray(f.get_tensor("embedding.weight"), dtype=np.float32)
    return StaticModel(embedding, tokenizer)


def available() -> bool:
    """Whether the embedding model is installed."""
    return _model() is not None


def similarity(question: str, texts: list[str]) -> list[float] | None:
    """Cosine similarity of `question` to each text (None when no model is installed)."""
    model = _model()
    if model is None or not texts:
        return None
    # Lowercased: the model's tokens are case-sensitive, and readers type in any case.
    vectors = model.embed([question.lower().rstrip("?!. "), *(t.lower() for t in texts)])
    return [float(v) for v in vectors[1:] @ vectors[0]]
