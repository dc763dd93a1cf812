"""`stormdesk drill export CODE -o DIR`: ordinary journals, and a team report.

- ``DIR/<desk>.jsonl``: each desk's journal, exactly as its engine wrote it (replies name their
  ``author`` and, with approvals, ``approved_by``; claims, submissions, reviews, notes and
  injects are events too). ``report``, ``report --compare``, ``replay`` and ``history`` read it
  unchanged.
- ``DIR/person-<name>.jsonl``: one per responder: the same scenario and seed, played by the
  engine with only that person's replies (to the same posts, at the same moments). It is what
  that person alone would have done, so ``report --compare`` can set people side by side; it
  replays like any journal.
- ``DIR/team-report.md`` and ``.html``: the people side by side (who answered what and how
  fast, approvals, observer notes on the timeline, the consistency call-outs).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from statistics import median

from sim.drill.host import bad_draft
from sim.drill.seat import SeatError, find_drill
from sim.drill.store import DrillStore
from sim.drill.team import Desk, SeatInfo, TeamState
from sim.events import (Claimed, CrowdMoved, Event, FactKnown, Injected, Noted, Paused, Released,
                        Replied, Resumed, Reviewed, Submitted, Turn)
from sim.fmt import short as _f
from sim.journal import dumps

CALLOUT = re.compile(r"told .* but now says|contradict|promised", re.IGNORECASE)


def fold_all(store: DrillStore, code: str) -> TeamState:
    info = find_drill(store, code)
    st = TeamState()
    seq = 0
    while True:
        evs = store.events_after(info.code, seq, 5000)
        if not evs:
            return st
        for e in evs:
            st.fold(e.seq, e.command_id, e.body)
            seq = e.seq


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60] or "seat"


def solo_journal(desk: Desk, person: str, scenario) -> list[dict]:
    """The desk's drill with only ``person``'s replies, matched to the same posts by author and
    text, at the same drill seconds (a post the rest of the team caused may not exist alone)."""
    from sim.engine import Drill, DrillError
    from sim.journal import Journal
    h = desk.header
    drill = Drill(scenario, seed=h.seed, difficulty=h.difficulty, mode=h.mode, player=person,
                  language=h.language, started_at=h.started_at, journal=Journal(None))
    for e in desk.events:
        if isinstance(e, Turn) and not drill.finished:
            drill.next_wave()
            continue
        if not isinstance(e, Replied) or e.author != person:
            continue
        src = desk.posts.get(e.post_id)
        if src is None:
            continue
        t = float(e.t)
        if drill.mode == "realtime":
            drill.advance(t)
        match = next((p for p in drill.waiting()
                      if p.handle == src.handle and p.text == src.text), None)
        if match is None or drill.finished:
            continue
        try:
            drill.reply(match.id, e.text, t if drill.mode == "realtime" else None, author=person)
        except DrillError:
            continue
    if drill.mode == "realtime":
        drill.advance(scenario.length)
    else:
        while not drill.finished:
            drill.next_wave()
    return drill.journal.events


TIMES = ("overall", "claim_s", "publish_s", "approve_s")


def _people_raw(state: TeamState) -> dict[str, dict]:
    """Per person: counts, and the raw lists of scores and seconds (summarised later)."""
    people: dict[str, dict] = {}
    for name, seat in state.seats.items():
        people[name] = {"name": name, "role": seat.role, "desk": seat.desk or "all",
                        "team": team_of(state, seat), "answered": 0, "approved": 0, "changes": 0,
                        "caught": 0, "claims_lapsed": 0, "notes": 0, "approved_by_others": 0,
                        **{k: [] for k in TIMES}}
    for d in state.desks.values():
        submits: dict[tuple[str, int], Submitted] = {}
        for e in d.events:
            match e:
                case Claimed() if e.by in people:
                    post = d.posts.get(e.post_id)
                    people[e.by]["claim_s"].append(e.t - (post.at if post else e.t))
                case Released(reason="idle") if e.by in people:
                    people[e.by]["claims_lapsed"] += 1
                case Submitted():
                    submits[(e.post_id, e.rev)] = e
                case Reviewed() if e.by in people and e.verdict in ("approved", "changes"):
                    who = people[e.by]
                    sub = submits.get((e.post_id, e.rev))
                    if sub:
                        who["approve_s"].append(e.t - sub.t)
                    if e.verdict == "approved":
                        who["approved"] += 1
                    else:
                        who["changes"] += 1
                        if sub and (bad_draft(sub.scores) or sub.stale):
                            who["caught"] += 1
                case Replied() if (e.author or "") in people:
                    who = people[e.author]
                    who["answered"] += 1
                    who["overall"].append(e.score("overall"))
                    who["publish_s"].append(e.seconds)
                    if e.approved_by:
                        who["approved_by_others"] += 1
                case Noted() if e.by in people:
                    people[e.by]["notes"] += 1
    return people


def _summarise(p: dict) -> dict:
    """The raw lists as a mean score and median seconds (None when there are none)."""
    out = {k: v for k, v in p.items() if k not in TIMES}
    for key in TIMES:
        vals = p[key]
        name = key.replace("_s", "") + ("_median_s" if key.endswith("_s") else "_mean")
        out[name] = (round(median(vals), 1) if key.endswith("_s") and vals else
                     round(sum(vals) / len(vals), 1) if vals else None)
    return out


def person_stats(state: TeamState) -> dict[str, dict]:
    return {name: _summarise(p) for name, p in _people_raw(state).items()}


def team_of(state: TeamState, seat: SeatInfo) -> str | None:
    """The team a seat plays for. Parallel desks: the desk is the team (team1, team2...).
    A shared desk: the seat's --team (2 and team2 are one team), or None."""
    if state.meta is not None and state.meta.parallel:
        return seat.desk
    t = seat.team
    if t is None or str(t).strip() == "":
        return None
    t = str(t).strip()
    return f"team{t}" if t.isdigit() else t


