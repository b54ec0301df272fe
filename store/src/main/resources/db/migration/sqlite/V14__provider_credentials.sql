-- Issue 14: provider credentials. Only ciphertext: each version is sealed (AES-256-GCM) under a
-- key derived through the threshold vetKD service (context dooor/cloud-credentials, input naming
-- provider, name and version), with provider, name, version and kind as associated data. A
-- rotation adds a version and retires the one before; a retired version is erased after its grace.
CREATE TABLE provider_credentials (
  provider   TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  kind       TEXT    NOT NULL,
  ciphertext BLOB    NOT NULL,
  created_by BLOB    NOT NULL,
  created_at TEXT    NOT NULL,
  retired_at TEXT,
  PRIMARY KEY (provider, name, version)
);
