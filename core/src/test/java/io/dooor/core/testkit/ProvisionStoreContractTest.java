package io.dooor.core.testkit;

import static io.dooor.core.testkit.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.port.Store;
import io.dooor.core.provision.JoinToken;
import io.dooor.core.provision.Machine;
import io.dooor.core.provision.MachineState;
import io.dooor.core.provision.WorkloadRow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provisioning part of the {@link Store} port (issue 14, migration V11), run against each
 * implementation: spec versions, machines, and join tokens; committed state survives a reopen (a
 * second replica, or the same file opened again).
 */
public abstract class ProvisionStoreContractTest {
  protected final MutableClock clock = new MutableClock(T0);
  protected Store store;

  protected abstract Store open(MutableClock clock);

  @BeforeEach
  protected void openStore() {
    store = open(clock);
  }

  @AfterEach
  protected void closeStore() {
    store.close();
  }

  private static Optional<WorkloadRow> workload(Store s, String name) {
    return s.<Optional<WorkloadRow>, RuntimeException>inTransaction(tx -> tx.workload(name));
  }

  private Optional<JoinToken> token(Bytes digest) {
    return store.<Optional<JoinToken>, RuntimeException>inTransaction(tx -> tx.joinToken(digest));
  }

  private static WorkloadRow spec(String name, long version, boolean deleted) {
    return new WorkloadRow(
        name, version, "{\"v\":" + version + "}", deleted, StoreFixtures.principal("c"), T0);
  }

  private static Machine machine(String id, String workload, int second) {
    return new Machine(
        id,
        workload,
        "local",
        "here",
        "tok-" + id,
        "",
        MachineState.REQUESTED,
        "",
        T0.plusSeconds(second),
        T0.plusSeconds(second));
  }

  @Test
  void specVersionsAreKeptAndTheHighestIsInForce() {
    store.inTransaction(
        tx -> {
          tx.putWorkload(spec("b", 1, false));
          tx.putWorkload(spec("a", 1, false));
          tx.putWorkload(spec("a", 2, true));
          return null;
        });
    Store again = open(clock);
    List<WorkloadRow> all = again.inTransaction(tx -> tx.workloads());
    assertThat(all).extracting(WorkloadRow::name).containsExactly("a", "b");
    assertThat(all.get(0)).isEqualTo(spec("a", 2, true));
    assertThat(workload(again, "b")).contains(spec("b", 1, false));
    assertThat(workload(again, "c")).isEmpty();
    again.close();
  }

  @Test
  void committedWorkloadsAndMachinesAreReadOutsideTransactions() {
    store.inTransaction(
        tx -> {
          tx.putWorkload(spec("b", 1, false));
          tx.putWorkload(spec("a", 1, false));
          tx.putWorkload(spec("a", 2, false));
          tx.putMachine(machine("b-2", "b", 2));
          tx.putMachine(machine("a-3", "a", 3));
          tx.putMachine(machine("b-1", "b", 1));
          return null;
        });
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putMachine(machine("a-0", "a", 0));
                      tx.putWorkload(spec("c", 1, false));
                      throw new IllegalStateException("rolled back");
                    }))
        .isInstanceOf(IllegalStateException.class);
    Store again = open(clock);
    for (Store s : List.of(store, again)) {
      assertThat(s.workloads()).containsExactly(spec("a", 2, false), spec("b", 1, false));
      assertThat(s.machines()).extracting(Machine::id).containsExactly("a-3", "b-1", "b-2");
      assertThat(s.machines())
          .isEqualTo(
              s.<List<Machine>, RuntimeException>inTransaction(
                  tx ->
                      java.util.stream.Stream.concat(
                              tx.machines("a").stream(), tx.machines("b").stream())
                          .toList()));
    }
    again.close();
  }

  @Test
  void aStoredSpecVersionIsNotWrittenTwice() {
    store.inTransaction(
        tx -> {
          tx.putWorkload(spec("a", 1, false));
          return null;
        });
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putWorkload(spec("a", 1, true));
                      return null;
                    }))
        .isInstanceOf(RuntimeException.class);
    assertThat(workload(store, "a")).contains(spec("a", 1, false));
  }

  @Test
  void machinesAreReplacedByIdAndListedOldestFirstPerWorkload() {
    Machine m1 = machine("m1", "w", 2);
    Machine m2 = machine("m2", "w", 1);
    store.inTransaction(
        tx -> {
          tx.putMachine(m1);
          tx.putMachine(m2);
          tx.putMachine(machine("x", "other", 0));
          tx.putMachine(
              m1.withProviderRef("i-1", T0.plusSeconds(5))
                  .with(MachineState.RUNNING, T0.plusSeconds(5))
                  .joinedBy("p", T0.plusSeconds(6)));
          return null;
        });
    List<Machine> w = store.inTransaction(tx -> tx.machines("w"));
    assertThat(w).extracting(Machine::id).containsExactly("m2", "m1");
    assertThat(w.get(1).state()).isEqualTo(MachineState.RUNNING);
    assertThat(w.get(1).providerRef()).isEqualTo("i-1");
    assertThat(w.get(1).joinedBy()).isEqualTo("p");
  }

  @Test
  void joinTokensAreFoundByDigestAndMarkedUsed() {
    Bytes digest = Digests.sha256("secret".getBytes(StandardCharsets.UTF_8));
    JoinToken t = new JoinToken(digest, "m1", "w", T0.plusSeconds(600), null);
    store.inTransaction(
        tx -> {
          tx.putJoinToken(t);
          return null;
        });
    assertThat(token(digest)).contains(t);
    store.inTransaction(
        tx -> {
          tx.putJoinToken(t.usedAt(T0.plusSeconds(1)));
          return null;
        });
    Optional<JoinToken> used = token(digest);
    assertThat(used.flatMap(JoinToken::used)).contains(T0.plusSeconds(1));
    Bytes other = Digests.sha256("other".getBytes(StandardCharsets.UTF_8));
    assertThat(token(other)).isEmpty();
  }
}
