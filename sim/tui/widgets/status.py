"""The status bar: in-world clock, wave, mode, running scores, answered and waiting."""
from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from sim.engine import DrillState
from sim.fmt import whole as _n




class StatusBar(Static):
    DEFAULT_CSS = "StatusBar { height: auto; max-height: 2; padding: 0 1; text-style: bold; }"
    state: reactive[DrillState | None] = reactive(None, always_update=True)

    def watch_state(self, st: DrillState | None) -> None:
        if st is None:
            return
        tot = st.totals
        mode = "turns (untimed)" if st.mode == "turns" else "realtime"
        flag = " ⏸ PAUSED" if st.paused else " ■ OVER" if st.finished else ""
        t = Text(f"{st.world_time} · wave {st.wave}/{st.waves} · {mode}{flag} │ ")
        speed = "" if st.mode == "turns" else f"speed {_n(tot.speed)} "
        t.append(f"empathy {_n(tot.empathy)} {speed}tone {_n(tot.tone)} "
                 f"substance {_n(tot.substance)} │ answered {tot.answered} · waiting {len(st.queue)}")
        self.update(t)
