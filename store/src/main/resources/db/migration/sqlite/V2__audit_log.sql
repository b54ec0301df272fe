-- Audit log (issue 5): sequenced entries, the tiled Merkle tree, signed checkpoints.
-- Appends touch audit_sequence and audit_entry; the integrator touches audit_tree and audit_tile.
CREATE TABLE audit_sequence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  next_seq INTEGER NOT NULL
);
INSERT INTO audit_sequence (id, next_seq) VALUES (1, 0);

-- entry: canonical encoding v1 (io.dooor.audit.AuditEntry); leaf_hash: SHA-256(0x00 || entry).
CREATE TABLE audit_entry (
  seq INTEGER PRIMARY KEY,
  leaf_hash BLOB NOT NULL,
  entry BLOB NOT NULL
);

CREATE TABLE audit_tree (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  size INTEGER NOT NULL,
  root BLOB NOT NULL
);
INSERT INTO audit_tree (id, size, root)
  VALUES (1, 0, X'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

-- C2SP tlog-tiles tile (level, idx) at its latest width, followed by its interior nodes.
CREATE TABLE audit_tile (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  width INTEGER NOT NULL,
  nodes BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE audit_checkpoint (
  size INTEGER PRIMARY KEY,
  note TEXT NOT NULL
);
