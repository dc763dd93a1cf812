"""After-action reports from journals: Markdown, a single self-contained HTML file, or JSON.

Every number comes from the journal (see :mod:`sim.debrief`); the only thing written fresh is
the clearly labelled example of a stronger reply, produced by the ``model`` bot from the post
and the facts known at that moment.
"""
from __future__ import annotations

import html
import json
import random
import re
import sys
from pathlib import Path

from sim.debrief import AXES, Analysis, resample, suggestions, tolerant_stdio
from sim.events import (DrillEnd, Event, FactKnown, Paused, Replied, Resumed, Scripted, Turn,
                        WaveStart)
from sim.fmt import clock, num, sparkline
from sim.journal import JournalError

FORMATS = ("md", "html", "json")


class ReportError(Exception):
    pass


# -- the data every format shares ------------------------------------------------------------------
def example_reply(a: Analysis, rv) -> str:
    """A stronger reply to the same post, from the facts known when the player replied."""
    from sim.bots import make_bot
    from sim.model import Fact
    from sim.replay import ReplayError, scenario_for
    if not rv.known:                # the post's line was damaged: nothing to write to
        return ""
    try:
        # the scenario the drill was played on, never a path from the header; the example only
        # borrows its brand and voice (the facts come from the journal), so an edited namesake
        # still gives one
        sc = scenario_for(a.header, check_hash=False)
    except (ReplayError, KeyError, OSError):
        return ""
    bot = make_bot("model", sc, a.header.seed)
    facts = tuple(Fact(f.id or "", float(f.t), f.text, f.fact_kind) for f in a.facts_known(rv.t))
    for k in range(8):              # the model responder's own wording, but never the player's reply again
        bot.rng = random.Random(f"example:{rv.post_id}" + (f":{k}" if k else ""))
        text = bot.write(rv.post, facts)
        if text.strip() != rv.text.strip():
            return text
    return ""


def _reply_dict(a: Analysis, rv, with_example: bool = False) -> dict:
    ev = rv.event
    d = {"number": rv.number, "t": rv.t, "when": a.when(rv.t), "seconds": rv.seconds, "post": rv.post_json,
         "reply": ev.text, "follow_up": rv.follow_up,
         "scores": {k: ev.score(k) for k in AXES}, "reasons": list(ev.reasons), "markers": list(ev.markers),
         "crowd_after": [{"t": c.t, "cause": c.cause, "delta": c.delta} for c in rv.crowd_after if not c.slide],
         "posts_after": [{"t": p.at, "handle": p.handle, "kind": p.kind, "text": p.text} for p in rv.posts_after]}
    if with_example:
        d["example"] = example_reply(a, rv)
    return d


def _timeline_entry(a: Analysis, ev: Event) -> dict | None:
    """An event as the report's timeline lists it (None: not listed)."""
    match ev:
        case Replied():
            post = a.posts.get(ev.post_id)
            return {"t": ev.t, "when": a.when(ev.t or 0), "type": "reply", "post_id": ev.post_id,
                    "seconds": ev.seconds, "to": post.handle if post else None,
                    "overall": ev.score("overall"), "text": ev.text, "follow_up": ev.follow_up or 0}
        case FactKnown() | Scripted():
            text = ev.text
        case WaveStart():
            text = ev.name
        case DrillEnd():
            text = ev.reason
        case Paused() | Resumed() | Turn():
            text = ""
        case _:
            return None
    return {"t": ev.t, "when": a.when(ev.t or 0), "type": ev.kind, "text": text or ""}


