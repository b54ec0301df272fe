package io.dooor.audit.internal;

import io.dooor.audit.AuditException;
import io.dooor.audit.StoredTile;
import java.util.Optional;

/** Reads stored tiles by (tile level, tile index). */
@FunctionalInterface
public interface TileSource {
  Optional<StoredTile> tile(int level, long index) throws AuditException;
}
