package io.dooor.store;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.CredentialStoreContractTest;
import io.dooor.core.testkit.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider-credential store contract (migration V14) on an SQLite file, reopened as another
 * store.
 */
class SqliteCredentialStoreTest extends CredentialStoreContractTest {
  @TempDir Path dir;

  @Override
  protected Store open(MutableClock clock) {
    return JdbcStore.sqlite(dir.resolve("dooor.db"), clock);
  }
}
