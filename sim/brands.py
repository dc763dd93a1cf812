"""A scenario copied from another keeps the old brand by mistake: find it.

``stormdesk validate`` calls :func:`brand_warnings` for each file. It looks for another bundled
scenario's brand in this file's text: the brand's name ("Vela Mobile"), its short name as posts
use it ("Vela"), its handle ("@VelaMobile") and its brand hashtags (the hashtags that carry the
brand's name, "#VelaDown"; a generic tag such as "#CupFinal" may fairly appear in two
scenarios). Anything this scenario's own brand also uses is not reported. Each finding is a
warning (``FILE:LINE:COL: warning: ...``): it does not change validate's exit status, since the
file is still a valid scenario, but its drill would post "#VelaDown" for another brand.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

MAX_PER_TOKEN = 3


@dataclass(frozen=True)
class BrandWarning:
    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: warning: {self.message}"


def _short(name: str) -> str:
    return (name.split() or [""])[0]


def _hashtags(sc) -> set[str]:
    tags: set[str] = set()
    for w in sc.waves:
        tags |= set(w.hashtags)
    for e in tuple(sc.events) + tuple(c.then for c in getattr(sc, "conditions", ())):
        tags |= set(getattr(e, "hashtags", ()) or ())
    return tags


def brand_tokens(sc) -> dict[str, str]:
    """What marks a scenario's brand: token -> what it is ("brand name", "handle", "hashtag")."""
    name, short = sc.brand.name, _short(sc.brand.name)
    out = {name: "brand name", sc.brand.handle: "handle"}
    if len(short) >= 4:
        out[short] = "brand name"
    stem = sc.brand.handle.lstrip("@")
    for tag in _hashtags(sc):
        body = tag.lstrip("#").lower()
        if (len(short) >= 4 and short.lower() in body) or stem.lower() in body:
            out[tag] = "hashtag"
    return out


def _pattern(token: str) -> re.Pattern:
    # a whole word: "Vela" is not found inside "#VelaDown" or "Velan", "@VelaMobile" not in "@VelaMobileHelp"
    return re.compile(r"(?<![\w#@])" + re.escape(token) + r"(?!\w)", re.IGNORECASE)


def brand_warnings(path: str | os.PathLike) -> list[BrandWarning]:
    """Warnings for another bundled scenario's brand in the file at ``path`` (none when the file
    cannot be loaded: validate reports that itself). Never raises."""
    try:
        from sim.scenario import list_bundled, load_scenario
        sc = load_scenario(str(path))
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        others = [o for o in list_bundled() if o.brand.name != sc.brand.name]
    except Exception:  # an unloadable file is validate's to report, not ours
        return []
    own = {t.lower() for t in brand_tokens(sc)}
    lines = text.splitlines()
    found: list[BrandWarning] = []
    for other in others:
        for token, what in brand_tokens(other).items():
            if token.lower() in own:
                continue
            rx = _pattern(token)
            hits = [(n, m.start() + 1) for n, line in enumerate(lines, 1)
                    if not line.lstrip().startswith("#")          # a YAML comment
                    for m in rx.finditer(line)]
            for n, col in hits[:MAX_PER_TOKEN]:
                found.append(BrandWarning(
                    os.fspath(path), n, col,
                    f"{token!r} is the {what} of the bundled scenario {other.id!r} ({other.brand.name}), "
                    f"not of this scenario's brand {sc.brand.name!r}: left over from a copy?"
                    + (f" ({len(hits) - MAX_PER_TOKEN} more like it)" if len(hits) > MAX_PER_TOKEN
                       and (n, col) == hits[MAX_PER_TOKEN - 1] else "")))
    return sorted(found, key=lambda w: (w.line, w.col))
