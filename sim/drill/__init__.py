"""Team drills: one host process owns the drill and writes its event log; every seat reads it."""
