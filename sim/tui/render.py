"""Turning engine data into rich Text for the UI. Post text is always data: never parsed as markup.

Nothing is told by colour alone: persona, anger and priority also appear as words and symbols.
"""
from __future__ import annotations

from rich.text import Text

from sim.crowd import mood_word   # the one wording of a mood (widgets import it from here)
from sim.fmt import SPARK
from sim.fmt import sparkline as spark
from sim.model import Post
from sim.personas import PERSONAS, at_risk

PERSONA_STYLE = {p.name: p.style for p in PERSONAS.values()}
PERSONA_TAG = {p.name: p.tag for p in PERSONAS.values()}
KIND_TAG = {"pile_on": "PILE-ON", "callout": "CALL-OUT", "follow_up": "follow-up", "reaction": "reaction",
            "press": "PRESS", "post": ""}


def reach(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 1_000:
        return f"{n / 1_000:.1f}k"
    return str(n)


def anger_word(a: float) -> str:
    return "furious" if a >= 80 else "angry" if a >= 60 else "cross" if a >= 35 else "calm"


def clean(text: str) -> str:
    """Keep post text literal but safe for a terminal line: no control characters."""
    return "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)


def post_line(p: Post, world_time: str = "", indent: bool = True) -> Text:
    """One post as the feed and "Replying to" show it: time, persona, kind, handle, reach and
    anger in words, then its text (literal). ``indent``: mark a reply in a thread (↳)."""
    t = Text()
    t.append("  ↳ " if indent and p.reply_to else "")
    t.append(f"{world_time} " if world_time else "", style="dim")
    tag = PERSONA_TAG.get(p.persona, p.persona)
    t.append(f"[{tag}] ", style=PERSONA_STYLE.get(p.persona, ""))
    if KIND_TAG.get(p.kind):
        t.append(f"{KIND_TAG[p.kind]} ", style="bold")
    t.append(f"{clean(p.handle)} ", style="bold")
    t.append(f"({reach(int(p.reach))}, {anger_word(float(p.anger))}) ", style="dim")
    t.append(clean(p.text))
    return t


def reply_line(post: Post | None, text: str, overall: float | None, follow_up: bool = False) -> Text:
    """The player's reply under the post it answers (``post``), with its overall score."""
    t = Text("  ↳ YOU", style="bold reverse")
    if follow_up:
        t.append(" follow-up", style="bold")
    if post is not None:
        t.append(f" → {clean(post.handle)}", style="bold")
    if overall is not None:
        t.append(f"  [score {overall:.0f}]", style="bold green" if overall >= 60 else "bold red" if overall < 40 else "bold")
    t.append(": ")
    t.append(clean(text))
    return t


def priority_mark(p) -> str:
    """The queue's urgency symbol: !! a vulnerable person, ★ high reach (50k+), • the rest."""
    return "!!" if at_risk(p.persona) else "★" if p.reach >= 50_000 else "•"


def queue_label(p, width: int = 80, full: bool = False) -> Text:
    """A waiting post: who (symbol, persona, handle, reach, anger), then its text on the next line,
    cut to one line of ``width`` cells unless ``full``."""
    t = Text()
    sym = priority_mark(p)
    t.append(f"{sym} ", style="bold magenta" if sym == "!!" else "bold")
    t.append(f"{PERSONA_TAG.get(p.persona, p.persona).removeprefix('!! ')} ", style=PERSONA_STYLE.get(p.persona, ""))
    kind = getattr(p, "kind", "post")
    if KIND_TAG.get(kind):
        t.append(f"{KIND_TAG[kind]} ", style="bold")
    t.append(f"{clean(p.handle)} ", style="bold")
    t.append(f"{reach(p.reach)} {anger_word(p.anger)}", style="dim")
    t.truncate(width, overflow="ellipsis")
    t.append("\n")
    t.append_text(_body(clean(p.text), width, full))
    return t


def answered_label(p, width: int = 80, full: bool = False) -> Text:
    """An answered post, listed for a follow-up: ✓, the handle, then its text."""
    t = Text()
    t.append("✓ ", style="bold green")
    t.append(f"{clean(p.handle)} ", style="bold")
    t.append(f"{PERSONA_TAG.get(p.persona, p.persona).removeprefix('!! ')}", style="dim")
    t.truncate(width, overflow="ellipsis")
    t.append("\n")
    t.append_text(_body(clean(p.text), width, full))
    return t


def _body(text: str, width: int, full: bool) -> Text:
    body = Text("  " + text)
    if not full and body.cell_len > width:
        body.truncate(max(1, width - 1))
        body.append("…", style="dim")
    return body


def gauge(mood: float, width: int = 20) -> str:
    """-100..100 as a bar with a centre mark, plus the word."""
    pos = int(round((mood + 100) / 200 * (width - 1)))
    bar = "".join("|" if i == width // 2 else ("█" if i == pos else "─") for i in range(width))
    return f"[{bar}] {mood:+.0f} {mood_word(round(mood))}"     # the word for the number shown


def sparkline(values: list[float], width: int = 20, lo: float | None = None, hi: float | None = None) -> str:
    """The last ``width`` values as a sparkline (drawn by sim.fmt.sparkline, as the report's)."""
    return spark(values[-width:], lo, hi)


def resample(values: list[float], width: int) -> list[float]:
    """``width`` points from ``values``: the mean of each bucket (or the values as they are)."""
    if len(values) <= width:
        return list(values)
    out = []
    for i in range(width):
        a, b = i * len(values) // width, max(i * len(values) // width + 1, (i + 1) * len(values) // width)
        chunk = values[a:b]
        out.append(sum(chunk) / len(chunk))
    return out


def mood_chart(values: list[float], width: int = 60, height: int = 5, lo: float = -100, hi: float = 100) -> str:
    """A block chart of mood (``lo``..``hi``), ``height`` rows, labelled on the left, plain text."""
    vals = resample(values, width)
    if not vals:
        return ""
    levels = height * 8
    filled = [max(0, min(levels, round((v - lo) / (hi - lo) * levels))) for v in vals]
    rows = []
    for r in range(height):
        floor = (height - 1 - r) * 8
        label = f"{hi:+.0f}" if r == 0 else f"{lo:+.0f}" if r == height - 1 else \
            " 0" if r == height // 2 else ""
        line = "".join(" " if f <= floor else "█" if f >= floor + 8 else SPARK[f - floor - 1] for f in filled)
        rows.append(f"{label:>5} ┤{line}")
    rows.append(f"{'':>5} └{'─' * len(vals)}")
    rows.append(f"{'':>6} start{'end':>{max(4, len(vals) - 5)}}")
    return "\n".join(rows)


def reason_mark(r: str) -> tuple[str, str]:
    """The scorer's '+ ...' / '- ...' reasons as a mark and a style (✓ good, ✗ to fix)."""
    return ("✓ ", "bold green") if r.startswith("+") else ("✗ ", "bold red") if r.startswith("-") else ("· ", "")


def sort_reasons(reasons) -> list[str]:
    """What to fix first, then what went well; otherwise the scorer's order."""
    return sorted(reasons or [], key=lambda r: not r.startswith("-"))


def reasons_text(reasons, indent: str = "") -> Text:
    """Every reason, one a line, ✗ first: the score card, the reasons dialog and the feed."""
    t = Text()
    rs = sort_reasons(reasons)
    for i, r in enumerate(rs):
        mark, style = reason_mark(r)
        t.append("\n" if i else "")
        t.append(indent)
        t.append(mark, style=style)
        t.append(clean(r.lstrip("+- ")))
    if not rs:
        t.append(f"{indent}No reasons given.", style="italic")
    return t
