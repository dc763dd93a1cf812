"""Reading a drill back from its journal: what replay, report and store all need.

Nothing here recomputes a score or a crowd number. Every figure is taken from the journal as
the engine wrote it: totals from ``drill_end`` (or, for an interrupted drill, averaged exactly
the way ``Drill.totals`` averages them), mood from ``drill_start``/``crowd``/``sample``/
``drill_end``, scores from ``reply`` events. The only derivations are bookkeeping the engine
also does (which posts are still waiting for a reply) and ordering (best, worst, biggest turns).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from sim.fmt import REPLY_LIMIT, clock, num
from sim.events import (CrowdMoved, DrillEnd, DrillStart, Event, FactKnown, Posted, Replied, Sample,
                        Scripted, WaveStart)
from sim.model import Post
from sim.journal import JournalError, JournalFile, read_journal
from sim.threads import ReplyBook, drill_score, waiting_ahead
from sim.personas import at_risk

AXES = ("empathy", "speed", "tone", "substance", "overall")


def normalise(ev: dict) -> dict:
    """An event as it reads back from the journal (tuples become lists, and so on)."""
    return json.loads(json.dumps(ev, ensure_ascii=False))


# -- formatting helpers shared by report and store -------------------------------------------------
def tolerant_stdio() -> None:
    """On a terminal that cannot show every character (an ASCII locale), print '?' for the ones it
    cannot show rather than failing: reports hold emoji, dashes and sparklines."""
    import sys
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def world_clock(header: DrillStart):
    """A function from drill seconds to the in-world time ("06:42") the game showed, from the
    journal's ``drill_start.clock`` (or, for an older journal, the bundled scenario of that id);
    None when neither is known."""
    c = header.clock
    if c is None:
        try:
            from sim.scenario import load_scenario
            sc = load_scenario(header.scenario or "")
            c = {"start_minutes": sc.clock.start_minutes, "speed": sc.clock.speed}
        except Exception:  # any failure means: no in-world clock, play time only
            return None
    try:
        start, speed = float(c["start_minutes"]), float(c["speed"])
    except (KeyError, TypeError, ValueError):
        return None

    def label(t: float) -> str:
        m = int(start + max(0.0, float(t)) * speed / 60.0) % (24 * 60)
        return f"{m // 60:02d}:{m % 60:02d}"
    return label


def best_worst(items: list, score, n: int = 3) -> tuple[list, list]:
    """The best and worst ``n`` of ``items`` (in the order they happened) by ``score(item)``:
    ties go to the earlier; with more than ``n`` items the worst never repeat a best. The one
    ranking the results screen and the report share."""
    order = list(range(len(items)))
    best = sorted(order, key=lambda i: (-score(items[i]), i))[:n]
    taken = set(best) if len(items) > n else set()
    worst = [i for i in sorted(order, key=lambda i: (score(items[i]), i)) if i not in taken][:n]
    return [items[i] for i in best], [items[i] for i in worst]


def average(values) -> float | None:
    """The engine's average (``Drill.totals``): mean of the present values, rounded to 0.1."""
    vals = [v for v in values if v is not None]
    return round(sum(vals) / len(vals), 1) if vals else None


# -- the analysis ------------------------------------------------------------------------------
def missing_post(pid: str, t: float) -> Post:
    """What a reply's post reads as when the journal does not hold it (its line was damaged)."""
    return Post(id=pid, at=t, author="?", handle="?", persona="?", text="(post not in journal)",
                reach=0, anger=0.0, priority=0.0)


def _missing_post_json(p: Post) -> dict:
    return {"id": p.id, "text": p.text, "handle": p.handle, "author": p.author, "persona": p.persona,
            "reach": p.reach, "priority": p.priority, "at": p.at}


