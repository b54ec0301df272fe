package io.dooor.audit.internal;

import io.dooor.audit.AuditException;

/** Source of complete-subtree hashes: the hash at tree level {@code level}, index {@code index}. */
@FunctionalInterface
public interface HashReader {
  byte[] hash(int level, long index) throws AuditException;
}
