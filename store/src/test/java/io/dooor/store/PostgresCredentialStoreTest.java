package io.dooor.store;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.CredentialStoreContractTest;
import io.dooor.core.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider-credential store contract (migration V14) on a real PostgreSQL, one database per
 * test.
 */
class PostgresCredentialStoreTest extends CredentialStoreContractTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer("credentials");

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
