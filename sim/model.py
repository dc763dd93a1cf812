"""The shapes every layer shares: a loaded scenario, and the posts a drill produces.

Plain frozen dataclasses, no behaviour beyond small helpers, so the loader, the engine, the TUI
and the reports can all depend on them cheaply. The personas are a data table (sim/personas.py).

The scenario's classes are also the scenario *file format*, described once: pydantic validates a
file straight into them and writes the JSON Schema from them (sim/scenario_format.py). A field's
annotation names how the file writes it (``fmt.Duration``: "40s", "3m"...; ``fmt.Whole(0, 10)``),
its ``metadata`` what pydantic's ``Field`` would say (``alias``, ``description``, ``min_length``)
and ``if_empty``, what to tell a trainer who leaves a list empty. The annotations stay text until
pydantic reads them, so importing this module imports no pydantic: the engine never does.

Times inside a scenario are *drill seconds*: seconds of play since the drill started. The
in-world clock (``Scenario.clock``) maps them to a time of day for display and for posts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated  # noqa: F401 - Annotated is read by pydantic

from sim import personas as _personas

if TYPE_CHECKING:
    from sim import scenario_format as fmt
else:
    class _Format:
        """sim.scenario_format, imported when pydantic first reads an annotation below."""

        def __getattr__(self, name: str):
            from sim import scenario_format
            return getattr(scenario_format, name)
    fmt = _Format()

PERSONAS: tuple[str, ...] = tuple(_personas.PERSONAS)     # the table in sim/personas.yaml

VOICES: tuple[str, ...] = ("playful", "warm", "formal")
DIFFICULTIES: tuple[str, ...] = ("calm", "standard", "storm")
MODES: tuple[str, ...] = ("realtime", "turns")

FACT_KINDS: tuple[str, ...] = ("status", "cause", "eta", "workaround", "press", "restored", "update")
EVENT_KINDS: tuple[str, ...] = (
    "press",        # a newspaper or TV picks the story up
    "regulator",    # the regulator makes a statement
    "influencer",   # a high-reach account joins in
    "restored",     # service is back
    "status",       # an official status update goes out
    "twist",        # anything else that changes the story
)
CONDITION_METRICS: tuple[str, ...] = (
    "mood",              # -100..100
    "volume",            # posts per minute over the last 60 drill seconds
    "unanswered",        # posts waiting for a reply
    "missed_vulnerable", # vulnerable posts left unanswered past their patience
    "followers_change",  # brand followers gained (+) or lost (-) since the start
)

# Scenario ``templates`` keys that are fragments (not personas), and the placeholder each fills.
TEMPLATE_FRAGMENTS: Mapping[str, str] = {
    "stakes": "stake",      # what this outage costs the poster: "a job interview call"
    "broken": "broken",     # what is broken, in a customer's words: "no signal"
    "places": "place",      # where they are: "at the airport"
    "jabs": "jab",          # a dig at the brand
    "songs": "song",        # joker material: "Call Me Maybe (Not)"
    "hashtags": "hashtag",  # extra hashtags to draw from
}
# Placeholders a template may use: the fragment ones above, and these the post writer fills.
TEMPLATE_PLACEHOLDERS: tuple[str, ...] = tuple(TEMPLATE_FRAGMENTS.values()) + (
    "brand",        # brand name
    "handle",       # brand handle, with "@"
    "town",         # a town name
    "time",         # the in-world time now, "14:05"
    "since",        # the in-world time the outage began
    "hours",        # whole in-world hours since the start
    "fact",         # the latest known fact, lower-cased
    "first_name",   # the poster's first name
)

# Difficulty scales (how many posts a wave brings) and hostility (anger, patience).
DIFFICULTY_SCALE: Mapping[str, Mapping[str, float]] = {
    "calm": {"volume": 0.6, "anger": 0.75, "patience": 1.5},
    "standard": {"volume": 1.0, "anger": 1.0, "patience": 1.0},
    "storm": {"volume": 1.7, "anger": 1.25, "patience": 0.7},
}


@dataclass(frozen=True)
class Brand:
    """The brand whose social desk the player runs."""
    name: fmt.Text
    handle: fmt.Handle = field(metadata={"description": 'with the leading "@"'})
    voice: fmt.Choice(VOICES, "voice") = field(default="warm", metadata={
        "description": "how far humour fits"})
    followers: fmt.Whole(0, 10**10) = 250_000
    press_office: fmt.OptionalText = ""     # "press@velamobile.example", "our press office on 020 ..."


@dataclass(frozen=True)
class WorldClock:
    """The in-world clock: start time of day, and in-world seconds per second of play."""
    # minutes after midnight at drill second 0; the file says "06:30"
    start_minutes: fmt.ClockStart = field(default=9 * 60, metadata={"alias": "start"})
    speed: fmt.Number(0.01, 3600) = 60.0    # in-world seconds per drill second

    def world_minutes(self, t: float) -> float:
        return self.start_minutes + t * self.speed / 60.0

    def label(self, t: float) -> str:
        m = int(self.world_minutes(t)) % (24 * 60)
        return f"{m // 60:02d}:{m % 60:02d}"


@dataclass(frozen=True)
class SpeedThresholds:
    """How fast a reply should be, in seconds of play."""
    good: fmt.Duration = 45.0       # replying within this many drill seconds earns full speed marks
    late: fmt.Duration = 180.0      # at or beyond this the speed score bottoms out


@dataclass(frozen=True)
class Fact:
    """Something the brand knows from drill time ``at``: what the player may say."""
    id: fmt.NotInFile               # "f1", "f2"... in the file's order
    at: fmt.Time
    text: fmt.Text
    kind: fmt.Choice(FACT_KINDS, "fact kind") = "status"


@dataclass(frozen=True)
class Wave:
    """A burst of posts: ``posts`` of them over ``over``, personas drawn from ``mix``."""
    at: fmt.Time
    posts: fmt.Whole(1, fmt.MAX_POSTS)
    mix: fmt.Mix = field(metadata={"min_length": 1, "if_empty": "say which personas post"})  # weights
    over: fmt.Duration = 60.0
    name: fmt.OptionalText = ""
    hashtags: fmt.Hashtags = ()


@dataclass(frozen=True)
class ScriptedEvent:
    """Something that happens at ``at`` whatever the player does."""
    at: fmt.Time
    kind: fmt.Choice(EVENT_KINDS, "event kind")
    text: fmt.Text
    posts: fmt.Whole(0, fmt.MAX_POSTS) = 0      # extra posts it brings
    mix: fmt.Mix = field(default_factory=dict)
    mood: fmt.Number(-100, 100) = field(default=0.0, metadata={
        "description": "an immediate nudge to the crowd's mood"})
    hashtags: fmt.Hashtags = ()


@dataclass(frozen=True)
class Condition:
    """``metric`` above/below ``value`` continuously for ``for_seconds`` (0 = at once). The
    file says ``above: 10`` or ``below: 10`` (fmt.When)."""
    metric: fmt.Choice(CONDITION_METRICS, "metric")
    value: fmt.Number()
    above: bool                     # True: metric > value; False: metric < value
    for_seconds: fmt.Duration = field(default=0.0, metadata={"alias": "for"})


@dataclass(frozen=True)
class ConditionalEvent:
    """Something the crowd makes happen: ``then`` fires when ``when`` holds."""
    when: fmt.When
    then: fmt.Then                  # the file gives no ``at``: it fires when the condition holds
    once: fmt.Bool = True
    name: fmt.OptionalText = ""


@dataclass(frozen=True)
class CrowdTuning:
    """Per-scenario overrides of the crowd model's rates (see sim/crowd.py for meanings). The
    file gives the rates side by side with ``start_mood`` (fmt.Crowd)."""
    start_mood: fmt.Number(-100, 100) = field(default=-15.0, metadata={
        "description": "-100 (furious) .. 100 (delighted)"})
    values: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A Stormdesk scenario: a brand, a clock, what is known and when, and the waves of posts."""
    # pydantic's config for the file; every part inside, a dataclass with no config of its own,
    # inherits it (pydantic issue 10917), so an unknown key is refused at any depth
    __pydantic_config__ = {"extra": "forbid", "title": "Stormdesk scenario"}
    id: fmt.Slug
    title: fmt.Text
    industry: fmt.OptionalText = ""
    summary: fmt.OptionalText = field(default="", metadata={"description": "one line for the picker"})
    briefing: fmt.OptionalText = field(default="", metadata={
        "description": "a paragraph for the briefing screen"})
    brand: Brand
    length: fmt.Length              # drill seconds
    clock: WorldClock = field(default_factory=WorldClock)
    speed: fmt.Speed = field(default_factory=SpeedThresholds)
    facts: fmt.Facts = field(metadata={"min_length": 1,
                                       "if_empty": "give at least one thing the brand knows"})
    waves: fmt.Waves = field(metadata={"min_length": 1, "if_empty": "give at least one wave of posts"})
    events: fmt.Events = ()         # sorted by time
    conditions: fmt.Conditions = ()
    crowd: fmt.Crowd = field(default_factory=CrowdTuning)
    # Scenario-specific post fragments: key -> list of strings. Keys are persona names (whole
    # post templates for that persona) or fragment names (``stakes``, ``places``, ``jabs``,
    # ``hashtags``, ``songs``...). Placeholders in braces are filled by the post writer: see
    # sim/posts.py for the list.
    templates: fmt.Templates = field(default_factory=dict)
    source: fmt.NotInFile = ""      # file it came from ("" for built in code)

    def facts_known(self, t: float) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.at <= t)

    @property
    def personas(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for w in self.waves:
            for p in w.mix:
                seen[p] = None
        for e in self.events:
            for p in e.mix:
                seen[p] = None
        return tuple(seen)


@dataclass(frozen=True)
class PostDraft:
    """What the post writer produces; the engine gives it an id, a time and a priority."""
    author: str                     # display name
    handle: str                     # with the leading "@"
    persona: str
    text: str
    reach: int                      # follower count
    anger: float                    # 0..100
    hashtags: tuple[str, ...] = ()
    kind: str = "post"              # post | follow_up | bystander | pile_on | callout | press | ...


@dataclass(frozen=True)
class Post:
    id: str                         # "p1", "p2", ... in order of arrival
    at: float                       # drill seconds
    author: str
    handle: str
    persona: str
    text: str
    reach: int
    anger: float
    priority: float                 # 0..1: vulnerable and high-reach first
    kind: str = "post"
    reply_to: str | None = None     # the post this one follows up or reacts to
    hashtags: tuple[str, ...] = ()
    cause: str = ""                 # why the crowd produced it (for the debrief)

    @property
    def needs_reply(self) -> bool:
        """Posts the player is expected to answer (bystander likes/reposts are not)."""
        return self.kind in ("post", "follow_up", "callout", "pile_on", "press")

    def to_dict(self) -> dict:
        d = {
            "id": self.id, "at": self.at, "author": self.author, "handle": self.handle,
            "persona": self.persona, "text": self.text, "reach": self.reach,
            "anger": self.anger, "priority": self.priority, "kind": self.kind,
        }
        if self.reply_to:
            d["reply_to"] = self.reply_to
        if self.hashtags:
            d["hashtags"] = list(self.hashtags)
        if self.cause:
            d["cause"] = self.cause
        return d

    @classmethod
    def from_dict(cls, d: Mapping) -> Post:
        return cls(
            id=d["id"], at=float(d["at"]), author=d["author"], handle=d["handle"],
            persona=d["persona"], text=d["text"], reach=int(d["reach"]),
            anger=float(d["anger"]), priority=float(d["priority"]), kind=d.get("kind", "post"),
            reply_to=d.get("reply_to"), hashtags=tuple(d.get("hashtags", ())),
            cause=d.get("cause", ""),
        )


@dataclass(frozen=True)
class WriterContext:
    """What the post writer may draw on at a moment of the drill (built by the engine)."""
    t: float                                    # drill seconds now
    world_time: str                             # "14:05"
    since: str                                  # in-world time the outage began, "06:30"
    hours: int                                  # whole in-world hours since the start
    facts: tuple[Fact, ...] = ()                # facts known now, oldest first
    mood: float = 0.0                           # crowd mood -100..100
    restored: bool = False                      # a "restored" fact is known
    # A time the brand promised in an earlier reply and who it told: ("@ria_s", "15:00"), so a
    # post can say "you told @ria_s it'd be fixed by 15:00, it's 16:10".
    promise: tuple[str, str] | None = None
    trending: tuple[str, ...] = ()              # hashtags trending now
