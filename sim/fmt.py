"""One home for how numbers, times and sparklines are written, and for the reply length limit.

Used by the debrief, report, history, simulate and every screen, so a score reads the same
everywhere ("72", "–" for none) and a sparkline is drawn one way.
"""
from __future__ import annotations

from scoring.context import REPLY_LIMIT

__all__ = ["REPLY_LIMIT", "SPARK", "clock", "num", "short", "sparkline", "whole"]

SPARK = "▁▂▃▄▅▆▇█"


def num(v, signed: bool = False) -> str:
    """A journal number exactly as recorded (80.0 -> "80", 72.4 -> "72.4"), "–" for none."""
    if v is None:
        return "–"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = f"{v:,}" if isinstance(v, int) and abs(v) >= 10_000 else str(v)
    if signed and v > 0:
        s = "+" + s
    return s


def whole(v) -> str:
    """A score rounded to a whole number for a screen ("72"), "-" for none."""
    return "-" if v is None else f"{v:.0f}"


def short(v) -> str:
    """A number in its shortest form ("39.6", "40", "0.5"), "-" for none (the team report)."""
    return "-" if v is None else f"{v:g}"


def clock(t: float) -> str:
    """Drill seconds as m:ss (play time)."""
    t = max(0.0, float(t))
    m, s = divmod(int(round(t)), 60)
    return f"{m}:{s:02d}"


def sparkline(values, lo: float | None = None, hi: float | None = None) -> str:
    """One block character per value (None: a gap), scaled from ``lo`` to ``hi`` (default: the
    values' own range); a flat series sits on the bottom row."""
    vals = [v for v in values if v is not None]
    if not vals:
        return ""
    lo = min(vals) if lo is None else lo
    hi = max(vals) if hi is None else hi
    span = hi - lo
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif span <= 0:
            out.append(SPARK[0])
        else:
            out.append(SPARK[max(0, min(7, int((v - lo) / span * 7.999)))])
    return "".join(out)
