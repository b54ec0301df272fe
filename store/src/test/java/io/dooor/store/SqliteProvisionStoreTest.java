package io.dooor.store;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.MutableClock;
import io.dooor.core.testkit.ProvisionStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The provisioning store contract (migration V11) on an SQLite file, reopened as another store. */
class SqliteProvisionStoreTest extends ProvisionStoreContractTest {
  @TempDir Path dir;

  @Override
  protected Store open(MutableClock clock) {
    return JdbcStore.sqlite(dir.resolve("dooor.db"), clock);
  }
}
