"""The post writer's data: its lines (``lines/*.yaml``, read by :mod:`sim.writer.lines`) and
its per-persona numbers (:mod:`sim.writer.numbers`). The writer itself is :mod:`sim.posts`."""
