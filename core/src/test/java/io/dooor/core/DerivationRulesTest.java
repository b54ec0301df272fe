package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.DerivationRules.Refusal;
import io.dooor.core.memory.InMemoryStore;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.KeyServiceException;
import io.dooor.core.port.TransportKey;
import io.dooor.core.port.VerifiedEvidence;
import io.dooor.core.testkit.StoreFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The derivation rule table (README "Who may derive what") through the control plane's two derive
 * operations, over the {@link CountingKeyService} port and a {@link InMemoryStore}: every refusal
 * of the table is reached, each always in its one shape (FORBIDDEN naming exactly its check) and
 * named for the edge to record; allowed derivations record the rule and the holders combined and
 * excluded.
 */
class DerivationRulesTest {
  private static final Map<String, NodeKey> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final String NODE_KEY = ControlPlane.NODE_KEY_CONTEXT;

  final InMemoryStore store = new InMemoryStore(Clock.fixed(NOW, ZoneOffset.UTC));
  final CountingKeyService keys = new CountingKeyService();
  final ControlPlane plane =
      new ControlPlane(
          store, new NoEvidence(), keys, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30));
  final Caller controller = caller("controller");
  final Caller auditor = caller("auditor");
  final Caller stranger = caller("stranger");
  final Caller n1 = caller("node n1");
  final Caller n2 = caller("node n2");
  final Caller n3 = caller("node n3");
  final Caller n4 = caller("node n4");
  final Caller n5 = caller("node n5");
  final Caller n6 = caller("node n6");
  TransportKey tpk;

  @BeforeEach
  void setUp() throws Exception {
    store.inTransaction(
        tx -> {
          tx.addRole(controller.principal(), Role.CONTROLLER);
          tx.addRole(auditor.principal(), Role.AUDITOR);
          tx.putNode(StoreFixtures.withState(attested("n1", "node n1", 600), NodeState.ACTIVE, ""));
          tx.putNode(node("n2", "node n2")); // PENDING
          tx.putNode(
              StoreFixtures.withState(attested("n3", "node n3", 600), NodeState.DRAINING, ""));
          tx.putNode(StoreFixtures.withState(attested("n4", "node n4", 0), NodeState.DRAINING, ""));
          tx.putNode(StoreFixtures.withState(attested("n5", "node n5", 0), NodeState.ACTIVE, ""));
          tx.putNode(StoreFixtures.withState(attested("n6", "node n6", 600), NodeState.STALE, ""));
          return null;
        });
    tpk = keys.parseTransportKey(CountingKeyService.goodKey());
  }

  /** One way to ask for a key: through POST /v1/vetkd/derive or POST /v1/nodes/{id}/keys. */
  interface Ask {
    DerivedKey run() throws ControlPlaneException;
  }

  record Case(String what, Ask ask, Refusal refusal) {}

  List<Case> refusedCases() {
    return List.of(
        new Case(
            "controller, n1's key", derive(controller, NODE_KEY, "n1"), Refusal.NOT_NODE_IDENTITY),
        new Case("n1, n2's key", derive(n1, NODE_KEY, "n2"), Refusal.NOT_NODE_IDENTITY),
        new Case("n1, unknown node", derive(n1, NODE_KEY, "nope"), Refusal.NOT_NODE_IDENTITY),
        new Case("n1, not a node id", derive(n1, NODE_KEY, "N 1"), Refusal.NOT_NODE_IDENTITY),
        new Case("keys: stranger for n1", forNode(stranger, "n1"), Refusal.NOT_NODE_IDENTITY),
        new Case("keys: n1 for unknown", forNode(n1, "n9"), Refusal.NOT_NODE_IDENTITY),
        new Case("pending n2, own key", derive(n2, NODE_KEY, "n2"), Refusal.NODE_NOT_ACTIVE),
        new Case("keys: pending n2", forNode(n2, "n2"), Refusal.NODE_NOT_ACTIVE),
        new Case("draining n4, lapsed", forNode(n4, "n4"), Refusal.NODE_NOT_ACTIVE),
        new Case("active n5, lapsed", derive(n5, NODE_KEY, "n5"), Refusal.NODE_NOT_ACTIVE),
        new Case("stale n6 (judged again)", forNode(n6, "n6"), Refusal.NODE_NOT_ACTIVE),
        new Case("n1, dooor/backup", derive(n1, "dooor/backup", "n1"), Refusal.RESERVED_CONTEXT),
        new Case(
            "controller, dooor/x", derive(controller, "dooor/x", "x"), Refusal.RESERVED_CONTEXT),
        new Case("stranger, other input", derive(stranger, "app", "x"), Refusal.INPUT_NOT_CALLER),
        new Case("controller for n1", deriveFor(controller, "app", n1), Refusal.INPUT_NOT_CALLER),
        new Case(
            "auditor for controller",
            deriveFor(auditor, "app", controller),
            Refusal.INPUT_NOT_CALLER),
        new Case("n1 without a role", deriveFor(n1, "app", n1), Refusal.NO_ROLE),
        new Case("stranger without a role", deriveFor(stranger, "app", stranger), Refusal.NO_ROLE));
  }

  @Test
  void everyRefusalHasOneShapeIsRecordedAndDerivesNothing() {
    Set<Refusal> reached = EnumSet.noneOf(Refusal.class);
    for (Case c : refusedCases()) {
      long before = store.eventCount();
      assertThatThrownBy(() -> c.ask().run())
          .as(c.what())
          .isInstanceOfSatisfying(
              ControlPlaneException.class,
              e -> {
                assertThat(e.reason())
                    .as(c.what())
                    .isEqualTo(ControlPlaneException.Reason.FORBIDDEN);
                assertThat(e.failedChecks()).as(c.what()).containsExactly(c.refusal().check());
                assertThat(e.refusal().orElseThrow().action())
                    .as(c.what())
                    .isEqualTo(KeyDerivation.ACTION);
              });
      assertThat(store.eventCount()).as("the edge records it, not the plane").isEqualTo(before);
      reached.add(c.refusal());
    }
    assertThat(reached)
        .as("every row of the table is reached")
        .isEqualTo(EnumSet.allOf(Refusal.class));
    assertThat(keys.derivations).hasValue(0);
  }

  @Test
  void theChecksAreTheFiveOfTheReadme() {
    List<String> checks = new ArrayList<>();
    for (Refusal r : Refusal.values()) {
      checks.add(r.check());
    }
    assertThat(checks)
        .containsExactly(
            "derive.not_node_identity",
            "derive.node_not_active",
            "derive.reserved_context",
            "derive.input_not_caller",
            "derive.no_role");
  }

  @Test
  void anActiveNodeDerivesItsOwnKeyBothWaysAndTheEventNamesTheHolders() throws Exception {
    DerivedKey viaDerive = derive(n1, NODE_KEY, "n1").run();
    assertThat(viaDerive.rule()).isEqualTo(DerivationRules.NODE_KEY);
    assertRecordedOk("vetkd:" + NODE_KEY, "n1");
    DerivedKey viaKeys = forNode(n1, "n1").run();
    assertThat(viaKeys.encryptedKey()).isEqualTo(viaDerive.encryptedKey());
    assertRecordedOk("node:n1", "n1");
    assertThat(keys.parses).as("decoded once, in setUp, for both derivations").hasValue(1);
    assertThat(keys.derivations).hasValue(2);
  }

  @Test
  void aDrainingNodeFinishesItsWorkWhileItsAttestationIsValid() throws Exception {
    assertThat(forNode(n3, "n3").run().encryptedKey().length()).isEqualTo(192);
    assertThat(derive(n3, NODE_KEY, "n3").run().rule()).isEqualTo(DerivationRules.NODE_KEY);
  }

  @Test
  void aRoleHolderDerivesForItsOwnPrincipal() throws Exception {
    DerivedKey k = deriveFor(auditor, "app/notes", auditor).run();
    assertThat(k.rule()).isEqualTo(DerivationRules.OWN_PRINCIPAL);
    assertThat(k.encryptedKey().length()).isEqualTo(192);
    assertThat(last().details()).containsEntry("rule", "own-principal");
  }

  @Test
  void nodeKeysLiveUnderDooorAndContextsAreBounded() {
    assertThatThrownBy(() -> plane.deriveNodeKey(n1, NodeId.of("n1"), "app/x", tpk))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.INVALID_ARGUMENT));
    assertThatThrownBy(() -> deriveFor(controller, "x".repeat(256), controller).run())
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.INVALID_ARGUMENT);
              assertThat(e.refusal().orElseThrow().action()).isEqualTo(KeyDerivation.ACTION);
            });
    assertThat(keys.derivations).hasValue(0);
  }

  @Test
  void theKeyServiceDecodesTransportKeysAndRefusesTheIdentity() {
    byte[] identity = new byte[48];
    identity[0] = (byte) 0xc0;
    assertThatThrownBy(() -> keys.parseTransportKey(Bytes.of(identity)))
        .isInstanceOfSatisfying(
            KeyServiceException.class,
            e -> assertThat(e.reason()).isEqualTo(KeyServiceException.Reason.INVALID_INPUT));
    assertThatThrownBy(() -> keys.parseTransportKey(Bytes.of(new byte[47])))
        .isInstanceOf(KeyServiceException.class);
  }

  private void assertRecordedOk(String subject, String input) {
    Event e = last();
    assertThat(e.outcome()).isEqualTo(Event.Outcome.OK);
    assertThat(e.subject()).isEqualTo(subject);
    assertThat(e.details())
        .containsEntry("rule", "node-key")
        .containsEntry("input_sha256", Digests.sha256Hex(utf8(input)))
        .containsEntry("holders_combined", "1,3")
        .containsEntry("holders_excluded", "2:timeout");
  }

  private Ask derive(Caller who, String context, String input) {
    return () -> plane.deriveKey(who, context, utf8(input), tpk);
  }

  private Ask deriveFor(Caller who, String context, Caller forWhom) {
    return () -> plane.deriveKey(who, context, Bytes.of(forWhom.principal().toBytes()), tpk);
  }

  private Ask forNode(Caller who, String id) {
    return () -> {
      DerivedNodeKey k = plane.deriveNodeKey(who, NodeId.of(id), NODE_KEY, tpk);
      return new DerivedKey(k.context(), k.input(), "", k.encryptedKey(), k.derivedPublicKey());
    };
  }

  /** The latest recorded event. */
  private Event last() {
    long n = store.eventCount();
    return store.events(n - 1, n).get(0);
  }

  private static Node node(String id, String key) {
    return Node.registered(NodeId.of(id), TeeType.SIM, "w", key(key), NOW);
  }

  /** A node attested until {@code seconds} from now (0: lapsed now). */
  private static Node attested(String id, String key, long seconds) {
    return node(id, key)
        .withAttestation(
            Map.of(), "NotApplicable", "", NOW.minusSeconds(60), NOW.plusSeconds(seconds), 1);
  }

  private static Caller caller(String key) {
    return CorePlane.caller(key(key));
  }

  /** One real identity key per name, so a caller and its node share it. */
  private static NodeKey key(String name) {
    return KEYS.computeIfAbsent(name, n -> CorePlane.newKey());
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  /** No evidence is verified in these tests. */
  private static final class NoEvidence extends EvidenceVerifier {
    @Override
    public boolean supports(TeeType type) {
      return false;
    }

    @Override
    public VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
        throws EvidenceException {
      throw new EvidenceException(EvidenceException.Reason.UNSUPPORTED_FORMAT, "none");
    }
  }
}
