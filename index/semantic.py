"""Semantic similarity of a question and a passage, from a small static embedding model.

Optional: WordLlama's wheel ships its 16 MB model (MIT) and needs only numpy
and a tokenizer, so nothing is downloaded at run time. Without it installed,
`similarity` returns None and ranking works on words alone.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any


@cache
def _model() -> Any | None:
    try:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    except ImportError:
        return None
    # The wheel's files, opened directly: WordLlama.load() looks for the tokenizer in
    # a folder the wheel does not have and then tries to download it.
    root = Path(wordllama.__file__).parent
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), "np", "cpu") as f:
        embedding = f.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, tokenizer)


def available() -> bool:
    """Whether the embedding model is installed."""
    return _model() is not None


def similarity(question: str, texts: list[str]) -> list[float] | None:
    """Cosine similarity of `question` to each text (None when no model is installed)."""
    model = _model()
    if model is None or not texts:
        return None
    # Lowercased: the model's tokens are case-sensitive, and readers type in any case.
    vectors = model.embed(
        [question.lower().rstrip("?!. "), *(t.lower() for t in texts)], norm=True
    )
    return [float(v) for v in vectors[1:] @ vectors[0]]
