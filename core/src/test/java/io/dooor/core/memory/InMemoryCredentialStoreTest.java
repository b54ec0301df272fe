package io.dooor.core.memory;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.CredentialStoreContractTest;
import io.dooor.core.testkit.MutableClock;

/** The provider-credential store contract in memory; a second open shares the same state. */
class InMemoryCredentialStoreTest extends CredentialStoreContractTest {
  private InMemoryStore shared;

  @Override
  protected Store open(MutableClock clock) {
    if (shared == null) {
      shared = new InMemoryStore(clock);
    }
    return shared;
  }
}
