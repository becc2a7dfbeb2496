"""Semantic similarity of a question and a passage, from a small static embedding model.

Optional: WordLlama's wheel ships its 16 MB model (MIT): a token embedding table and its
tokenizer. The model is a table lookup and a mean, so it is read here with numpy and
tokenizers directly, without importing the wordllama package (a quarter of a second of
imports, and its loader looks for the tokenizer where the wheel has none, then tries to
download it). Nothing is downloaded at run time. Without the wheel installed,
`similarity` returns None and ranking works on words alone.
"""

from __future__ import annotations

import json
import struct
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

    embedding: Any  # numpy array, vocabulary x dimensions: float16 or float32, maybe mapped
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
                vectors[row] = self.embedding[ids].astype(np.float32).mean(axis=0)
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
    embedding = _mapped(root / WEIGHTS, "embedding.weight")
    if embedding is None:
        with safe_open(str(root / WEIGHTS), "np", "cpu") as f:
            embedding = np.ascontiguousarray(f.get_tensor("embedding.weight"), dtype=np.float32)
    return StaticModel(embedding, tokenizer)


# safetensors dtypes numpy can map as they are stored (little-endian).
_MAPPABLE = {"F16": "<f2", "F32": "<f4"}


def _mapped(path: Path, name: str) -> Any:
    """The tensor `name` of the safetensors file `path` mapped read-only, or None when it
    cannot be (another dtype, a header not understood).

    WordLlama's table is 16 MB of float16, which widened to float32 on load took 31 MB of
    the process's own memory. Mapped, a page is resident only once a token on it is read
    (14 MB after 100 questions at 100,000 articles), shared between processes, and the
    kernel may drop it. Rows are widened as they are read: the same vectors.
    """
    import numpy as np

    try:
        with path.open("rb") as handle:
            (size,) = struct.unpack("<Q", handle.read(8))
            header = json.loads(handle.read(size))
        entry = header[name]
        dtype = np.dtype(_MAPPABLE[entry["dtype"]])
        shape = tuple(int(n) for n in entry["shape"])
        begin, end = (int(n) for n in entry["data_offsets"])
    except (OSError, ValueError, KeyError, TypeError, struct.error):
        return None
    if len(shape) != 2 or end - begin != shape[0] * shape[1] * dtype.itemsize:
        return None
    return np.memmap(path, dtype=dtype, mode="r", offset=8 + size + begin, shape=shape)


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