@dataclass
class ReplyView:
    """One reply as the debrief tells it: the reply event, the post it answered, what followed."""
    index: int                 # position in the journal's events
    event: Replied             # the reply event
    post: Post                 # the post it answers (``missing_post`` when the journal lacks it)
    number: int                # 1-based order among the player's replies
    crowd_after: list[CrowdMoved] = field(default_factory=list)  # crowd events about this post after it
    posts_after: list[Post] = field(default_factory=list)        # posts replying to this post after it
    ahead: int = 0             # higher-priority older posts waiting when it was sent
    post_json: dict = field(default_factory=dict)  # the post as the journal recorded it (reports echo it)
    known: bool = True         # False: the journal does not hold the post (its line was damaged)

    @property
    def scores(self) -> dict:
        return self.event.scores

    @property
    def overall(self) -> float:
        return self.event.overall

    @property
    def t(self) -> float:
        return float(self.event.t)

    @property
    def seconds(self) -> float:
        return float(self.event.seconds)

    @property
    def post_id(self) -> str:
        return self.event.post_id

    @property
    def text(self) -> str:
        return self.event.text

    @property
    def follow_up(self) -> int:
        """0 for a first reply; for a follow-up (a reply to a post already answered), how many
        replies the thread had before it (the reply event's ``follow_up``)."""
        return self.event.thread_replies


@dataclass(frozen=True)
class Slide:
    """A stretch of the drill where silence wore the mood down (``Analysis.slides``)."""
    start: float               # drill seconds
    end: float
    delta: float               # the mood it cost (negative)
    waiting: int               # how many people were left waiting in it
    who: list[str]             # the most often waiting, at most three

    @property
    def cause(self) -> str:
        return f"silence: {self.waiting} people left waiting wore the mood down by {-self.delta:.1f}"


