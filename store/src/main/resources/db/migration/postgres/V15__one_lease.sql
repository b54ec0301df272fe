-- One lease implementation (issues 14 and 15): the reconciler's per-workload lease and the shard
-- repair's per-blob lease are held in the leases table of V8 (duties reconcile:WORKLOAD and
-- repair:BLOB, with fencing tokens). Their former homes are read by nothing any more.
DROP TABLE provision_leases;
ALTER TABLE blobs DROP COLUMN lease_owner;
ALTER TABLE blobs DROP COLUMN lease_token;
ALTER TABLE blobs DROP COLUMN lease_until;
