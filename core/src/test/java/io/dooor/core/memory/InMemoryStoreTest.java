package io.dooor.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.port.Store;
import io.dooor.core.testkit.MutableClock;
import io.dooor.core.testkit.StoreContractTest;
import io.dooor.core.testkit.StoreFixtures;
import org.junit.jupiter.api.Test;

/** The store contract in memory; a second {@link #open} is a replica sharing the same state. */
class InMemoryStoreTest extends StoreContractTest {
  private InMemoryStore shared;

  @Override
  protected Store open(MutableClock clock) {
    if (shared == null) {
      shared = new InMemoryStore(clock);
    }
    return shared;
  }

  @Test
  void aCommittedTransactionIsNotChangedByALaterOneThatFails() {
    store.inTransaction(tx -> tx.append(StoreFixtures.event("a", "s")));
    var before = store.events(0, 10);
    try {
      store.inTransaction(
          tx -> {
            tx.putNode(StoreFixtures.pendingNode("n1"));
            tx.append(StoreFixtures.event("b", "s"));
            throw new IllegalStateException("refused");
          });
    } catch (IllegalStateException expected) {
      // rolled back
    }
    assertThat(store.events(0, 10)).isEqualTo(before);
    assertThat(store.nodes()).isEmpty();
  }
}
