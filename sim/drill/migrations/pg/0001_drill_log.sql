-- Stormdesk drill log, schema version 1: the tables behind sim/drill/store.py's contract.
-- Applied by PgStore on first use (inside one transaction, under an advisory lock), and
-- recorded in stormdesk_schema. Never edit an applied migration: add 0002_*.sql.

CREATE TABLE stormdesk_schema (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per drill. The counters are the only writers' serialisation point: a seat's submit
-- bumps last_command (row lock held to commit, so command ids become visible in order, with
-- no gaps); the host's append bumps last_seq and applied_through in the same transaction as
-- its events.
CREATE TABLE stormdesk_drills (
    code             text PRIMARY KEY,
    facilitator_code text NOT NULL UNIQUE,
    protocol         integer NOT NULL,
    status           text NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'running', 'finished')),
    meta             json NOT NULL,
    created          bigserial NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_command     bigint NOT NULL DEFAULT 0,
    last_seq         bigint NOT NULL DEFAULT 0,
    applied_through  bigint NOT NULL DEFAULT 0,
    CHECK (code <> facilitator_code)
);

CREATE TABLE stormdesk_commands (
    drill       text NOT NULL REFERENCES stormdesk_drills (code) ON DELETE CASCADE,
    id          bigint NOT NULL,
    client_key  text NOT NULL,
    body        json NOT NULL,
    applied     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (drill, id),
    UNIQUE (drill, client_key)
);

CREATE TABLE stormdesk_events (
    drill       text NOT NULL REFERENCES stormdesk_drills (code) ON DELETE CASCADE,
    seq         bigint NOT NULL,
    command_id  bigint,
    body        json NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (drill, seq)
);
