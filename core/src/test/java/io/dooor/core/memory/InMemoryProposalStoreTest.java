package io.dooor.core.memory;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.MutableClock;
import io.dooor.core.testkit.ProposalStoreContractTest;

/** The proposal store contract in memory; a second open shares the same state. */
class InMemoryProposalStoreTest extends ProposalStoreContractTest {
  private InMemoryStore shared;

  @Override
  protected Store open(MutableClock clock) {
    if (shared == null) {
      shared = new InMemoryStore(clock);
    }
    return shared;
  }
}