def data(a: Analysis) -> dict:
    h = a.header
    timeline = [x for x in (_timeline_entry(a, e) for e in a.events) if x is not None]
    crowd = dict(a.crowd_summary)
    crowd["mood_min_when"] = a.when(crowd.get("mood_min_at") or 0)
    return {
        "scenario": h.scenario, "title": h.title, "seed": h.seed, "difficulty": h.difficulty,
        "mode": h.mode, "player": h.player, "started_at": h.started_at, "finished": a.finished,
        "end_reason": a.end_reason, "length": a.length,
        "played": a.length if a.finished else a.last_t, "totals": a.totals, "crowd": crowd,
        "timed": a.timed, "timeline": timeline,
        "replies": [_reply_dict(a, r) for r in a.replies],
        "best": [r.number for r in a.best()],             # best first (sim.debrief.best_worst)
        "worst": [_reply_dict(a, r, with_example=True) for r in a.worst()],
        "unanswered": [dict(a.post_json[p.id], when=a.when(p.at)) for p in a.unanswered()],
        "mood_turns": sorted([{"t": c.t, "when": a.when(c.t), "delta": c.delta, "cause": c.cause}
                              for c in a.mood_turns()]
                             + [{"t": x.start, "to": x.end, "when": f"{a.when(x.start)} to {a.when(x.end)}",
                                 "delta": x.delta, "slide": True, "who": x.who,
                                 "cause": x.cause + (" (longest waiting: " + ", ".join(x.who) + ")" if x.who else "")}
                                for x in a.slides()], key=lambda m: float(m["t"])),
        "suggestions": suggestions(a),
        "series": {"mood": a.mood_series, "volume": [(s.t, s.volume) for s in a.samples],
                   "response_time": [(r.t, r.seconds) for r in a.replies if not r.follow_up] if a.timed else []},
        "problems": a.problems, "torn": a.torn,
    }


