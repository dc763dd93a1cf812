"""The personas: one table (``sim/personas.yaml``) read by the crowd, the engine, the UI and
the post writer, as one typed object per persona.

The table is data shipped with the package and read once, at import, with the safe loader.
This module is its only reader; nothing else keeps a number per persona.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import yaml

# libyaml's safe loader when PyYAML has it (it does on every wheel we lock): the same data, read
# about 12x faster. Every process that writes posts reads the persona table and the writer's line
# files (sim.writer.lines) at start-up, both with this loader.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    # how the post writer writes them
    hashtag: float              # chance a first post or chase ends with a hashtag
    caps: float                 # chance of one word in capitals (only shouty people)
    emoji: float                # chance of a closing emoji
    typo: float                 # chance of one slip of the finger
    no_question_mark: float     # chance this person never types "?"
    bang: float                 # chance a post ends "!" or "!!"
    voices: Mapping[str, float]  # how they type: plain | lower | textspeak | proper
    chase_group: str            # which chaser lines fit them
    escalates: float            # chance a second chase escalates rather than gives up
    detail: float               # chance of one more specific detail
    ending: float               # chance of a closing sentence of their own
    ending_group: str           # which endings fit them
    at_risk: bool = False       # a person at risk (ill, elderly, alone): triaged, scored and shown first


def _load() -> dict[str, Persona]:
    text = resources.files("sim").joinpath("personas.yaml").read_text(encoding="utf-8")
    doc = yaml.load(text, Loader=YAML_LOADER)
    typing = doc["typing"]
    out = {}
    for name, row in doc["personas"].items():
        row = dict(row)
        row["voices"] = dict(typing[row["voices"]])
        row["reach"] = tuple(row["reach"])
        out[name] = Persona(name=name, **row)
    return out


PERSONAS: dict[str, Persona] = _load()


def at_risk(name: str) -> bool:
    """Whether this persona is a person at risk (the table's ``at_risk``)."""
    return persona(name).at_risk


def persona(name: str) -> Persona:
    """The row for ``name``; an unknown persona writes and waits like an angry customer."""
    return PERSONAS.get(name, PERSONAS["angry"])