def team_stats(state: TeamState) -> list[dict]:
    """Per team: its responders and approvers together (answered, mean score, median time to
    claim, publish and approve, approvals and the bad drafts they caught), and what it missed.
    Parallel desks: each team has its desk and crowd, so its missed posts and mood are its own.
    A shared desk: one queue and one crowd, so missed and mood belong to the whole desk and are
    given once per desk, not per team."""
    raw = _people_raw(state)
    parallel = state.meta is not None and state.meta.parallel
    teams: dict[str, dict] = {}
    for p in raw.values():
        if p["team"] is None or p["role"] not in ("responder", "approver"):
            continue
        t = teams.setdefault(p["team"], {"team": p["team"], "people": [], "answered": 0, "approved": 0,
                                         "changes": 0, "caught": 0, "claims_lapsed": 0,
                                         **{k: [] for k in TIMES}})
        t["people"].append(p["name"])
        for k in ("answered", "approved", "changes", "caught", "claims_lapsed", *TIMES):
            t[k] += p[k]
    out = []
    for name, t in sorted(teams.items()):
        s = _summarise(t)
        d = state.desks.get(name) if parallel else None
        if d is not None:
            totals = (d.end.totals if d.end else None) or {}
            s["missed"] = totals.get("missed", len(d.open))
            s["mood_end"] = round(d.mood, 1)
        else:
            s["missed"] = s["mood_end"] = None
        out.append(s)
    return out


def callouts(state: TeamState) -> list[dict]:
    """The crowd's consistency call-outs, desk by desk: replies that disagreed (two people on the
    desk saying different things about a cause, advice, what works or money; sim.consistency)
    and fix times that contradicted each other."""
    out = []
    for d in state.desks.values():
        replies = {e.post_id: e for e in d.events if isinstance(e, Replied)}
        for e in d.events:
            if not isinstance(e, CrowdMoved) or not CALLOUT.search(e.cause):
                continue
            this = replies.get(e.post_id)
            dis = e.disagrees or {}
            other = replies.get(dis.get("with"))
            out.append({"desk": d.name, "t": e.t, "cause": e.cause, "delta": e.delta,
                        "topic": dis.get("topic") or "time", "by": this.author if this else None,
                        "post_id": e.post_id, "with": dis.get("with"),
                        "against": other.author if other else None})
    return out


