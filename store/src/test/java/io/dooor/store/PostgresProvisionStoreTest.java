package io.dooor.store;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.MutableClock;
import io.dooor.core.testkit.ProvisionStoreContractTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provisioning store contract (migration V11) on a real PostgreSQL, one database per test. */
class PostgresProvisionStoreTest extends ProvisionStoreContractTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer("provision");

  @BeforeEach
  @Override
  protected void openStore() {
    PG.freshDatabase();
    super.openStore();
  }

  @Override
  protected Store open(MutableClock clock) {
    return PG.open(clock);
  }
}
