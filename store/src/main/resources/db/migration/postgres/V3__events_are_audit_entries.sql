-- The audit log is the one record of events (DESIGN §7): every event was written to both
-- `events` and `audit_entry` in one transaction with the same sequence number, so the audit
-- entries already hold every event. Events are read from audit_entry from now on.
DROP TABLE events;
