"""A second listener for distress the rules have no phrase for: small word models.

The rules (playbooks/rules/safety.yaml) catch what they were written for. Reps also say it in
ways nobody wrote down ("the only daydream I have left", "my jeans are falling off me"), so naive
Bayes models over words and word pairs, trained by the project on its own labelled corpus
(benchmarks/train_safety_model.py), score each answer the rules let through:

- the crisis model never shows help on its own: above its threshold it only triggers the gentle
  "did you mean that?" check, which the rep answers;
- the support model (its score divided by the answer's length, so a long paste is not loud by
  length alone) notices distress that is not a crisis, and one scorer per kind of help
  (drinking to cope, panic, harassment, abuse, no sleep or food, burnout) picks the help.

The weights are plain JSON (playbooks/rules/safety_model.json, never pickle), read once and
checked (sizes, finite numbers) before use; scoring is pure Python and linear in the answer.
A missing or damaged file turns the models off, never the rules.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path

from coach.language.tokens import normalise

MAX_FEATURES = 50_000
MIN_SUPPORT_FEATURES = 12
"""The support model leaves short answers alone ("I feel stupid"): a few words decide a score
per feature too easily, and the rules already know the short ways of naming distress."""
LEANING = 0.5
"""Support the crisis model scores at half its threshold or more is asked about first."""
MAX_MODEL_BYTES = 4 * 1024 * 1024
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n")
Spellings = Mapping[str, tuple[str, ...]] | None


@dataclass(frozen=True)
class Model:
    """The weights of each word and word pair, the prior, and the score that triggers it."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.0


@dataclass(frozen=True)
class Models:
    """The crisis model, the support model and the scorer of each kind of support help."""

    crisis: Model
    support: Model | None = None
    kinds: Mapping[str, Model] = field(default_factory=dict)


def features(text: str, spellings: Spellings = None) -> set[str]:
    """The words of an answer and each pair of neighbouring words (within a clause)."""
    words = [word for word, _, _ in normalise(text, spellings)]
    found = {word for word in words if word}
    found |= {f"{first}_{second}" for first, second in pairwise(words) if first and second}
    return found


def score(model: Model, text: str, spellings: Spellings = None) -> float:
    return model.bias + sum(model.weights.get(feature, 0.0) for feature in features(text, spellings))


def per_feature(model: Model, text: str, spellings: Spellings = None) -> float:
    """The score divided by how many features the answer has: length does not shout."""
    found = features(text, spellings)
    return (model.bias + sum(model.weights.get(feature, 0.0) for feature in found)) / max(
        len(found), 1)


def model_file() -> Path:
    from coach.playbook.library import builtin_folder

    return builtin_folder() / "rules" / "safety_model.json"


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value) if abs(value) <= 100 else None
    return None


def _model(parsed: object, needs_threshold: bool = True) -> Model | None:
    """One model, checked: weights by feature, a bias and (usually) a threshold; else None."""
    if not isinstance(parsed, dict):
        return None
    weights = parsed.get("weights")
    bias = _number(parsed.get("bias"))
    threshold = _number(parsed.get("threshold")) if needs_threshold else 0.0
    if (not isinstance(weights, dict) or len(weights) > MAX_FEATURES or bias is None
            or threshold is None or not all(isinstance(key, str) and len(key) <= 80
                                            for key in weights)):
        return None
    checked = {key: _number(value) for key, value in weights.items()}
    if any(value is None for value in checked.values()):
        return None
    return Model({key: float(value or 0.0) for key, value in checked.items()}, bias, threshold)


def read_models(data: bytes) -> Models | None:
    """The models in `data`, or None when it is not a well-formed model file."""
    if len(data) > MAX_MODEL_BYTES:
        return None
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(parsed, dict) or parsed.get("version") != 1:
        return None
    crisis = _model(parsed)
    if crisis is None:
        return None
    support_data = parsed.get("support")
    if support_data is None:
        return Models(crisis)
    support = _model(support_data)
    kinds_data = support_data.get("kinds") if isinstance(support_data, dict) else None
    if support is None or not isinstance(kinds_data, dict) or len(kinds_data) > 20:
        return None
    kinds = {kind: _model(model, needs_threshold=False) for kind, model in kinds_data.items()}
    if not all(isinstance(kind, str) and model is not None for kind, model in kinds.items()):
        return None
    return Models(crisis, support, {kind: model for kind, model in kinds.items() if model})


@cache
def builtin_models() -> Models | None:
    """The shipped models, read once; None (the models are off) if missing or damaged."""
    try:
        return read_models(model_file().read_bytes())
    except OSError:
        return None


def worrying_part(text: str, spellings: Spellings = None) -> str | None:
    """The sentence of `text` the crisis model finds worrying enough to ask about, or None."""
    models = builtin_models()
    if models is None or score(models.crisis, text, spellings) < models.crisis.threshold:
        return None
    model = models.crisis
    sentences = [part for part in _SENTENCES.split(text) if part.strip()] or [text]
    return max(sentences, key=lambda part: score(model, part, spellings)).strip()


def leans_to_crisis(text: str, spellings: Spellings = None) -> bool:
    """Whether the crisis model scores `text` at least LEANING of its way to asking: support
    heard with that much crisis in it gets the gentle check first, its help after a no."""
    models = builtin_models()
    if models is None:
        return False
    return score(models.crisis, text, spellings) >= LEANING * models.crisis.threshold


def support_kind(text: str, spellings: Spellings = None) -> str | None:
    """Which help fits, when the support model hears distress that is not a crisis, or None."""
    models = builtin_models()
    if models is None or models.support is None or not models.kinds:
        return None
    if (len(features(text, spellings)) < MIN_SUPPORT_FEATURES
            or per_feature(models.support, text, spellings) < models.support.threshold):
        return None
    return max(models.kinds, key=lambda kind: score(models.kinds[kind], text, spellings))


def labelled_lines(text: str) -> list[tuple[str, str]]:
    """(kind, line) pairs of a corpus file in the format the models are trained on: `[kind]`
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
