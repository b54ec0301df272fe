-- Issue 16: m of n controller approvals. A proposal holds the exact change (canonical bytes) and
-- its SHA-256, which every approval names; decisions are kept in the order they arrived, one per
-- controller (the signed request that carried each is recorded in the audit log).
CREATE TABLE proposals (
  id           TEXT    NOT NULL PRIMARY KEY,
  kind         TEXT    NOT NULL,
  change_bytes BYTEA   NOT NULL,
  digest       BYTEA   NOT NULL,
  proposer     BYTEA   NOT NULL,
  created_at   TEXT    NOT NULL,
  expires_at   TEXT    NOT NULL,
  threshold    INTEGER NOT NULL,
  state        TEXT    NOT NULL
);
CREATE INDEX proposals_by_state ON proposals (state);

CREATE TABLE proposal_decisions (
  proposal_id    TEXT    NOT NULL REFERENCES proposals (id),
  seq            INTEGER NOT NULL,
  principal      BYTEA   NOT NULL,
  vote           TEXT    NOT NULL,
  decided_at     TEXT    NOT NULL,
  request_digest BYTEA   NOT NULL,
  PRIMARY KEY (proposal_id, seq),
  UNIQUE (proposal_id, principal)
);