class Analysis:
    """One drill's journal, organised for a debrief: the typed events (``sim.events``), the
    engine's books kept again (``sim.threads.ReplyBook``), and the journal's figures."""

    def __init__(self, jf: JournalFile):
        events = jf.events
        if not events or not isinstance(events[0], DrillStart):
            raise JournalError("this is not a Stormdesk journal (it does not begin with drill_start)")
        self.journal = jf
        self.events: list[Event] = events
        self.path = jf.path
        self.problems = list(jf.problems)
        self.torn = jf.torn
        self.header: DrillStart = events[0]
        self.end: DrillEnd | None = events[-1] if isinstance(events[-1], DrillEnd) else None
        self.finished = self.end is not None
        self.posts: dict[str, Post] = {}
        self.post_json: dict[str, dict] = {}      # post id -> the post as the journal recorded it
        self.post_index: dict[str, int] = {}
        self.replies: list[ReplyView] = []
        self.crowd: list[CrowdMoved] = [e for e in events if isinstance(e, CrowdMoved)]
        self.samples: list[Sample] = [e for e in events if isinstance(e, Sample)]
        self.facts: list[FactKnown] = [e for e in events if isinstance(e, FactKnown)]
        self.waves: list[WaveStart] = [e for e in events if isinstance(e, WaveStart)]
        self.scripted: list[Scripted] = [e for e in events if isinstance(e, Scripted)]
        self._walk(jf.records)

    @classmethod
    def from_path(cls, path) -> Analysis:
        return cls(read_journal(path))

    @property
    def last_t(self) -> float:
        """The drill second of the journal's last event (where an interrupted drill stopped)."""
        return float(self.events[-1].t or 0.0)

    # -- walking the journal the way the engine kept its books -------------------------------------
    def _walk(self, records: list[dict]) -> None:
        # the engine's own books (sim.threads.ReplyBook): open posts, threads, supersessions
        book = self.book = ReplyBook()
        by_post: dict[str, ReplyView] = {}
        for i, ev in enumerate(self.events):
            if isinstance(ev, Posted):
                post = ev.post
                self.posts[post.id] = post
                self.post_json[post.id] = records[i]["post"]
                self.post_index[post.id] = i
                book.add(post.id, post, handle=post.handle, reply_to=post.reply_to, kind=post.kind)
                if post.reply_to in by_post and i > by_post[post.reply_to].index:
                    by_post[post.reply_to].posts_after.append(post)
            elif isinstance(ev, Replied):
                pid = ev.post_id
                post = self.posts.get(pid)
                if post is None:
                    post = missing_post(pid, ev.t)
                    shown = _missing_post_json(post)
                else:
                    shown = self.post_json[pid]
                rv = ReplyView(i, ev, post, len(self.replies) + 1,
                               ahead=waiting_ahead(book.open.values(), post), post_json=shown,
                               known=pid in self.posts)
                self.replies.append(rv)
                by_post[pid] = rv
                book.answered(pid)
            elif isinstance(ev, CrowdMoved):
                if ev.post_id in by_post and i > by_post[ev.post_id].index:
                    by_post[ev.post_id].crowd_after.append(ev)
        self.open_posts: list[Post] = list(book.open.values())

    # -- numbers -----------------------------------------------------------------------------
    @property
    def totals(self) -> dict:
        """``drill_end.totals`` as recorded; for an interrupted drill, the engine's own formula."""
        if self.end and self.end.totals is not None:
            out = dict(self.end.totals)
            if "drill" not in out:          # a journal from before the drill score
                out["drill"] = self.drill_score(float(self.end.t or 0.0))
            return out
        out = {a: average(r.event.score(a) for r in self.replies) for a in AXES}
        ups = sum(1 for r in self.replies if r.follow_up)
        out.update(answered=len(self.replies) - ups, missed=len(self.open_posts), drill=self.drill_score())
        if ups:
            out["follow_ups"] = ups
        return out

    def follow_ups(self) -> list[ReplyView]:
        """The replies that followed up a post already answered, in drill order."""
        return [r for r in self.replies if r.follow_up]

    def drill_score(self, at: float | None = None) -> float | None:
        """The engine's drill score (sim.threads.drill_score) from the journal's own books."""
        first: dict[str, float | None] = {}
        for r in self.replies:
            first.setdefault(r.post_id, r.event.score("overall"))
        now = self.last_t if at is None else at
        good = self.header.speed.get("good")
        turns = self.header.mode == "turns"
        return drill_score(self.book.owed.values(), first, now=now,
                           grace=None if turns or good is None else float(good))

    @property
    def mood_series(self) -> list[tuple[float, float]]:
        out = []
        if self.header.mood is not None:
            out.append((0.0, float(self.header.mood)))
        for e in self.events:
            if isinstance(e, (CrowdMoved, Sample)):
                out.append((float(e.t), float(e.mood)))
        return out

    @property
    def crowd_summary(self) -> dict:
        """Mood start/end/low and followers: from drill_end when there is one."""
        series = self.mood_series
        low_t = min(series, key=lambda x: x[1])[0] if series else 0.0
        if self.end and self.end.crowd is not None:
            c = dict(self.end.crowd)
            # the time of the low point: the recorded moment closest to the recorded minimum
            if series:
                low_t = min(series, key=lambda x: (abs(x[1] - c.get("mood_min", x[1])), x[0]))[0]
            c["mood_min_at"] = low_t
            c["as_of"] = float(self.end.t)
            return c
        moods = [m for _, m in series]
        brand = self.header.brand
        followers = [e.followers for e in self.events if isinstance(e, (CrowdMoved, Sample))]
        return {
            "mood_start": self.header.mood if self.header.mood is not None else (moods[0] if moods else None),
            "mood_end": moods[-1] if moods else None,
            "mood_min": min(moods) if moods else None,
            "mood_min_at": low_t,
            "followers_start": brand.get("followers"),
            "followers_end": followers[-1] if followers else brand.get("followers"),
            "as_of": self.last_t,
        }

    @property
    def length(self) -> float:
        return float(self.header.length or self.last_t)

    @property
    def end_reason(self) -> str:
        return self.end.reason if self.end else "interrupted"

    @property
    def timed(self) -> bool:
        """Realtime drills time replies; turns-mode (tabletop) drills do not."""
        return self.header.mode != "turns"

    def when(self, t: float) -> str:
        """A moment as the game showed it: in-world time, then play time ("06:42 (0:12)")."""
        if not hasattr(self, "_world"):
            self._world = world_clock(self.header)
        return f"{self._world(t)} ({clock(t)})" if self._world else clock(t)

    # -- orderings -----------------------------------------------------------------------------
    def best(self, n: int = 3) -> list[ReplyView]:
        return best_worst(self.replies, lambda r: r.overall, n)[0]

    def worst(self, n: int = 3) -> list[ReplyView]:
        return best_worst(self.replies, lambda r: r.overall, n)[1]

    def unanswered(self) -> list[Post]:
        """Posts still waiting at the end, vulnerable people first, then by priority."""
        return sorted(self.open_posts, key=lambda p: (not at_risk(p.persona), -p.priority, p.at))

    def mood_turns(self, n: int = 6) -> list[CrowdMoved]:
        """The largest recorded crowd jumps (either way), in drill order. The slow slide of
        silence is told by :meth:`slides`."""
        jumps = [e for e in self.crowd if not e.slide]
        top = sorted(jumps, key=lambda e: -abs(float(e.delta)))[:n]
        return sorted(top, key=lambda e: float(e.t))

    def slides(self, n: int = 4, least: float = 3.0) -> list[Slide]:
        """Stretches where silence wore the mood down minute after minute (the engine's
        once-a-minute ``slide`` events, run together while they keep coming): from, to, the
        mood it cost, how many people were waiting, and the most often waiting. The ``n``
        costliest stretches of at least ``least`` mood, in drill order."""
        runs: list[list[CrowdMoved]] = []
        for e in (e for e in self.crowd if e.slide):
            if runs and float(e.t) - float(runs[-1][-1].t) <= 61.0:
                runs[-1].append(e)
            else:
                runs.append([e])
        out = []
        for run in runs:
            cost = round(sum(float(e.delta) for e in run), 2)
            if cost > -least:
                continue
            who: Counter = Counter()
            for e in run:
                who.update(e.waiting or ())
            start = float(run[0].t) - 60.0
            out.append(Slide(max(0.0, start), float(run[-1].t), cost, len(who),
                             [h for h, _ in who.most_common(3)]))
        top = sorted(out, key=lambda x: x.delta)[:n]
        return sorted(top, key=lambda x: x.start)

    def penalties(self) -> Counter:
        """How many replies drew each penalty reason ("- ..." in the scorer's reasons)."""
        c: Counter = Counter()
        for r in self.replies:
            seen = set()
            for reason in r.event.reasons:
                s = str(reason).strip()
                if s.startswith("-") or s.startswith("−"):
                    key = s.lstrip("-− ").strip()
                    if key and key not in seen:
                        seen.add(key)
                        c[key] += 1
        return c

    def markers(self) -> Counter:
        c: Counter = Counter()
        for r in self.replies:
            for m in set(r.event.markers):
                c[m] += 1
        return c

    def facts_known(self, t: float) -> list[FactKnown]:
        return [f for f in self.facts if float(f.t) <= t + 1e-9]

    def previous_texts(self, rv: ReplyView, n: int = 20) -> list[str]:
        return [r.text for r in self.replies if r.index < rv.index][-n:]


