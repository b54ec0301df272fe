-- Issue 13: encrypted data spread across nodes. The control plane keeps each blob's manifest (no
-- key, no plaintext), where its shards are and whether they arrived, the data epoch, the nodes'
-- shard endpoints and the repair jobs.

-- The current data epoch: blob keys are wrapped under vetKD context dooor/data/e<epoch>; every node
-- deactivation advances it (in the deactivation's transaction).
CREATE TABLE data_epoch (
  id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  epoch BIGINT  NOT NULL
);
INSERT INTO data_epoch (id, epoch) VALUES (1, 0);

-- The base URL of each node agent's shard store, as last advertised.
CREATE TABLE node_shard_endpoints (
  node_id  TEXT NOT NULL PRIMARY KEY REFERENCES nodes (id),
  endpoint TEXT NOT NULL
);

-- One row per blob: its current manifest, the facts decided on, and the repair lease (fencing
-- token increases with every new holder).
CREATE TABLE blobs (
  id              TEXT    NOT NULL PRIMARY KEY,
  state           TEXT    NOT NULL,
  manifest        BYTEA   NOT NULL,
  manifest_sha256 BYTEA   NOT NULL,
  epoch           BIGINT  NOT NULL,
  k               INTEGER NOT NULL,
  size            BIGINT  NOT NULL,
  targets         TEXT    NOT NULL,
  recovery        TEXT    NOT NULL,
  creator         BYTEA   NOT NULL,
  created_at      TEXT    NOT NULL,
  lease_owner     TEXT    NOT NULL,
  lease_token     BIGINT  NOT NULL,
  lease_until     TEXT    NOT NULL
);

CREATE TABLE blob_shards (
  blob_id TEXT    NOT NULL REFERENCES blobs (id),
  idx     INTEGER NOT NULL,
  sha256  BYTEA   NOT NULL,
  node_id TEXT    NOT NULL,
  state   TEXT    NOT NULL,
  PRIMARY KEY (blob_id, idx)
);
CREATE INDEX blob_shards_by_node ON blob_shards (node_id);

-- Every manifest a blob has had (creation, rewraps, repairs), oldest first.
CREATE TABLE blob_manifests (
  blob_id  TEXT    NOT NULL REFERENCES blobs (id),
  version  INTEGER NOT NULL,
  manifest BYTEA   NOT NULL,
  PRIMARY KEY (blob_id, version)
);

-- The repair of one shard, resumed after a restart.
CREATE TABLE repair_jobs (
  blob_id     TEXT    NOT NULL REFERENCES blobs (id),
  idx         INTEGER NOT NULL,
  from_node   TEXT    NOT NULL,
  to_node     TEXT,
  state       TEXT    NOT NULL,
  bytes_moved BIGINT  NOT NULL,
  detail      TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL,
  PRIMARY KEY (blob_id, idx)
);
