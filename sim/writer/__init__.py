"""The post writer's data: its lines (``lines/*.yaml``, read by :mod:`sim.writer.lines`). Its
per-persona numbers are in the one persona table (``sim/personas.yaml``, :mod:`sim.personas`).
The writer itself is :mod:`sim.posts`."""
