-- Audit log (issue 5): sequenced entries, the tiled Merkle tree, signed checkpoints.
-- Appends touch audit_sequence and audit_entry; the integrator touches audit_tree and audit_tile,
-- so integration never blocks appends. The audit_sequence row lock serialises appends across
-- replicas until commit, which keeps sequence numbers gap-free.
CREATE TABLE audit_sequence (
  id SMALLINT PRIMARY KEY CHECK (id = 1),
  next_seq BIGINT NOT NULL
);
INSERT INTO audit_sequence (id, next_seq) VALUES (1, 0);

-- entry: canonical encoding v1 (io.dooor.audit.AuditEntry); leaf_hash: SHA-256(0x00 || entry).
CREATE TABLE audit_entry (
  seq BIGINT PRIMARY KEY,
  leaf_hash BYTEA NOT NULL,
  entry BYTEA NOT NULL
);

CREATE TABLE audit_tree (
  id SMALLINT PRIMARY KEY CHECK (id = 1),
  size BIGINT NOT NULL,
  root BYTEA NOT NULL
);
INSERT INTO audit_tree (id, size, root)
  VALUES (1, 0, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'));

-- C2SP tlog-tiles tile (level, idx) at its latest width, followed by its interior nodes.
CREATE TABLE audit_tile (
  level SMALLINT NOT NULL,
  idx BIGINT NOT NULL,
  width SMALLINT NOT NULL,
  nodes BYTEA NOT NULL,
  PRIMARY KEY (level, idx)
);

CREATE TABLE audit_checkpoint (
  size BIGINT PRIMARY KEY,
  note TEXT NOT NULL
);
