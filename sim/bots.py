"""Built-in bot players, for demos, tests, calibration and benchmarks.

- ``silent``: never replies.
- ``canned``: one corporate boilerplate line, pasted to everyone, oldest post first.
- ``rude``: defensive, sarcastic, blames the customer, oldest post first.
- ``model``: what a good responder does: triages (vulnerable and high-reach first), replies
  fast and personally, apologises, says only what the facts say, gives a next step, and jokes
  only where the register invites it (a joker or a troll, under a brand voice that allows it).

A bot has a typing pace: it cannot reply again until ``pace`` drill seconds after its last
reply, like a person at a keyboard.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from sim.model import Fact, Post, Scenario
from sim.fmt import REPLY_LIMIT

PLAYERS = ("silent", "canned", "rude", "model")


@dataclass
class Bot:
    name: str
    pace: float                         # drill seconds between replies
    scenario: Scenario
    rng: random.Random

    def choose(self, queue: list[Post]) -> Post | None:
        """The post to answer next; ``queue`` is sorted by priority (highest first)."""
        if not queue:
            return None
        return min(queue, key=lambda p: p.at)       # oldest first

    def write(self, post: Post, facts: tuple[Fact, ...]) -> str:
        raise NotImplementedError


class Silent(Bot):
    def choose(self, queue: list[Post]) -> Post | None:
        return None


class Canned(Bot):
    LINE = ("We apologise for any inconvenience caused. Our engineers are working hard to "
            "resolve the issue. Thank you for your patience.")

    def write(self, post: Post, facts: tuple[Fact, ...]) -> str:
        return self.LINE


class Rude(Bot):
    LINES = (
        "Calm down, it's not our fault. Maybe try turning your phone off and on again?",
        "Actually our network has 99.9% uptime. One bad morning isn't the end of the world.",
        "Shouting at us won't fix it any faster. Be patient like everyone else.",
        "Nothing is wrong on our side, it's probably your settings. Read the FAQ.",
        "Wow, another expert. If you don't like it, feel free to leave.",
        "It's our supplier's problem, not ours. Complain to them.",
    )

    def write(self, post: Post, facts: tuple[Fact, ...]) -> str:
        return f"{post.handle} {self.rng.choice(self.LINES)}"


def _first_name(author: str) -> str:
    word = (author.split() or [""])[0]
    word = re.sub(r"[^\w'-]", "", word)
    if not word or word.lower() in ("mr", "mrs", "ms", "dr", "miss", "the"):
        return ""
    return word[:1].upper() + word[1:]


def _fact_sentence(text: str) -> str:
    s = text.strip().rstrip(".")
    return s[:1].upper() + s[1:] + "."


# What a post asks, and the kind of answer it needs (issue 12's "the question answered"): the model
# responder gives that answer first, from the facts known, or says honestly there isn't one yet.
_ASKS = (
    ("secrets", re.compile(r"\b(pin|password|passcode|one[- ]time code|security (code|number)|card (details|number)|"
                           r"scam|phishing|is (this|that|it) (really )?(you|genuine|legit)|was that you)\b", re.I)),
    ("compensation", re.compile(r"\b(compensat\w*|refund\w*|credit|money back|reimburs\w*|who pays)\b", re.I)),
    ("safety", re.compile(r"\b(safe|unsafe|dangerous|emergency|999|111|ambulance|alarm)\b", re.I)),
    ("when", re.compile(r"\b(when|how long|eta|back up|back on|any idea)\b", re.I)),
    ("what_to_do", re.compile(r"\b(what (should|do|can) (i|we) do|what now|how do i|any way to|can i still)\b", re.I)),
    ("why", re.compile(r"\b(why|what happened|what's going on|cause|hacked|cyber)\b", re.I)),
)
_SAFETY_FACT = re.compile(r"\b(999|112|111|emergency|safe|safety)\b", re.I)
_MONEY_FACT = re.compile(r"\b(compensat\w*|credit|refund\w*|reimburs\w*)\b", re.I)


def asks(text: str) -> list[str]:
    """What a post asks for, most serious first: secrets (a scam worry), compensation, safety,
    when, what to do, why."""
    return [kind for kind, rx in _ASKS if rx.search(text)]


def answer_asks(text: str, facts: tuple[Fact, ...], brand: str) -> list[str]:
    """Sentences that answer what the post asks, from the facts known (or an honest "not yet")."""
    by_kind: dict[str, Fact] = {}
    for f in facts:
        by_kind[f.kind] = f
    out: list[str] = []
    for kind in asks(text):
        if kind == "secrets":
            out.append(f"{brand} will never ask for your PIN, password or a code, by phone, text or DM: don't share "
                       f"them, hang up, and call us back on the number on our website.")
        elif kind == "compensation":
            money = [f for f in facts if _MONEY_FACT.search(f.text)]
            out.append(_fact_sentence(money[-1].text) if money else
                       "There's no decision on compensation yet; we'll say here as soon as there is.")
        elif kind == "safety":
            safe = [f for f in facts if _SAFETY_FACT.search(f.text)]
            if safe:
                out.append(_fact_sentence(safe[-1].text))
        elif kind == "when":
            f = by_kind.get("restored") or by_kind.get("eta")
            if f:
                out.append(_fact_sentence(f.text))
            else:
                nxt = by_kind.get("update")
                out.append("There's no fix time yet" + (f"; {nxt.text[:1].lower()}{nxt.text[1:].rstrip('.')}." if nxt
                                                        else ", and we'll update you as soon as there is."))
        elif kind == "what_to_do":
            f = by_kind.get("workaround")
            if f:
                out.append(_fact_sentence(f.text))
        elif kind == "why":
            f = by_kind.get("cause")
            out.append(_fact_sentence(f.text) if f else "We don't know the cause yet; the engineers are on it.")
    return out[:2]


class Model(Bot):
    SORRY = (
        "I'm so sorry, {name}",
        "{name}, I'm really sorry",
        "Sorry {name}, that's a rotten time for this",
        "Really sorry about this, {name}",
        "{name}, I'm sorry, that's not good enough from us",
    )
    STAKE = (
        "{stake} is the last thing that should go wrong because of us.",
        "missing {stake} because of our fault is awful.",
        "I know {stake} matters and it's on us.",
    )
    VULNERABLE = (
        "{name}, I'm so sorry, that sounds really frightening and I want to help right now.",
        "I'm so sorry {name}, that must be really worrying. Let's get you sorted.",
    )
    JOKE = (
        "Ha, {name}, that one's going straight on the team playlist.",
        "{name}, our engineers are humming that one while they work.",
        "Ha! Fair play {name}, you've earned that one.",
    )
    DM = (
        "DM me if there's anything I can check for you.",
        "If you DM me I'll keep you posted personally.",
        "Drop me a DM and I'll look into your account.",
        "Send me a DM if you need more help.",
    )
    SIGN = ("^Sam", "^Priya", "^Alex", "^Jo")

    def choose(self, queue: list[Post]) -> Post | None:
        return queue[0] if queue else None          # triage: highest priority first

    def write(self, post: Post, facts: tuple[Fact, ...]) -> str:
        rng = self.rng
        name = _first_name(post.author) or "there"
        by_kind: dict[str, Fact] = {}
        for f in facts:
            by_kind[f.kind] = f                      # latest of each kind
        status = by_kind.get("restored") or by_kind.get("eta") or by_kind.get("cause") or by_kind.get("status")
        parts: list[str] = []
        p = post.persona
        playful = self.scenario.brand.voice == "playful"
        if p == "vulnerable":
            parts.append(rng.choice(self.VULNERABLE).format(name=name))
        elif p in ("joker", "troll") and playful:
            parts.append(rng.choice(self.JOKE).format(name=name))
        elif p == "journalist":
            parts.append(f"Thanks for getting in touch, {name}.")
        elif p in ("competitor",):
            parts.append(f"Thanks {name}, we'll take it from here.")
        else:
            opener = rng.choice(self.SORRY).format(name=name)
            stake = self._stake_in(post.text)
            if stake:
                parts.append(f"{opener}: {rng.choice(self.STAKE).format(stake=stake)}")
            else:
                parts.append(opener + ".")
        if p == "journalist" and "press" in by_kind:
            parts.append(_fact_sentence(by_kind["press"].text))
        answers = answer_asks(post.text, facts, self.scenario.brand.name)
        parts += answers
        if status and not any(status.text.rstrip(".") in a for a in answers):
            parts.append(_fact_sentence(status.text))
        for kind in ("workaround", "update"):
            f = by_kind.get(kind)
            if f and not any(f.text.rstrip(".") in a for a in answers):
                parts.append(_fact_sentence(f.text))
        if p not in ("journalist", "competitor"):
            parts.append(rng.choice(self.DM))
        sign = rng.choice(self.SIGN)
        text = post.handle
        for part in parts:
            if len(text) + 1 + len(part) + 1 + len(sign) <= REPLY_LIMIT:
                text += " " + part
        return f"{text} {sign}"

    def _stake_in(self, text: str) -> str:
        low = text.lower()
        for s in self.scenario.templates.get("stakes", ()):
            if s.lower() in low:
                return s
        return ""


def make_bot(name: str, scenario: Scenario, seed: int) -> Bot:
    rng = random.Random(f"stormdesk:{seed}:bot:{name}")
    if name == "silent":
        return Silent(name, 1e9, scenario, rng)
    if name == "canned":
        return Canned(name, 10.0, scenario, rng)
    if name == "rude":
        return Rude(name, 15.0, scenario, rng)
    if name == "model":
        return Model(name, 20.0, scenario, rng)
    raise ValueError(f"unknown player {name!r}: choose one of {', '.join(PLAYERS)}")
