-- Schema v4 (scilit 0.2.0). Signed field packages (issue 16, issue 21 findings 4 and 5): each laptop signs its packages with a key
-- of its own (Ed25519), and the office imports only packages signed by a laptop it registered.

-- This laptop's signing key (one row at most): made on first use, never leaves the database except as the public
-- half. The private key is PKCS#8 DER, base64; the database file is the user's alone (0600).
CREATE TABLE device_identity (
  device_id    TEXT PRIMARY KEY,
  public_key   TEXT NOT NULL,            -- raw Ed25519 public key, base64
  private_key  TEXT NOT NULL,            -- PKCS#8 DER, base64
  created_at   TEXT NOT NULL
);

-- The laptops the office accepts packages from, each with its public key. may_revise_others: a supervisor's laptop
-- whose revisions of other laptops' interviews supersede them (otherwise such a revision is kept as a conflict).
CREATE TABLE registered_devices (
  device_id          TEXT PRIMARY KEY,
  public_key         TEXT NOT NULL UNIQUE,
  may_revise_others  INTEGER NOT NULL DEFAULT 0 CHECK (may_revise_others IN (0, 1)),
  registered_at      TEXT NOT NULL
);
