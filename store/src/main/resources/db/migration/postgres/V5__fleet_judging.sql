-- Issue 12: judging the fleet again and the automatic decisions of each workload's policy.

-- Consecutive failed verify_attestation of a node (reset by a success).
ALTER TABLE nodes ADD COLUMN failed_attestations INTEGER NOT NULL DEFAULT 0;

-- The automatic decisions (AutoDeactivation); existing policies get the safe defaults: never by
-- time or count (deactivation is terminal), always for a Revoked TCB.
ALTER TABLE policies ADD COLUMN unreachable_grace TEXT NOT NULL DEFAULT 'PT0S';
ALTER TABLE policies ADD COLUMN max_failed_attestations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE policies ADD COLUMN deactivate_on_tcb_revoked BOOLEAN NOT NULL DEFAULT TRUE;

-- Each node's last verified evidence (NodeEvidence): the bytes, to verify them again when the
-- collateral changes, and the verified claims a node row does not carry, to judge them again under
-- a new policy. One row per node, replaced by each successful attestation.
CREATE TABLE node_evidence (
  node_id            TEXT    NOT NULL PRIMARY KEY REFERENCES nodes (id),
  evidence           BYTEA   NOT NULL,
  numbers            TEXT    NOT NULL,
  debug              BOOLEAN NOT NULL,
  collateral_version TEXT    NOT NULL,
  verified_at        TEXT    NOT NULL
);