TIMELINE = (Noted, Injected, FactKnown, Paused, Resumed)   # the team report's timeline


def _timeline_entry(e: Event) -> dict:
    by = text = post_id = check = passed = None
    match e:
        case Noted():
            by, text, post_id, check, passed = e.by, e.text, e.post_id, e.check, e.passed
        case Injected():
            by, text = e.by, e.text
        case FactKnown():
            text = e.text
    return {"t": e.t, "type": e.kind, "by": by, "text": text, "post_id": post_id, "check": check,
            "passed": passed}


def _reply_row(d: Desk, r: Replied) -> dict:
    post = d.posts.get(r.post_id)
    return {"t": r.t, "post": r.post_id, "to": post.handle if post else None,
            "persona": post.persona if post else None, "author": r.author,
            "approved_by": r.approved_by, "seconds": r.seconds, "overall": r.score("overall"),
            "text": r.text}


def team_data(state: TeamState) -> dict:
    desks = []
    for d in state.desks.values():
        desks.append({
            "desk": d.name, "totals": d.end.totals if d.end else None,
            "crowd": d.end.crowd if d.end else None,
            "replies": [_reply_row(d, r) for r in d.events if isinstance(r, Replied)],
            "reviews": [r.to_json() for r in d.reviews],
            "timeline": [_timeline_entry(e) for e in d.events if isinstance(e, TIMELINE)],
        })
    m = state.meta
    people = person_stats(state)
    teams = team_stats(state)
    return {"teams": teams if len(teams) > 1 else [], "code": m.code, "scenario": m.scenario_id, "title": m.title,
            "seed": m.seed, "desks_mode": m.desks_mode, "approval": m.approval,
            "people": list(people.values()), "desks": desks,
            "callouts": callouts(state)}


