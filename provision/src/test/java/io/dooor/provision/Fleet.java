package io.dooor.provision;

import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.core.Node;
import io.dooor.core.NodeId;
import io.dooor.core.NodeKey;
import io.dooor.core.NodeState;
import io.dooor.core.PolicySpec;
import io.dooor.core.TeeType;
import io.dooor.core.memory.InMemoryStore;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.VerifiedEvidence;
import io.dooor.core.testkit.MutableClock;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A control plane on the in-memory store with a simulated provider, for the reconciler's tests. The
 * machines' agents are played by {@link #admit}: a node stored ACTIVE under the key that redeemed
 * the machine's join token (the real agents run in the end-to-end test).
 */
final class Fleet {
  final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  final InMemoryStore store = new InMemoryStore(clock);
  final ControlPlane plane =
      new ControlPlane(
          store, new NoEvidence(), KeyService.unavailable("none"), clock, Duration.ofSeconds(30));
  final SimulatedProvider local =
      new SimulatedProvider("local", Set.of("local"), Set.of(TeeType.SIM));
  final ProviderCatalog catalog = ProviderCatalog.of(local);
  final Workloads workloads = new Workloads(store, new WorkloadSpecParser(catalog), clock);
  final JoinTokens tokens = new JoinTokens(store, clock, Duration.ofMinutes(30));
  final NodeKey controllerKey = newKey();
  final Caller controller = caller(controllerKey);

  Fleet() throws Exception {
    plane.init(controllerKey.principal());
    plane.setPolicy(
        controller,
        new PolicySpec(
            "demo",
            Set.of(TeeType.SIM),
            Map.of("MEASUREMENT", Set.of(Specs.MEASUREMENT)),
            Map.of(),
            Set.of("NotApplicable"),
            false,
            Duration.ofMinutes(10),
            Duration.ofMinutes(1)));
  }

  Reconciler reconciler(String replica) {
    return new Reconciler(
        store, plane, workloads, catalog, tokens, replica, "http://127.0.0.1:1", clock);
  }

  /** The machine's agent: redeems its join token with a fresh key, then is stored ACTIVE. */
  NodeKey admit(MachineRequest request) throws Exception {
    NodeKey key = newKey();
    tokens.redeem(caller(key), joinToken(request));
    store(request, key, NodeState.ACTIVE);
    return key;
  }

  static String joinToken(MachineRequest request) {
    return new String(request.joinToken().toArray(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Stores the machine's node under {@code key} in {@code state}: attested now if ACTIVE, never
   * attested if PENDING.
   */
  void store(MachineRequest request, NodeKey key, NodeState state) {
    Instant now = clock.instant();
    Node n = Node.registered(NodeId.of(request.machineId()), TeeType.SIM, "demo", key, now);
    Node stored =
        new Node(
            n.id(),
            state,
            n.teeType(),
            n.workload(),
            n.nodeKey(),
            n.principal(),
            n.measurements(),
            n.tcbStatus(),
            n.platformId(),
            now,
            state == NodeState.PENDING ? null : now,
            state == NodeState.PENDING ? null : now.plus(Duration.ofMinutes(10)),
            now,
            1,
            "ok",
            0);
    store.inTransaction(
        tx -> {
          tx.putNode(stored);
          return null;
        });
  }

  static NodeKey newKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      return new NodeKey(Bytes.of(g.generateKeyPair().getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Caller caller(NodeKey key) {
    return new Caller(key.principal(), key.spki(), Bytes.empty());
  }

  /** Evidence is not verified in these tests: nodes are stored as their agents would leave them. */
  private static final class NoEvidence extends EvidenceVerifier {
    @Override
    public boolean supports(TeeType type) {
      return false;
    }

    @Override
    public VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
        throws EvidenceException {
      throw new EvidenceException(
          EvidenceException.Reason.UNSUPPORTED_FORMAT, "not in these tests");
    }
  }

  /** The workload's machines in {@code state}. */
  List<io.dooor.core.provision.Machine> machines(
      String workload, io.dooor.core.provision.MachineState state) {
    return store
        .<List<io.dooor.core.provision.Machine>, RuntimeException>inTransaction(
            tx -> tx.machines(workload))
        .stream()
        .filter(m -> m.state() == state)
        .toList();
  }

  /** The recorded events of {@code action}, oldest first. */
  List<io.dooor.core.Event> events(String action) {
    return store.events(0, Long.MAX_VALUE).stream().filter(e -> e.action().equals(action)).toList();
  }
}
