"""The post writer's numbers for each persona, in one place.

Everything the writer decides per persona that is a number lives in :data:`WRITER_PERSONAS`:
how many followers (reach), how angry, how they type (texture) and how often they add a
hashtag. A persona table elsewhere may feed these later: this is the one place to point at it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class WriterPersona:
    reach: tuple[float, float, int, int]   # followers: (median, log-sigma, floor, ceiling)
    anger: float                           # base anger 0..100
    hashtag: float                         # chance a first post or chase ends with a hashtag
    caps: float                            # chance of one word in capitals (only shouty people)
    emoji: float                           # chance of a closing emoji
    typo: float                            # chance of one slip of the finger
    no_question_mark: float                # chance this person never types "?"
    bang: float                            # chance a post ends "!" or "!!"
    voices: Mapping[str, float]            # how they type: plain | lower | textspeak | proper
    chase_group: str                       # which chaser lines fit them
    escalates: float                       # chance a second chase escalates rather than gives up
    detail: float = 0.0                    # chance of one more specific detail (endings.yaml: no, details)
    ending: float = 0.0                    # chance of a closing sentence of their own (endings.yaml)
    ending_group: str = "quiet"            # which endings fit them


_TYPING = {"plain": 0.45, "lower": 0.3, "textspeak": 0.1, "proper": 0.15}
_CAREFUL = {"plain": 0.5, "lower": 0.1, "textspeak": 0.0, "proper": 0.4}
_EDITED = {"proper": 1.0}

WRITER_PERSONAS: Mapping[str, WriterPersona] = {
    "angry": WriterPersona((260, 1.3, 3, 150_000), 72, 0.12, 0.25, 0.03, 0.035, 0.35, 0.25, _TYPING, "upset", 0.6,
        detail=0.45, ending=0.45, ending_group="upset"),
    "question": WriterPersona((180, 1.2, 3, 60_000), 42, 0.03, 0.03, 0.0, 0.028, 0.05, 0.02, _TYPING, "asking", 0.4,
        detail=0.4, ending=0.4, ending_group="asking"),
    "vulnerable": WriterPersona((70, 1.0, 1, 5_000), 55, 0.0, 0.05, 0.0, 0.021, 0.2, 0.0, _CAREFUL, "scared", 0.7,
        detail=0.3, ending=0.4, ending_group="scared"),
    "troll": WriterPersona((900, 1.5, 5, 300_000), 58, 0.3, 0.2, 0.08, 0.035, 0.4, 0.1, _TYPING, "upset", 0.8,
        detail=0.1, ending=0.3, ending_group="upset"),
    "joker": WriterPersona((700, 1.7, 5, 900_000), 22, 0.0, 0.05, 0.1, 0.017, 0.3, 0.05, _TYPING, "joker", 0.5,
        detail=0, ending=0, ending_group="quiet"),
    "journalist": WriterPersona((45_000, 0.9, 20_000, 2_000_000), 30, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, _EDITED, "journalist", 0.6,
        detail=0, ending=0, ending_group="quiet"),
    "influencer": WriterPersona((300_000, 0.9, 50_000, 2_000_000), 62, 0.3, 0.2, 0.15, 0.01, 0.2, 0.2, _TYPING, "upset", 0.8,
        detail=0.3, ending=0.4, ending_group="upset"),
    "loyal": WriterPersona((400, 1.2, 5, 50_000), 15, 0.0, 0.0, 0.05, 0.028, 0.2, 0.15, _TYPING, "loyal", 0.3,
        detail=0.2, ending=0.4, ending_group="loyal"),
    "competitor": WriterPersona((80_000, 0.6, 20_000, 800_000), 10, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, _EDITED, "competitor", 0.5,
        detail=0, ending=0, ending_group="quiet"),
    "business": WriterPersona((1_500, 1.1, 50, 100_000), 70, 0.08, 0.15, 0.0, 0.021, 0.25, 0.1, _CAREFUL, "upset", 0.7,
        detail=0.45, ending=0.45, ending_group="upset"),
}
DEFAULT = WRITER_PERSONAS["angry"]


def persona_numbers(persona: str) -> WriterPersona:
    return WRITER_PERSONAS.get(persona, DEFAULT)
