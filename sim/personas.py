"""The personas: one table (``sim/personas.yaml``) read by the crowd, the engine, the UI and
the post writer, as one typed object per persona.

The table is data shipped with the package and read once, at import, with the safe loader.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class Persona:
    name: str
    about: str
    patience: float             # drill seconds before the author chases (before difficulty)
    weight: float               # how far the crowd's reactions to a reply to them carry
    priority: float             # base of the triage order
    style: str                  # the UI's colour for the tag
    tag: str                    # the word the UI shows
    reach: tuple[float, float, int, int]    # followers: median, log-sigma, floor, ceiling
    anger: float                # base anger 0..100
    texture: tuple[float, float, float, float, float, float]
    no_question_mark: float
    hashtag: float


def _load() -> dict[str, Persona]:
    text = resources.files("sim").joinpath("personas.yaml").read_text(encoding="utf-8")
    return {name: Persona(name=name, **{k: tuple(v) if isinstance(v, list) else v
                                         for k, v in row.items()})
            for name, row in yaml.safe_load(text).items()}


PERSONAS: dict[str, Persona] = _load()