def markdown(data: dict) -> str:
    out = [f"# Team drill {data['code']}: {data['title']}",
           "", f"Scenario `{data['scenario']}`, seed {data['seed']}, {data['desks_mode']} "
           f"desk{'s' if data['desks_mode'] == 'parallel' else ''}, approvals "
           f"{'on' if data['approval'] else 'off'}.", "", "## People", "",
           "| person | role | desk | answered | mean score | claim (median s) | publish (median s) "
           "| approve (median s) | approved | changes asked | bad drafts caught | claims lapsed | notes |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in data["people"]:
        out.append(f"| {p['name']} | {p['role']} | {p['desk']} | {p['answered']} | "
                   f"{_f(p['overall_mean'])} | {_f(p['claim_median_s'])} | "
                   f"{_f(p['publish_median_s'])} | {_f(p['approve_median_s'])} | {p['approved']} | "
                   f"{p['changes']} | {p['caught']} | {p['claims_lapsed']} | {p['notes']} |")
    if data.get("teams"):
        shared = data["desks_mode"] != "parallel"
        out += ["", "## Teams", "",
                "One shared desk: the teams work one queue for one crowd, so posts missed and the "
                "mood are the desk's (below), not a team's." if shared else
                "Parallel desks: each team had its own desk and crowd from the same seed.", "",
                "| team | people | answered | missed | mean score | claim (median s) | publish (median s) "
                "| approve (median s) | approved | changes asked | bad drafts caught | claims lapsed | mood at end |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for t in data["teams"]:
            out.append(f"| {t['team']} | {', '.join(t['people'])} | {t['answered']} | {_f(t['missed'])} | "
                       f"{_f(t['overall_mean'])} | {_f(t['claim_median_s'])} | {_f(t['publish_median_s'])} | "
                       f"{_f(t['approve_median_s'])} | {t['approved']} | {t['changes']} | {t['caught']} | "
                       f"{t['claims_lapsed']} | {_f(t['mood_end'])} |")
    for d in data["desks"]:
        t = d["totals"] or {}
        c = d["crowd"] or {}
        out += ["", f"## Desk {d['desk']}", "",
                f"Answered {t.get('answered', '-')}, missed {t.get('missed', '-')}, overall "
                f"{_f(t.get('overall'))}; crowd mood {_f(c.get('mood_start'))} -> "
                f"{_f(c.get('mood_end'))} (low {_f(c.get('mood_min'))}).", "",
                "### Who answered what", "",
                "| t | to | persona | by | approved by | seconds | score | reply |",
                "|---|---|---|---|---|---|---|---|"]
        for r in d["replies"]:
            text = r["text"].replace("|", "\\|").replace("\n", " ")
            out.append(f"| {r['t']:.0f} | {r['to']} | {r['persona']} | {r['author'] or '-'} | "
                       f"{r['approved_by'] or '-'} | {r['seconds']:.0f} | {r['overall']:.0f} | {text[:90]} |")
        if d["reviews"]:
            out += ["", "### Approvals", ""]
            for rv in d["reviews"]:
                out.append(f"- {rv['t']:.0f}s {rv['by']} {rv['verdict']} {rv['post_id']} rev "
                           f"{rv['rev']}" + (f": {rv['comment']}" if rv.get("comment") else ""))
        if d["timeline"]:
            out += ["", "### Timeline (facts, injects, notes)", ""]
            for e in d["timeline"]:
                what = e["type"] if e["type"] != "note" else f"note by {e['by']}"
                if e.get("check"):
                    what += f" (check {e['check']}: {'pass' if e.get('passed') else 'fail'})"
                about = f" on {e['post_id']}" if e.get("post_id") else ""
                out.append(f"- {e['t']:.0f}s {what}{about}: {e.get('text') or ''}")
    out += ["", "## Consistency call-outs", ""]
    if not data["callouts"]:
        out.append("None: the desk's replies did not contradict each other.")
    for c in data["callouts"]:
        who = (f"; {c['by']} on {c['post_id']}" if c.get("by") else "") + (
            f" against {c['against']} on {c['with']}" if c.get("against") else "")
        out.append(f"- {c['desk']} {c['t']:.0f}s, {c['topic']} ({c['delta']:+.1f} mood): {c['cause']}{who}")
    return "\n".join(out) + "\n"


def html_report(data: dict) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(p['name'])}</td><td>{e(p['role'])}</td><td>{e(p['desk'])}</td>"
        f"<td>{p['answered']}</td><td>{_f(p['overall_mean'])}</td><td>{_f(p['claim_median_s'])}</td>"
        f"<td>{_f(p['publish_median_s'])}</td><td>{_f(p['approve_median_s'])}</td>"
        f"<td>{p['approved']}</td><td>{p['changes']}</td><td>{p['caught']}</td></tr>"
        for p in data["people"])
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Team drill {e(str(data['code']))}"
             f"</title><style>body{{font-family:sans-serif;max-width:70em;margin:auto}}"
             f"td,th{{padding:2px 6px;border-bottom:1px solid #ddd;text-align:left}}</style></head><body>",
             f"<h1>Team drill {e(str(data['code']))}: {e(str(data['title']))}</h1>",
             f"<p>Scenario {e(str(data['scenario']))}, seed {data['seed']}, {e(str(data['desks_mode']))} desks, "
             f"approvals {'on' if data['approval'] else 'off'}.</p><h2>People</h2><table><tr>"
             "<th>person</th><th>role</th><th>desk</th><th>answered</th><th>mean score</th>"
             "<th>claim s</th><th>publish s</th><th>approve s</th><th>approved</th>"
             f"<th>changes</th><th>bad drafts caught</th></tr>{rows}</table>"]
    if data.get("teams"):
        parts.append("<h2>Teams</h2><table><tr><th>team</th><th>people</th><th>answered</th><th>missed</th>"
                     "<th>mean score</th><th>claim s</th><th>publish s</th><th>approve s</th><th>approved</th>"
                     "<th>changes</th><th>bad drafts caught</th></tr>")
        parts += [f"<tr><td>{e(t['team'])}</td><td>{e(', '.join(t['people']))}</td><td>{t['answered']}</td>"
                  f"<td>{_f(t['missed'])}</td><td>{_f(t['overall_mean'])}</td><td>{_f(t['claim_median_s'])}</td>"
                  f"<td>{_f(t['publish_median_s'])}</td><td>{_f(t['approve_median_s'])}</td><td>{t['approved']}</td>"
                  f"<td>{t['changes']}</td><td>{t['caught']}</td></tr>" for t in data["teams"]]
        parts.append("</table>")
    for d in data["desks"]:
        parts.append(f"<h2>Desk {e(d['desk'])}</h2><table><tr><th>t</th><th>to</th><th>by</th>"
                     "<th>approved by</th><th>s</th><th>score</th><th>reply</th></tr>")
        parts += [f"<tr><td>{r['t']:.0f}</td><td>{e(str(r['to']))}</td><td>{e(str(r['author'] or '-'))}</td>"
                  f"<td>{e(str(r['approved_by'] or '-'))}</td><td>{r['seconds']:.0f}</td>"
                  f"<td>{r['overall']:.0f}</td><td>{e(r['text'])}</td></tr>" for r in d["replies"]]
        parts.append("</table><h3>Timeline</h3><ul>")
        parts += [f"<li>{t['t']:.0f}s {e(t['type'])} {e(str(t.get('by') or ''))}: {e(str(t.get('text') or ''))}</li>"
                  for t in d["timeline"]]
        parts.append("</ul>")
    parts.append("<h2>Consistency call-outs</h2><ul>")
    parts += [f"<li>{e(c['desk'])} {c['t']:.0f}s, {e(c['topic'])}: {e(c['cause'])}"
              f"{'; ' + e(c['by']) + ' on ' + e(str(c['post_id'])) if c.get('by') else ''}"
              f"{' against ' + e(c['against']) + ' on ' + e(str(c['with'])) if c.get('against') else ''}</li>"
              for c in data["callouts"]]
    if not data["callouts"]:
        parts.append("<li>None: the desk's replies did not contradict each other.</li>")
    parts.append("</ul></body></html>")
    return "\n".join(parts)


