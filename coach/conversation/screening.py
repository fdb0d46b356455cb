"""A second listener for distress the rules have no phrase for: a small word model.

The rules (playbooks/rules/safety.yaml) catch what they were written for. Reps also say it in
ways nobody wrote down ("the only daydream I have left"), so a naive Bayes model over words and
word pairs, trained by the project on its own labelled corpus (benchmarks/train_safety_model.py),
scores each answer the rules let through. It never shows help on its own: above its threshold it
only triggers the gentle "did you mean that?" check, which the rep answers.

The weights are plain JSON (playbooks/rules/safety_model.json, never pickle), read once and
checked (sizes, finite numbers) before use; scoring is pure Python and linear in the answer.
A missing or damaged file turns the model off, never the rules.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from coach.language.tokens import normalise

MAX_FEATURES = 50_000
MAX_MODEL_BYTES = 4 * 1024 * 1024
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n")


@dataclass(frozen=True)
class Model:
    """The weights of each word and word pair, the prior, and the score that triggers a check."""

    weights: Mapping[str, float]
    bias: float
    threshold: float


def features(text: str, spellings: Mapping[str, tuple[str, ...]] | None = None) -> set[str]:
    """The words of an answer and each pair of neighbouring words (within a clause)."""
    words = [word for word, _, _ in normalise(text, spellings)]
    found = {word for word in words if word}
    found |= {f"{first}_{second}" for first, second in pairwise(words) if first and second}
    return found


def score(model: Model, text: str, spellings: Mapping[str, tuple[str, ...]] | None = None) -> float:
    return model.bias + sum(model.weights.get(feature, 0.0) for feature in features(text, spellings))


def model_file() -> Path:
    from coach.playbook.library import builtin_folder

    return builtin_folder() / "rules" / "safety_model.json"


def read_model(data: bytes) -> Model | None:
    """The model in `data`, or None when it is not a well-formed model file."""
    if len(data) > MAX_MODEL_BYTES:
        return None
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(parsed, dict) or parsed.get("version") != 1:
        return None
    weights, bias, threshold = parsed.get("weights"), parsed.get("bias"), parsed.get("threshold")
    numbers = (bias, threshold, *(weights.values() if isinstance(weights, dict) else ()))
    if (not isinstance(weights, dict) or len(weights) > MAX_FEATURES
            or not all(isinstance(key, str) and len(key) <= 80 for key in weights)
            or not all(isinstance(value, (int, float)) and not isinstance(value, bool)
                       and math.isfinite(value) and abs(value) <= 100 for value in numbers)):
        return None
    assert isinstance(bias, (int, float)) and isinstance(threshold, (int, float))
    return Model({key: float(value) for key, value in weights.items()}, float(bias),
                 float(threshold))


@cache
def builtin_model() -> Model | None:
    """The shipped model, read once; None (the model is off) if it is missing or damaged."""
    try:
        return read_model(model_file().read_bytes())
    except OSError:
        return None


def worrying_part(text: str, spellings: Mapping[str, tuple[str, ...]] | None = None) -> str | None:
    """The sentence of `text` the model finds worrying enough to ask about, or None."""
    model = builtin_model()
    if model is None or score(model, text, spellings) < model.threshold:
        return None
    sentences = [part for part in _SENTENCES.split(text) if part.strip()] or [text]
    return max(sentences, key=lambda part: score(model, part, spellings)).strip()


def labelled_lines(text: str) -> list[tuple[str, str]]:
    """(kind, line) pairs of a corpus file in the format the model is trained on: `[kind]`
    headers, one line each, `#` comments and blank lines skipped (tests/safety_corpus/)."""
    kind, found = "", []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1]
        else:
            found.append((kind, line))
    return found