def _short(text, n: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _reply_note(x: dict, timed: bool = True) -> str:
    if x.get("follow_up"):
        return f"follow-up to {x.get('to') or '?'}, overall {num(x.get('overall'))}"
    after = f", after {float(x.get('seconds') or 0):.0f} s" if timed else ""
    return f"to {x.get('to') or '?'}{after}, overall {num(x.get('overall'))}"


def follow_up_note(r: dict) -> str:
    """How a follow-up is labelled: which reply in its thread it was, and what it brought."""
    n = int(r.get("follow_up") or 0) + 1
    nth = {2: "2nd", 3: "3rd"}.get(n, f"{n}th")
    markers = set(r.get("markers") or ())
    what = ("it corrected the earlier reply" if "followup_correction" in markers else
            "it brought news" if "followup_news" in markers else
            "it said nothing new" if "followup_repeat" in markers else "")
    return f"follow-up, the {nth} reply in this thread" + (f": {what}" if what else "")


def _follow_ups(d: dict) -> list[dict]:
    return [r for r in d["replies"] if r.get("follow_up")]


def _cols(d: dict) -> tuple[str, ...]:
    """The summary's columns: the drill score first; no speed in a turns-mode (untimed) drill."""
    cols = ("drill", "overall", "empathy", "speed", "tone", "substance", "answered", "missed")
    return cols if d.get("timed", True) else tuple(c for c in cols if c != "speed")


def _axes_line(d: dict, s: dict, sep: str = " · ") -> str:
    keys = ("empathy", "speed", "tone", "substance") if d.get("timed", True) else ("empathy", "tone", "substance")
    return sep.join(f"{k} {num(s.get(k))}" for k in keys)


def _best(d: dict) -> list[dict]:
    by_number = {r["number"]: r for r in d["replies"]}
    return [by_number[n] for n in d["best"] if n in by_number]


def _after(r: dict, d: dict) -> str:
    if r.get("follow_up"):
        return f" ({follow_up_note(r)})"
    return f" ({r['seconds']:.0f} s)" if d.get("timed", True) else ""


def status(d: dict) -> str:
    if not d["finished"]:
        return "INTERRUPTED: the journal stops mid-drill"
    return "finished" if d["end_reason"] == "finished" else f"ended early ({d['end_reason']})"


DRILL_NOTE = ("The drill score (0-100) counts everyone who needed a reply, weighted by priority (an unanswered "
              "vulnerable person weighs most), with 0 for each one left unanswered; overall is the mean score of the "
              "replies sent. A follow-up (a second reply to someone already answered) counts in overall, not in answered "
              "or the drill score, which takes each person's first reply.")


def _followers_line(c: dict) -> str:
    a, b = c.get("followers_start"), c.get("followers_end")
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or not a:
        return ""
    return f"Followers: {num(int(a))} to {num(int(b))} ({num(int(b - a), True)}, {100 * (b - a) / a:+.2f}%)."


# -- Markdown ----------------------------------------------------------------------------------------
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _h(s) -> str:
    """Text for HTML: escaped, with bidi override controls removed (RTL text itself is kept)."""
    return html.escape(BIDI_CONTROLS.sub("", str(s)))


def _md_escape(s: str) -> str:
    s = " ".join(str(s).split())
    s = BIDI_CONTROLS.sub("", s)      # an override would reorder the rest of the line
    for ch in "\\`*_[]<>|#~&":
        s = s.replace(ch, "\\" + ch)
    return s


def _md_reason(reason: str) -> str:
    r = str(reason)
    mark = "✓" if r.startswith("+") else "✗" if r.startswith("-") else "·"
    return f"- {mark} {_md_escape(r.lstrip('+- '))}"


def markdown(d: dict) -> str:
    t, c = d["totals"], d["crowd"]
    m = _md_escape
    cols = _cols(d)
    out = [f"# After-action report: {m(d['title'] or d['scenario'])}", "",
           f"Scenario {m(d['scenario'])} · seed {m(d['seed'])} · {m(d['difficulty'])} · {m(d['mode'])} · player {m(d['player'])}"
           f" · {m(d['started_at'] or 'date not recorded')} · {m(status(d))}", "",
           "## Summary", "",
           "| " + " | ".join(cols) + " |", "|---" * len(cols) + "|",
           "| " + " | ".join(num(t.get(k)) for k in cols) + " |", "",
           DRILL_NOTE, "",
           f"Crowd mood: {num(c.get('mood_start'), True)} at the start, {num(c.get('mood_end'), True)} at the end, "
           f"low point {num(c.get('mood_min'), True)} at {c.get('mood_min_when') or clock(c.get('mood_min_at') or 0)}.",
           _followers_line(c), ""]
    ups = _follow_ups(d)
    if ups:
        out[-1:-1] = [f"Follow-ups: {len(ups)} (listed under Follow-ups)."]
    width = 48
    for name, key in (("mood", "mood"), ("volume", "volume"), ("response time", "response_time")):
        if key == "response_time" and d.get("mode") == "turns":
            continue
        series = [(float(x), float(y)) for x, y in d["series"][key] if y is not None]
        if series:
            vals = resample(series, 0.0, max(d["played"], series[-1][0]), width)
            out.append(f"    {name:14s} {sparkline(vals)}  ({num(min(v for _, v in series))} .. {num(max(v for _, v in series))})")
    out += ["", "## Suggestions", ""] + [f"- {_md_escape(s)}" for s in d["suggestions"]]
    out += ["", "## Worst replies, and what good looks like", ""]
    for r in d["worst"]:
        out += [f"**#{r['number']}** at {r['when']}{_after(r, d)} to {_md_escape(r['post'].get('handle', ''))} "
                f"({r['post'].get('persona')}): overall {num(r['scores']['overall'])}",
                f"> {_md_escape(r['post'].get('text', ''))}", "", f"Reply: {_md_escape(r['reply'])}", ""]
        out += [_md_reason(x) for x in r["reasons"]]
        if r.get("example"):
            out += ["", f"*Example of a stronger reply (written by Stormdesk's model responder, not the player):* "
                        f"{_md_escape(r['example'])}"]
        out.append("")
    best = _best(d)
    out += ["## Best replies", ""] + [f"- #{r['number']} (overall {num(r['scores']['overall'])}): {_md_escape(r['reply'])}" for r in best]
    if ups:
        out += ["", "## Follow-ups", ""]
        out += [f"- #{r['number']} at {r['when']} to {_md_escape(r['post'].get('handle', ''))}: overall "
                f"{num(r['scores']['overall'])} ({follow_up_note(r)}): {_md_escape(r['reply'])}" for r in ups]
    out += ["", "## Never answered (vulnerable first)", ""]
    out += [f"- {p['when']} {_md_escape(p.get('handle', ''))} ({p.get('persona')}, {p.get('reach')} followers): "
            f"{_md_escape(p.get('text', ''))}" for p in d["unanswered"][:20]] or ["- none"]
    if len(d["unanswered"]) > 20:
        out.append(f"- ... and {len(d['unanswered']) - 20} more")
    out += ["", "## When the mood turned", ""]
    out += [f"- {m['when']} {num(m['delta'], True)}{' (a slide)' if m.get('slide') else ''}: {_md_escape(m['cause'] or '')}"
            for m in d["mood_turns"]] or ["- no movement recorded"]
    out += ["", "## Every reply", ""]
    for r in d["replies"]:
        s = r["scores"]
        out += [f"### #{r['number']} at {r['when']}" + (f", {follow_up_note(r)}" if r.get("follow_up") else
                                                         f", {r['seconds']:.0f} s after the post" if d["timed"] else ""),
                f"> {_md_escape(r['post'].get('handle', ''))} ({r['post'].get('persona')}): {_md_escape(r['post'].get('text', ''))}", "",
                f"Reply: {_md_escape(r['reply'])}", "",
                f"{_axes_line(d, s)} · **overall {num(s['overall'])}**", ""]
        out += [_md_reason(x) for x in r["reasons"]]
        after = [f"{_md_escape(c['cause'] or '')} ({num(c['delta'], True)})" for c in r["crowd_after"]]
        after += [f"{_md_escape(p['handle'] or '')} ({p['kind']}): {_md_escape(p['text'] or '')}" for p in r["posts_after"]]
        if after:
            out += ["", "Then: " + "; ".join(after[:6])]
        out.append("")
    out += ["## Timeline", ""]
    out += [f"- {x['when']} {x['type']}: {_md_escape(_short(x.get('text'), 160))}"
            + (f" ({_md_escape(_reply_note(x, d['timed']))})" if x["type"] == "reply" else "") for x in d["timeline"]]
    if d["problems"]:
        out += ["", "## Journal problems", ""] + [f"- {_md_escape(p)}" for p in d["problems"]]
    return "\n".join(out) + "\n"


# -- HTML ----------------------------------------------------------------------------------------------
def _nice(v: float) -> float:
    """A round number at or above ``v`` for an axis label (369.9 -> 400)."""
    if v <= 0:
        return 0.0
    import math
    mag = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if step * mag >= v - 1e-9:
            return float(step * mag)
    return float(10 * mag)


def _svg(series, length: float, label: str, lo=None, hi=None, w: int = 640, h: int = 120,
         dots: bool = False) -> str:
    """An inline SVG chart of (drill second, value); ``dots`` marks each value (one per reply)."""
    pts = [(float(x), float(y)) for x, y in series if y is not None]
    if not pts:
        return f"<p class=muted>No {html.escape(label)} recorded.</p>"
    ys = [y for _, y in pts]
    lo = min(ys) if lo is None else lo
    hi = _nice(max(ys)) if hi is None else hi
    span = (hi - lo) or 1.0
    end = max(length, pts[-1][0]) or 1.0
    left, right, top, bottom = 40, 8, 8, 18

    def xy(x: float, y: float) -> tuple[float, float]:
        return (left + x / end * (w - left - right), h - bottom - (y - lo) / span * (h - top - bottom))

    coords = [xy(x, y) for x, y in pts]
    grid = []
    for v in sorted({lo, hi, 0.0} if lo < 0 < hi else {lo, hi}):
        _, gy = xy(0, v)
        grid.append(f'<line x1="{left}" x2="{w - right}" y1="{gy:.1f}" y2="{gy:.1f}" class="{"zero" if v == 0 and lo < 0 else "grid"}"/>'
                    f'<text x="{left - 4}" y="{gy + 3:.1f}" text-anchor="end">{num(round(v))}</text>')
    for k in range(5):
        tx, _ = xy(end * k / 4, lo)
        anchor = "start" if k == 0 else "end" if k == 4 else "middle"
        grid.append(f'<text x="{tx:.1f}" y="{h - 4}" text-anchor="{anchor}">{clock(end * k / 4)}</text>')
    if dots:
        marks = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" class="dot"/>' for x, y in coords)
    else:
        marks = '<path d="' + " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords)) + '" class="line"/>'
    return (f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="{html.escape(label)} over the drill" class="chart">'
            + "".join(grid) + marks + "</svg>")


CSS = """body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#1b1b1b}
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .7em;text-align:center}
.post,.reply,.example{unicode-bidi:plaintext}.muted{color:#666}.post{background:#f4f4f4;border-left:4px solid #999;padding:.4em .8em;margin:.4em 0;white-space:pre-wrap;word-break:break-word}
.reply{border-left:4px solid #2b6cb0;padding:.4em .8em;margin:.4em 0;white-space:pre-wrap;word-break:break-word}
.example{border-left:4px solid #2f855a;background:#f0fff4;padding:.4em .8em;margin:.4em 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:.8em 0;break-inside:avoid}
.good{color:#22543d}.bad{color:#9b2c2c}.chart{width:100%;height:auto;border:1px solid #eee}
.chart .line{fill:none;stroke:#2b6cb0;stroke-width:2}.chart .dot{fill:#2b6cb0}.chart .zero{stroke:#999;stroke-dasharray:4}.chart .grid{stroke:#eee}.chart text{font-size:10px;fill:#666}
.score{font-weight:600}.side{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:1em}.reasons{list-style:none;padding-left:1em}@media print{body{margin:0;max-width:none;font-size:11pt}h2,h3{break-after:avoid}.chart,table{break-inside:avoid}.example,.post{print-color-adjust:exact;-webkit-print-color-adjust:exact}.card{page-break-inside:avoid}a{color:inherit}}"""


def _reasons_html(reasons) -> str:
    def item(r: str) -> str:
        good = r.startswith("+")
        return f'<li class="{"good" if good else "bad"}">{"✓" if good else "✗"} {_h(r.lstrip("+- "))}</li>'
    return "<ul class=reasons>" + "".join(item(str(r)) for r in reasons) + "</ul>"


def _reply_card(r: dict, example: bool = False, timed: bool = True) -> str:
    s, e = r["scores"], _h
    then = [f"{e(c['cause'] or '')} ({num(c['delta'], True)})" for c in r["crowd_after"]]
    then += [f"{e(p['handle'] or '')} ({e(p['kind'] or '')}): {e(p['text'] or '')}" for p in r["posts_after"]]
    after = f" · replied after {r['seconds']:.0f} s" if timed else ""
    if r.get("follow_up"):
        after = f" · {e(follow_up_note(r))}"
    out = (f'<div class="card"><div class="muted">#{r["number"]} · {e(r.get("when") or clock(r["t"]))}{after} · '
           f'to {e(r["post"].get("handle", ""))} ({e(str(r["post"].get("persona")))}, {e(str(r["post"].get("reach")))} followers)</div>'
           f'<div class="post">{e(r["post"].get("text", ""))}</div><div class="reply">{e(r["reply"])}</div>'
           f'<div class="score">{_axes_line({"timed": timed}, s)} · overall {num(s["overall"])}</div>{_reasons_html(r["reasons"])}')
    if example and r.get("example"):
        out += (f'<div class="example"><strong>Example of a stronger reply</strong> (written by Stormdesk\'s model responder '
                f'from the facts known then, not by the player):<br>{e(r["example"])}</div>')
    if then:
        out += f'<div class="muted">Then: {"; ".join(then[:6])}</div>'
    return out + "</div>"


def html_report(d: dict) -> str:
    t, c, e = d["totals"], d["crowd"], _h
    cols, timed = _cols(d), d["timed"]
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Stormdesk report: {e(str(d['title']))}</title>"
             f"<meta name=viewport content='width=device-width,initial-scale=1'><style>{CSS}</style></head><body>",
             f"<h1>After-action report: {e(str(d['title'] or d['scenario']))}</h1>",
             f"<p class=muted>Scenario {e(str(d['scenario']))} · seed {e(str(d['seed']))} · {e(str(d['difficulty']))} · "
             f"{e(str(d['mode']))} · player {e(str(d['player']))} · {e(str(d['started_at'] or 'date not recorded'))} · "
             f"{e(status(d)) if d['finished'] else '<strong>' + e(status(d)) + '</strong>'}</p>",
             "<h2 id=summary>Summary</h2><table><tr>" + "".join(f"<th>{k}</th>" for k in cols)
             + "</tr><tr>" + "".join(f"<td>{num(t.get(k))}</td>" for k in cols)
             + f"</tr></table><p class=muted>{e(DRILL_NOTE)}</p>",
             f"<p>Crowd mood {num(c.get('mood_start'), True)} at the start, {num(c.get('mood_end'), True)} at the end; "
             f"low point {num(c.get('mood_min'), True)} at {e(c.get('mood_min_when') or clock(c.get('mood_min_at') or 0))}. "
             f"{e(_followers_line(c))}</p>",
             "<h3>Mood</h3>" + _svg(d["series"]["mood"], d["played"], "mood", -100, 100),
             "<h3>Volume (posts per minute)</h3>" + _svg(d["series"]["volume"], d["played"], "volume", 0)]
    if timed:
        parts.append("<h3>Response time (seconds)</h3>"
                     + _svg(d["series"]["response_time"], d["played"], "response time", 0, dots=True))
    parts += [
             "<h2 id=suggestions>Suggestions</h2><ul>" + "".join(f"<li>{e(s)}</li>" for s in d["suggestions"]) + "</ul>",
             "<h2 id=worst>Worst replies, and what good looks like</h2>" + "".join(_reply_card(r, True, timed) for r in d["worst"]),
             "<h2 id=best>Best replies</h2>" + "".join(_reply_card(r, timed=timed) for r in _best(d)),
             ("<h2 id=follow-ups>Follow-ups</h2>" + "".join(_reply_card(r, timed=timed) for r in _follow_ups(d))
              if _follow_ups(d) else ""),
             "<h2 id=unanswered>Never answered</h2><ul>" + ("".join(
                 f"<li>{e(p['when'])} {e(str(p.get('handle')))} ({e(str(p.get('persona')))}, {e(str(p.get('reach')))} followers): "
                 f"<bdi>{e(str(p.get('text')))}</bdi></li>" for p in d["unanswered"]) or "<li>none</li>") + "</ul>",
             "<h2 id=turns>When the mood turned</h2><ul>" + ("".join(
                 f"<li>{e(m['when'])} {num(m['delta'], True)}{' (a slide)' if m.get('slide') else ''}: {e(str(m['cause']))}</li>"
                 for m in d["mood_turns"]) or "<li>no movement</li>") + "</ul>",
             "<h2 id=replies>Every reply</h2>" + ("".join(_reply_card(r, timed=timed) for r in d["replies"]) or "<p>No replies.</p>"),
             "<h2 id=timeline>Timeline</h2><ul>" + "".join(
                 f"<li>{e(x['when'])} <strong>{e(x['type'])}</strong> <bdi>{e(str(x.get('text') or ''))}</bdi>"
                 + (f" <span class=muted>({e(_reply_note(x, timed))})</span>" if x["type"] == "reply" else "") + "</li>"
                 for x in d["timeline"]) + "</ul>"]
    if d["problems"]:
        parts.append("<h2 id=problems>Journal problems</h2><ul>" + "".join(f"<li>{e(p)}</li>" for p in d["problems"]) + "</ul>")
    parts.append("<p class=muted>Made by Stormdesk from the drill's journal; every number can be re-derived with "
                 "<code>stormdesk replay</code>.</p></body></html>")
    return "\n".join(parts)


