-- Control-plane state (DESIGN §8), SQLite dialect. Instants and durations are ISO-8601 text
-- (exact round trip); maps and sets are canonical JSON (sorted keys and elements).

CREATE TABLE nodes (
  id                     TEXT    NOT NULL PRIMARY KEY,
  state                  TEXT    NOT NULL,
  tee_type               TEXT    NOT NULL,
  workload               TEXT    NOT NULL,
  node_key               BLOB    NOT NULL,
  principal              BLOB    NOT NULL,
  measurements           TEXT    NOT NULL,
  tcb_status             TEXT    NOT NULL,
  platform_id            TEXT    NOT NULL,
  registered_at          TEXT    NOT NULL,
  attested_at            TEXT,
  attestation_expires_at TEXT,
  last_heartbeat_at      TEXT,
  policy_version         INTEGER NOT NULL,
  reason                 TEXT    NOT NULL
);
CREATE INDEX nodes_principal ON nodes (principal);

CREATE TABLE challenges (
  node_id    TEXT NOT NULL PRIMARY KEY,
  nonce      BLOB NOT NULL,
  expires_at TEXT NOT NULL
);

-- Every version of every policy is kept; the highest version is in force.
CREATE TABLE policies (
  workload              TEXT    NOT NULL,
  version               INTEGER NOT NULL,
  allowed_types         TEXT    NOT NULL,
  reference_values      TEXT    NOT NULL,
  minimums              TEXT    NOT NULL,
  accepted_tcb_statuses TEXT    NOT NULL,
  allow_debug           INTEGER NOT NULL,
  attestation_ttl       TEXT    NOT NULL,
  challenge_ttl         TEXT    NOT NULL,
  updated_by            BLOB    NOT NULL,
  updated_at            TEXT    NOT NULL,
  PRIMARY KEY (workload, version)
);

CREATE TABLE principals (
  principal BLOB NOT NULL PRIMARY KEY,
  role      TEXT NOT NULL
);

-- Signed-request nonces (RFC 9421 "nonce"), kept until they expire (epoch milliseconds).
CREATE TABLE request_nonces (
  key_id     TEXT    NOT NULL,
  nonce      TEXT    NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (key_id, nonce)
);
CREATE INDEX request_nonces_expiry ON request_nonces (expires_at);

-- The event record: seq is gap-free from 0, assigned inside the writing transaction.
CREATE TABLE events (
  seq            INTEGER NOT NULL PRIMARY KEY,
  time           TEXT    NOT NULL,
  actor          BLOB    NOT NULL,
  action         TEXT    NOT NULL,
  subject        TEXT    NOT NULL,
  request_digest BLOB    NOT NULL,
  outcome        TEXT    NOT NULL,
  reason         TEXT    NOT NULL,
  details        TEXT    NOT NULL
);
