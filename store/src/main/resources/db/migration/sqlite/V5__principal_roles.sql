-- A principal may hold several roles (DESIGN §2): one row per (principal, role), so a grant adds
-- a role and a revoke removes one, instead of a grant replacing the principal's only role.
CREATE TABLE principal_roles (
  principal BLOB NOT NULL,
  role      TEXT NOT NULL,
  PRIMARY KEY (principal, role)
);
INSERT INTO principal_roles (principal, role) SELECT principal, role FROM principals;
DROP TABLE principals;
