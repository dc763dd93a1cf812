"""Issue 17's 'done when', on the small fixture scenario: a headless drill with 4 model and 2
canned responders and an approver bot, shared desk, approvals on, ends by itself; no post has
two replies; every published reply was approved; every exported journal replays as MATCH; the
team report names all six people."""
from __future__ import annotations

import json

from .conftest import Proc, stormdesk

PEOPLE = [("Ana", "model"), ("Ben", "model"), ("Cat", "model"), ("Dan", "model"),
          ("Eve", "canned"), ("Fay", "canned")]


def test_headless_team_drill_with_approvals(start_host, store_url, home, tmp_path):
    host, code = start_host("--approval", "--wait-seats", "7", pace=10)
    seats = [Proc(stormdesk("drill", "join", code, "--name", n, "--bot", b, "--store", store_url), home)
             for n, b in PEOPLE]
    seats.append(Proc(stormdesk("drill", "join", code, "--name", "Lead", "--role", "approver",
                                "--bot", "model", "--store", store_url), home))
    rc, out, err = host.wait(120)
    assert rc == 0, err
    assert "desk shared: finished" in out
    for p in seats:
        rc, _, err = p.wait(60)
        assert rc == 0, err
    out_dir = tmp_path / "export"
    rc, out, err = Proc(stormdesk("drill", "export", code, "-o", str(out_dir), "--store", store_url), home).wait(180)
    assert rc == 0, err
    journals = sorted(out_dir.glob("*.jsonl"))
    assert len(journals) >= 2
    assert out.count("replay MATCH") == len(journals), out
    desk = [json.loads(line) for line in (out_dir / "shared.jsonl").read_text().splitlines()]
    replies = [e for e in desk if e["type"] == "reply"]
    assert replies
    assert len({r["post_id"] for r in replies}) == len(replies)
    approved = {(e["post_id"], e["rev"]) for e in desk if e["type"] == "review" and e["verdict"] == "approved"}
    submitted = {(e["post_id"], e["rev"]): e["text"] for e in desk if e["type"] == "submit"}
    for r in replies:
        assert r["approved_by"] == "Lead"
        assert any(submitted[k] == r["text"] for k in approved if k[0] == r["post_id"])
    report = (out_dir / "team-report.md").read_text()
    html = (out_dir / "team-report.html").read_text()
    for name, _ in PEOPLE:
        assert f"| {name} | responder |" in report and name in html
    rc, out, err = Proc(stormdesk("report", str(out_dir / "shared.jsonl"), *[str(p) for p in journals
                                  if p.name.startswith("person-")][:2], "--compare"), home).wait(60)
    assert rc == 0, err
