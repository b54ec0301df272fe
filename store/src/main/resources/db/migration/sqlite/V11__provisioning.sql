-- Issue 14: provisioning. Workload specs (every version kept; the highest is in force; a deletion
-- is a version), the machines the reconciler asked providers for (recorded with their client
-- token before the create call, so a crash never duplicates a machine), one-time join tokens
-- (their SHA-256 only) and leases with fencing tokens (one reconciler per workload at a time).
CREATE TABLE workload_specs (
  name       TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  spec       TEXT    NOT NULL,
  deleted    INTEGER NOT NULL,
  updated_by BLOB    NOT NULL,
  updated_at TEXT    NOT NULL,
  PRIMARY KEY (name, version)
);

CREATE TABLE machines (
  id           TEXT NOT NULL PRIMARY KEY,
  workload     TEXT NOT NULL,
  provider     TEXT NOT NULL,
  region       TEXT NOT NULL,
  client_token TEXT NOT NULL UNIQUE,
  provider_ref TEXT NOT NULL,
  state        TEXT NOT NULL,
  joined_by    TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX machines_by_workload ON machines (workload, created_at);

CREATE TABLE join_tokens (
  digest     BLOB NOT NULL PRIMARY KEY,
  machine_id TEXT NOT NULL,
  workload   TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT
);

CREATE TABLE provision_leases (
  name          TEXT    NOT NULL PRIMARY KEY,
  holder        TEXT    NOT NULL,
  fencing_token INTEGER NOT NULL,
  expires_at    TEXT    NOT NULL
);
