package io.dooor.store;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.MutableClock;
import io.dooor.core.testkit.ProposalStoreContractTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The proposal store contract (migration V12) on a real PostgreSQL, one database per test. */
class PostgresProposalStoreTest extends ProposalStoreContractTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer("proposals");

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
