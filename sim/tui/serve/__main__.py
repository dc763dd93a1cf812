"""What textual-serve runs for each browser tab: `python -m sim.tui.serve`."""
from __future__ import annotations

import sys

from sim.tui.serve.join import run

if __name__ == "__main__":
    sys.exit(run())
