package io.dooor.store;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.MutableClock;
import io.dooor.core.testkit.ProposalStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The proposal store contract (migration V12) on an SQLite file, reopened as another store. */
class SqliteProposalStoreTest extends ProposalStoreContractTest {
  @TempDir Path dir;

  @Override
  protected Store open(MutableClock clock) {
    return JdbcStore.sqlite(dir.resolve("dooor.db"), clock);
  }
}
