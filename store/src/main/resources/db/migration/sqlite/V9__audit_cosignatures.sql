-- Witness cosignatures (issue 16, C2SP tlog-witness and tlog-cosignature): one verified
-- cosignature/v1 note signature line per witness (its cosigner key string) on the saved checkpoint
-- of a size. A checkpoint is published once a quorum of the configured witnesses cosigned it.
CREATE TABLE audit_cosignature (
  size BIGINT NOT NULL,
  cosigner TEXT NOT NULL,
  line TEXT NOT NULL,
  PRIMARY KEY (size, cosigner)
);
CREATE INDEX audit_cosignature_by_cosigner ON audit_cosignature (cosigner, size);