# -- suggestions ---------------------------------------------------------------------------------
# What each of the scorer's penalty markers (scoring.markers) means, as "N replies <what>", and
# what to do about it. A marker not listed here (a newer scorer) falls back to its own reason.
MARKER_ADVICE = {
    "unsupported_eta": ("promised a fix time that the facts did not support",
                        "Say only what the facts panel says; with no ETA, say when the next update is."),
    "unsupported_compensation": ("promised compensation nobody had announced",
                                 "Promise only what has been announced; say you will update them if that changes."),
    "unsupported_cause": ("stated a cause the facts did not support",
                          "Until the cause is confirmed, say it is being investigated."),
    "speculation": ("speculated", "Say only what is known, and when you will know more."),
    "copy_paste": ("repeated an earlier reply word for word",
                   "People compare replies: write to the person, not to the queue."),
    "boilerplate": ("used corporate boilerplate", "Say something specific to the person and their problem."),
    "tone_policing": ("told someone how to feel (\"calm down\")", "Acknowledge the feeling instead of correcting it."),
    "blame": ("blamed the customer or someone else", "Own the problem: \"this is on us\" lands better than any excuse."),
    "arguing": ("argued with the customer", "Don't win the argument; admit the problem and help."),
    "sarcasm": ("read as sarcasm", "Sarcasm reads as contempt in a screenshot: say it straight."),
    "insult": ("insulted the customer", "Never hit back: every reply is public and can be screenshotted."),
    "shouting": ("shouted (capitals or !!!)", "Keep the volume down even when they don't."),
    "dismissive": ("brushed the person off", "Deal with their problem in the reply, or say who will."),
    "minimising": ("played down what happened to them", "Acknowledge the real cost before anything else."),
    "self_focus": ("talked about the brand's feelings", "Keep the focus on the customer, not on how hard it is for you."),
    "non_apology": ("gave a non-apology (\"sorry if you feel...\")", "Apologise for what happened, not for their feelings."),
    "humour_misplaced": ("joked with someone who was frightened or vulnerable",
                         "Save humour for jokers, never for someone scared or in need."),
    "humour_formal": ("used humour the brand's formal voice does not allow", "Match the brand voice in the briefing."),
    "too_long": (f"ran over {REPLY_LIMIT} characters", "One point per reply: it has to fit in a post."),
    "curt": ("said too little to help", "Say what is happening and what they can do, in one or two sentences."),
    "hashtag_spam": ("spammed hashtags or emoji", "Keep it plain."),
    "sales_pitch": ("tried to sell during the outage", "Help first; never sell in a crisis."),
    "legalese": ("hid behind terms and conditions", "Speak plainly and help."),
    "hedging": ("stayed vague", "Say plainly what you know, even if it is \"we don't know yet\"."),
    "press_missing": ("answered a journalist off the cuff", "Send journalists to the press office."),
    "ignores_question": ("did not answer the question asked", "Answer it, or say when you can."),
    "no_information": ("gave no information the person could use", "Add what is known, or what they can do now."),
    "internal_detail": ("overshared internal detail or blamed colleagues", "Keep internal matters internal."),
    "private_data_request": ("asked for private data in public", "Move it to DM, and never ask for passwords or PINs."),
    "empty_reply": ("said nothing at all", "Every reply should say something to the person."),
    "condescending": ("talked down to the person (\"it's simple\", \"read the FAQ\")",
                      "Answer the question as if it were the first time anyone asked it."),
    "profanity": ("swore in a brand reply", "Never swear on the brand account, even to match their tone."),
    "fault:secrets": ("asked for a password, PIN, code or other secret",
                      "Never ask for these, in public or by DM: it is what scammers do. Say the brand will never ask, "
                      "and how to check a call or message is really from you."),
    "fault:unsafe": ("contradicted the brand's safety advice",
                     "Repeat the safety facts exactly as the facts panel gives them; never improvise on safety."),
    "fault:no_safety_advice": ("left out the emergency advice for someone who may be in danger",
                               "When someone may be in danger, the safety facts come first: \"call 999\" before "
                               "anything else."),
    "fault:misleading": ("said something the facts do not support",
                         "Say only what is known; if you are not sure, say you will find out and when."),
    "fault:misplaced_humour": ("joked with someone who was frightened, grieving, ill or vulnerable",
                               "Humour is for jokers, never for someone scared or in need."),
    "generic": ("would fit any post", "Say something about theirs: their problem, their question, their stakes."),
    "flat_register": ("answered a joke like a press release",
                      "Match a joker's register with a light line of your own, then give the facts."),
    "not_english": ("were not in English", "Stormdesk scores replies in English: write the reply in English."),
    "emoji_only": ("were an emoji on its own", "An emoji tells them nothing: say something they can use."),
    "followup_repeat": ("followed up with nothing the earlier reply had not said",
                        "Follow up when you have news, a correction or a next step; saying it again is not an update."),
}
TRIAGE_REASON = "waited longer: triage first"