# -- compare -------------------------------------------------------------------------------------------
NOT_SEEN = "did not get this post"
NO_REPLY = "no reply"
COMPARE_KEY = ("Posts are matched by author and text. \"no reply\": the post reached this player, who did not "
               "answer it. \"did not get this post\": it never appeared in this player's drill, because it was the "
               "crowd's reaction (a follow-up, a chaser, a pile-on, a call-out) to what another player did or did "
               "not do; every player gets the same scripted posts.")


def player_label(a: Analysis, i: int) -> str:
    """Who played a journal: the name recorded at the start (``play --name``; a bot's name), or
    the people named on its replies (a team export), never the file name."""
    name = str(a.header.player or "").strip()
    authors = sorted({r.event.author for r in a.replies if r.event.author})
    if authors and name in ("", "human"):
        name = ", ".join(authors)
    return name or f"player {i + 1}"


def _not_seen(players: list[str], seen: list[bool], i: int) -> str:
    others = [p for p, saw in zip(players, seen) if saw]
    return f"{NOT_SEEN}: a reaction to {', '.join(others)}'s drill" if others else NOT_SEEN


def compare(analyses: list[Analysis], fmt: str) -> str:
    """Several players of the same scenario, seed, difficulty and mode: the same post, everyone's
    reply and scores side by side. Posts are matched by author and text."""
    keys = {(a.header.scenario, a.header.seed, a.header.difficulty, a.header.mode) for a in analyses}
    if len(keys) != 1:
        raise ReportError("--compare needs journals of the same scenario, seed, difficulty and mode; got "
                          + ", ".join(f"{k[0]} seed {k[1]} {k[2]} {k[3]}" for k in sorted(keys, key=str)))
    posts: dict[str, dict] = {}                     # as the journals recorded them
    at: dict[str, float] = {}
    rows: dict[str, list] = {}
    for i, a in enumerate(analyses):
        for rv in a.replies:
            key = f"{rv.post.handle}|{rv.post.text}"
            if key not in posts:
                posts[key], at[key] = rv.post_json, rv.post.at
            slot = rows.setdefault(key, [None] * len(analyses))
            if slot[i] is None:                       # a second reply to the same post: the first counts
                slot[i] = {"reply": rv.text, "t": rv.t, "seconds": rv.seconds,
                           "scores": {k: rv.event.score(k) for k in AXES}, "reasons": rv.event.reasons}
    seen = [{f"{q.handle}|{q.text}" for q in a.posts.values()} for a in analyses]
    names = [player_label(a, i) for i, a in enumerate(analyses)]
    # the same name twice (two drills by one person): tell them apart by when they were played
    players = [n if names.count(n) == 1 else f"{n} ({(a.header.started_at or f'drill {i + 1}')[:16].replace('T', ' ')})"
               for i, (n, a) in enumerate(zip(names, analyses))]
    players = [p if players.count(p) == 1 else f"{p} #{i + 1}" for i, p in enumerate(players)]
    players = [p if a.finished else f"{p} INTERRUPTED at {a.when(a.last_t)}"
               for p, a in zip(players, analyses)]
    h = analyses[0].header
    result = {"scenario": h.scenario, "title": h.title, "seed": h.seed,
              "difficulty": h.difficulty, "mode": h.mode, "players": players, "key": COMPARE_KEY,
              "journals": [str(a.path) if a.path else None for a in analyses],
              "totals": [a.totals for a in analyses], "crowd": [a.crowd_summary for a in analyses],
              "posts": [{"post": posts[k], "replies": rows[k], "seen": [k in s for s in seen]}
                        for k in sorted(posts, key=lambda k: (at[k], k))]}
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    timed = h.mode != "turns"
    when = analyses[0].when
    cols = tuple(c for c in ("drill", "overall", "empathy", "speed", "tone", "substance", "answered", "missed")
                 if timed or c != "speed")

    def scores(r):
        return _axes_line({"timed": timed}, r["scores"])
    if fmt == "md":
        out = [f"# Side by side: {_md_escape(result['title'] or result['scenario'])}", "",
               f"Scenario {_md_escape(result['scenario'])} · seed {_md_escape(result['seed'])} · "
               f"{_md_escape(result['difficulty'])} · {_md_escape(result['mode'])}", "",
               "| player | " + " | ".join(cols) + " | mood at the end |", "|---" * (len(cols) + 2) + "|"]
        out_key = ["", f"*{_md_escape(COMPARE_KEY)}*"]
        out += [f"| {_md_escape(p)} | " + " | ".join(num(t.get(k)) for k in cols) + f" | {num(c.get('mood_end'), True)} |"
                for p, t, c in zip(players, result["totals"], result["crowd"])]
        out += out_key + ["", "## Post by post"]
        for item in result["posts"]:
            post = item["post"]
            out += ["", f"### {when(post.get('at', 0))} {_md_escape(post.get('handle', ''))} ({post.get('persona')})",
                    f"> {_md_escape(post.get('text', ''))}", ""]
            for i, (p, r, saw) in enumerate(zip(players, item["replies"], item["seen"])):
                if r is None:
                    out.append(f"- **{_md_escape(p)}**: {NO_REPLY if saw else _md_escape(_not_seen(players, item['seen'], i))}")
                else:
                    after = f" after {r['seconds']:.0f} s" if timed else ""
                    out.append(f"- **{_md_escape(p)}**{after}, **overall {num(r['scores']['overall'])}** "
                               f"({scores(r)}): {_md_escape(r['reply'])}")
        return "\n".join(out) + "\n"
    e = _h
    body = [f"<h1>Side by side: {e(result['title'] or result['scenario'])}</h1>",
            f"<p class=muted>Scenario {e(result['scenario'])} · seed {e(result['seed'])} · {e(result['difficulty'])} · "
            f"{e(result['mode'])}</p><table><tr><th>player</th>" + "".join(f"<th>{k}</th>" for k in cols)
            + "<th>mood at the end</th></tr>"
            + "".join(f"<tr><td>{e(p)}</td>" + "".join(f"<td>{num(t.get(k))}</td>" for k in cols)
                      + f"<td>{num(c.get('mood_end'), True)}</td></tr>"
                      for p, t, c in zip(players, result["totals"], result["crowd"])) + "</table>",
            f"<p class=muted>{e(COMPARE_KEY)}</p><h2>Post by post</h2>"]
    for item in result["posts"]:
        post = item["post"]
        body.append(f'<div class="card"><div class="muted">{e(when(post.get("at", 0)))} · {e(post.get("handle", ""))} '
                    f'({e(post.get("persona"))}, {e(post.get("reach"))} followers)</div>'
                    f'<div class="post">{e(post.get("text", ""))}</div><div class="side">')
        for i, (p, r, saw) in enumerate(zip(players, item["replies"], item["seen"])):
            if r is None:
                body.append(f'<div><strong>{e(p)}</strong><p class=muted><em>'
                            f'{NO_REPLY if saw else e(_not_seen(players, item["seen"], i))}</em></p></div>')
            else:
                after = f'after {r["seconds"]:.0f} s' if timed else ""
                body.append(f'<div><strong>{e(p)}</strong> <span class=muted>{after}</span>'
                            f'<div class="reply">{e(r["reply"])}</div><div class="score">overall {num(r["scores"]["overall"])}</div>'
                            f'<div class="muted">{e(scores(r))}</div>{_reasons_html(r["reasons"])}</div>')
        body.append("</div></div>")
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Stormdesk comparison: {e(result['scenario'])} "
            f"seed {e(result['seed'])}</title><meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<style>{CSS}body{{max-width:{min(1600, 420 * len(players) + 100)}px}}</style></head><body>"
            + "\n".join(body) + "</body></html>")


