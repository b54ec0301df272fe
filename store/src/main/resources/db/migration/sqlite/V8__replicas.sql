-- Issue 15: replicas sharing one database.

-- Leases of background duties (sweep, audit integration and checkpoint signing, ...) with their
-- fencing tokens: token grows by one each time the duty passes to another holder; expires_at is
-- epoch milliseconds. A duty's writes check (duty, holder, token, unexpired) in their transaction.
CREATE TABLE leases (
  duty       TEXT   NOT NULL PRIMARY KEY,
  holder     TEXT   NOT NULL,
  token      BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

-- The deployment identity shared by every replica, written once (dooor init, or the first start)
-- and never replaced: the vetKD canister id, the threshold public key, and the audit signing key
-- and control-plane identity, both sealed (AES-256-GCM) under the deployment's sealing key.
CREATE TABLE deployment_identity (
  name  TEXT  NOT NULL PRIMARY KEY,
  value BLOB NOT NULL
);