def _marker_reason(mid: str) -> str | None:
    """The scorer's own wording for a marker, without the quoted phrase (None if unknown)."""
    try:
        from scoring.markers import BY_ID
    except ImportError:
        return None
    m = BY_ID.get(mid)
    if m is None or m.good or not m.reason:
        return None
    text = m.reason.replace("'{q}' ", "").replace("({q})", "").replace("('{q}')", "").replace("{q}", "")
    return " ".join(text.split())


# How serious each fault is, 0-100: suggestions are ordered by this, not by how often a fault
# came up (one password request outweighs any number of boilerplate lines). Unknown markers 40.
SEVERITY = {
    "fault:secrets": 100, "fault:unsafe": 100, "fault:no_safety_advice": 100, "private_data_request": 96, "fault:misleading": 88,
    "fault:misplaced_humour": 86, "humour_misplaced": 86, "insult": 82, "profanity": 78,
    "unsupported_eta": 72, "unsupported_compensation": 72, "unsupported_cause": 66, "blame": 62,
    "sarcasm": 62, "arguing": 60, "speculation": 58, "tone_policing": 56, "condescending": 56,
    "dismissive": 52, "minimising": 52, "internal_detail": 50, "shouting": 46, "ignores_question": 46,
    "press_missing": 46, "sales_pitch": 46, "empty_reply": 42, "non_apology": 40, "copy_paste": 40,
    "no_information": 36, "generic": 32, "hedging": 30, "legalese": 30, "self_focus": 30, "too_long": 26,
    "curt": 26, "humour_formal": 26, "boilerplate": 20, "hashtag_spam": 16, "flat_register": 24,
    "not_english": 40, "emoji_only": 36, "followup_repeat": 30,
}
VULNERABLE_MISSED, NO_REPLIES, COVERAGE, TRIAGE, SLOW, SLIDE = 92, 90, 48, 50, 34, 44
HEADLINE = frozenset({"fault:secrets", "fault:unsafe", "fault:no_safety_advice", "private_data_request"})


