package io.dooor.core.testkit;

import static io.dooor.core.testkit.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.port.Store;
import io.dooor.core.proposal.Decision;
import io.dooor.core.proposal.Proposal;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.core.proposal.ProposalState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proposal part of the {@link Store} port (issue 16, migration V12), run against each
 * implementation: a proposal and its decisions in order, state changes, newest first, a rollback
 * leaves nothing, and committed state survives a reopen.
 */
public abstract class ProposalStoreContractTest {
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

  static Proposal proposal(String id, int second, String change) {
    Bytes bytes = Bytes.of(change.getBytes(StandardCharsets.UTF_8));
    return new Proposal(
        id,
        ProposalKind.POLICY,
        bytes,
        Digests.sha256(bytes.toArray()),
        StoreFixtures.principal("p"),
        T0.plusSeconds(second),
        T0.plusSeconds(second + 3600),
        2,
        ProposalState.PENDING,
        List.of(decision("p", Decision.Vote.APPROVE, second)));
  }

  static Decision decision(String who, Decision.Vote vote, int second) {
    return new Decision(
        StoreFixtures.principal(who),
        vote,
        T0.plusSeconds(second),
        Digests.sha256(who.getBytes(StandardCharsets.UTF_8)));
  }

  private static Optional<Proposal> read(Store s, String id) {
    return s.<Optional<Proposal>, RuntimeException>inTransaction(tx -> tx.proposal(id));
  }

  private void put(Proposal p) {
    store.inTransaction(
        tx -> {
          tx.putProposal(p);
          return null;
        });
  }

  @Test
  void aProposalIsStoredWithItsExactBytesAndDecisionsInOrder() {
    Proposal p = proposal("0123456789abcdef0123456789abcdef", 1, "change\n\u0000bytes");
    put(p);
    Proposal next =
        p.with(decision("b", Decision.Vote.REJECT, 5))
            .with(decision("a", Decision.Vote.APPROVE, 7))
            .in(ProposalState.APPLIED);
    put(next);
    Store again = open(clock);
    Proposal back = read(again, p.id()).orElseThrow();
    assertThat(back).isEqualTo(next);
    assertThat(back.decisions())
        .extracting(Decision::vote)
        .containsExactly(Decision.Vote.APPROVE, Decision.Vote.REJECT, Decision.Vote.APPROVE);
    assertThat(back.approvers())
        .containsExactly(StoreFixtures.principal("p"), StoreFixtures.principal("a"));
    assertThat(read(again, "ffffffffffffffffffffffffffffffff")).isEmpty();
    if (again != store) {
      again.close();
    }
  }

  @Test
  void proposalsAreListedNewestFirst() {
    put(proposal("00000000000000000000000000000002", 2, "b"));
    put(proposal("00000000000000000000000000000001", 9, "a"));
    put(proposal("00000000000000000000000000000003", 2, "c"));
    List<Proposal> all = store.inTransaction(tx -> tx.proposals());
    assertThat(all)
        .extracting(Proposal::id)
        .containsExactly(
            "00000000000000000000000000000001",
            "00000000000000000000000000000002",
            "00000000000000000000000000000003");
  }

  @Test
  void aRolledBackProposalLeavesNothing() {
    Proposal p = proposal("0000000000000000000000000000000a", 1, "x");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.putProposal(p);
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");
    assertThat(read(store, p.id())).isEmpty();
  }

  @Test
  void oneControllerHasOneDecisionPerProposal() {
    Proposal p = proposal("0000000000000000000000000000000b", 1, "x");
    put(p);
    assertThatThrownBy(() -> put(p.with(decision("p", Decision.Vote.REJECT, 2))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(read(store, p.id())).contains(p);
  }
}