def export(store: DrillStore, code: str, outdir) -> list[str]:
    from sim.replay import replay, scenario_for
    state = fold_all(store, code)
    if state.meta is None:
        raise SeatError(f"drill {code} has no events yet: nothing to export")
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise SeatError(f"cannot write to {out}: {e.strerror or e}") from None
    lines = []
    written: list[Path] = []
    sc = scenario_for({"scenario": state.meta.scenario})
    for d in state.desks.values():
        p = out / f"{_safe(d.name)}.jsonl"          # each line exactly as the desk's engine wrote it
        p.write_text("".join(dumps(rec) + "\n" for rec in d.records), encoding="utf-8")
        written.append(p)
        for person in sorted({e.author for e in d.events if isinstance(e, Replied)} - {None}):
            pp = out / f"person-{_safe(person)}.jsonl"
            pp.write_text("".join(dumps(ev) + "\n" for ev in solo_journal(d, person, sc)),
                          encoding="utf-8")
            written.append(pp)
    data = team_data(state)
    (out / "team-report.md").write_text(markdown(data), encoding="utf-8")
    (out / "team-report.html").write_text(html_report(data), encoding="utf-8")
    (out / "team-report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    for p in written:
        res = replay(p, sc)
        verdict = "MATCH" if res.ok else ("DIVERGES: " + (res.error or res.divergence.describe()))
        lines.append(f"{p}: {res.events} events, {res.replies} replies; replay {verdict}")
    try:
        from sim.store import Store
        hist = Store.open()
        for p in written:
            hist.record(p)
        hist.close()
    except Exception:  # history is an index; the journals are what matters
        lines.append("note: could not add the journals to history")
    lines.append(f"{out / 'team-report.md'} and .html: {len(data['people'])} people")
    return lines
