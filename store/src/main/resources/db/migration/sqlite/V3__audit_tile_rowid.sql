-- audit_tile becomes an ordinary rowid table (issue 5, inclusion proofs at scale). A WITHOUT ROWID
-- table keeps whole rows in its primary-key b-tree, which suits rows under about 1/20 of a page;
-- a tile row is 16 KiB, so interior pages held only a few keys each and a lookup by (level, idx)
-- walked a deep tree. Now the (level, idx) index is narrow and the rowid b-tree shallow: a tile
-- read takes about half the CPU. PostgreSQL keeps V2's table (a heap with a separate index).
CREATE TABLE audit_tile_rowid (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  width INTEGER NOT NULL,
  nodes BLOB NOT NULL,
  PRIMARY KEY (level, idx)
);
INSERT INTO audit_tile_rowid (level, idx, width, nodes)
  SELECT level, idx, width, nodes FROM audit_tile ORDER BY level, idx;
DROP TABLE audit_tile;
ALTER TABLE audit_tile_rowid RENAME TO audit_tile;
