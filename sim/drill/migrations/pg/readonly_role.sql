-- A read-only database role for projector and observer seats (not applied automatically:
-- creating roles needs a superuser or CREATEROLE). Run it once, as the database owner, after
-- the first `stormdesk drill host --store postgresql://...` has created the tables:
--
--   psql "postgresql://OWNER@DBHOST/stormdesk" -v pw="'a long password'" \
--        -f sim/drill/migrations/pg/readonly_role.sql
--
-- Seats that only watch then join with
--   --store postgresql://stormdesk_viewer@DBHOST/stormdesk   (password in PGPASSWORD or ~/.pgpass)
-- They can read drills and events and LISTEN for wake-ups; they cannot queue commands or
-- write events (PostgreSQL refuses, and Stormdesk says so in one line).
-- The viewer never sees the facilitator's code (column privileges leave it out).
CREATE ROLE stormdesk_viewer LOGIN PASSWORD :pw;
SELECT current_database() AS db \gset
GRANT CONNECT ON DATABASE :"db" TO stormdesk_viewer;
GRANT USAGE ON SCHEMA public TO stormdesk_viewer;
GRANT SELECT ON stormdesk_schema, stormdesk_events TO stormdesk_viewer;
GRANT SELECT (code, protocol, status, meta, created, created_at, last_command, last_seq,
              applied_through) ON stormdesk_drills TO stormdesk_viewer;