def severity(marker: str) -> int:
    return SEVERITY.get(marker, 40)


def suggestions(a: Analysis, limit: int | None = None) -> list[str]:
    """Concrete advice, the most serious fault first (a secrets request or a contradicted safety
    fact always heads the list), then by how often it came up. One line per penalty marker in the
    replies, plus triage, speed, silence and coverage. Every count is a count of the journal's
    replies or posts."""
    found: list[tuple[int, int, str]] = []       # (severity, count, line)
    markers = a.markers()

    def plural(n: int) -> str:
        return "reply" if n == 1 else "replies"
    for m, n in markers.items():
        if m in MARKER_ADVICE:
            what, advice = MARKER_ADVICE[m]
            found.append((severity(m), n, f"{n} {plural(n)} {what}. {advice}"))
        elif _marker_reason(m) is not None:
            found.append((severity(m), n, f"{n} {plural(n)} marked down: {_marker_reason(m)}."))
    if not markers:
        # a journal without markers (an older scorer): fall back to the penalty reasons
        for reason, n in a.penalties().items():
            if not reason.startswith("took ") and TRIAGE_REASON not in reason:
                found.append((40, n, f"{n} {'reply was' if n == 1 else 'replies were'} marked down for: {reason}."))
    triage = sum(1 for r in a.replies if any(TRIAGE_REASON in str(x) for x in r.event.reasons))
    if triage:
        found.append((TRIAGE, triage, f"{triage} {plural(triage)} went to a post while more urgent ones (vulnerable "
                      f"people, big accounts) had been waiting longer. Triage first: vulnerable, then reach, then anger."))
    vuln = [p for p in a.open_posts if at_risk(p.persona)]
    if vuln:
        found.append((VULNERABLE_MISSED, len(vuln), f"{len(vuln)} vulnerable {'person was' if len(vuln) == 1 else 'people were'} "
                      f"never answered. Triage: vulnerable people first, then reach, then anger."))
    good = a.header.speed.get("good")
    timed = [r.seconds for r in a.replies if r.event.score("speed") is not None]
    if a.timed and good and timed:
        slow = sum(1 for s in timed if s > float(good))
        if slow * 2 > len(timed):
            found.append((SLOW, slow, f"{slow} of {len(timed)} replies took longer than {num(good)} s. A short, "
                          f"warm reply now beats a perfect one later."))
    slides = a.slides(n=99)
    if slides and a.replies:
        cost = sum(x.delta for x in slides)
        found.append((SLIDE, len(slides), f"Silence cost {-cost:.0f} mood over {len(slides)} "
                      f"stretch{'es' if len(slides) != 1 else ''} of the drill while people waited (see when the "
                      f"mood turned). A holding reply to everyone waiting stops the slide."))
    if a.open_posts and not a.replies:
        found.append((NO_REPLIES, len(a.open_posts), f"No replies were sent, and {len(a.open_posts)} posts went unanswered. "
                      f"Silence lets the anger snowball: even a short reply to the most urgent posts moves the crowd."))
    elif a.open_posts and len(a.open_posts) > len(a.replies):
        found.append((COVERAGE, len(a.open_posts), f"{len(a.open_posts)} posts were left unanswered against "
                      f"{len(a.replies)} replies. Shorter replies to more people move the crowd more."))
    found.sort(key=lambda x: (-x[0], -x[1]))
    out = [line for _, _, line in found][:limit]
    if not out:
        out.append("No penalty came up in your replies. Keep doing what you did.")
    return out


# -- a series over time, for a sparkline (sim.fmt.sparkline) --------------------------------------
def resample(series: list[tuple[float, float]], start: float, end: float, width: int) -> list[float | None]:
    """The last recorded value at or before each of ``width`` evenly spaced moments."""
    if not series or width <= 0:
        return []
    out: list[float | None] = []
    j = 0
    span = max(end - start, 1e-9)
    for k in range(width):
        at = start + span * (k + 1) / width
        while j + 1 < len(series) and series[j + 1][0] <= at + 1e-9:
            j += 1
        out.append(series[j][1] if series[j][0] <= at + 1e-9 else None)
    return out
