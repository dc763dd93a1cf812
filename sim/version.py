"""Which Stormdesk wrote a drill: a fingerprint of the code that derives one.

A journal can be re-derived exactly (``stormdesk replay``) only by the code that wrote it: the
writer's lines, the engine, the crowd and the scorer decide every post, score and crowd number.
The header records this fingerprint (``code``) so that, when a journal from another version of
Stormdesk diverges, replay can say why instead of crying tampering. It covers every ``.py`` and
``.yaml`` file of ``sim`` (the screens aside: they derive nothing) and of ``scoring``.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_ROOTS = ("sim", "scoring")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    base = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for root in _ROOTS:
        for p in sorted((base / root).rglob("*")):
            rel = p.relative_to(base).as_posix()
            if p.suffix not in (".py", ".yaml") or rel.startswith("sim/tui/") or "__pycache__" in rel:
                continue
            try:
                data = p.read_bytes()
            except OSError:
                continue
            h.update(rel.encode() + b"\0" + data + b"\0")
    return h.hexdigest()[:16]