# -- entry points ------------------------------------------------------------------------------------
def build(journal_paths, fmt: str = "md", compare_mode: bool = False, **kw) -> str:
    compare_mode = kw.pop("compare", compare_mode)
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}: choose md, html or json")
    paths = [journal_paths] if isinstance(journal_paths, (str, Path)) else list(journal_paths)
    analyses = [Analysis.from_path(p) for p in paths]
    if compare_mode or len(analyses) > 1:
        if len(analyses) < 2 and compare_mode:
            raise ReportError("--compare needs at least two journals")
        return compare(analyses, fmt)
    d = data(analyses[0])
    if fmt == "json":
        return json.dumps(d, indent=2, ensure_ascii=False) + "\n"
    return markdown(d) if fmt == "md" else html_report(d)


def cli_report(args) -> int:
    tolerant_stdio()
    try:
        text = build(args.journals, args.format, compare=args.compare)
    except (JournalError, ReportError) as e:
        print(f"stormdesk report: {e}", file=sys.stderr)
        return 2
    if args.output:
        from sim.files import atomic_write, same_file
        clash = next((j for j in args.journals if same_file(j, args.output)), None)
        if clash is not None:
            print(f"stormdesk report: refusing to write the report over its own journal {clash}; "
                  f"choose another -o path", file=sys.stderr)
            return 2
        try:
            atomic_write(args.output, text)
        except OSError as e:
            print(f"stormdesk report: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
            return 2
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
