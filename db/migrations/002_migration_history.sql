-- Schema v2 (scilit 0.2.0). Which migrations made this database, each with the SHA-256 of its SQL text as shipped:
-- a database whose history differs from the code's (an edited or unknown migration) is refused untouched, as
-- Actual Budget does. The runner fills this table (db/migrate.ts), including the row of 001 for a 0.1.0 database
-- whose schema it has checked against 001's.
CREATE TABLE schema_migrations (
  version     INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  checksum    TEXT NOT NULL,
  applied_at  TEXT NOT NULL
);
