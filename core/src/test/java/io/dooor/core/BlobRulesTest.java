package io.dooor.core;

import static io.dooor.core.CorePlane.caller;
import static io.dooor.core.CorePlane.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.ControlPlaneException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blob rules (issue 13) on the in-memory store alone: who may create, read, decrypt and rewrap;
 * the data epoch advancing with each deactivation in the same transaction; shard placement; the
 * repair lease and its fencing token.
 */
class BlobRulesTest {
  static final String ID = "00112233445566778899aabbccddeeff";
  final CountingKeyService keys = new CountingKeyService();
  final CorePlane t = new CorePlane(new FakeTee(), keys);
  final NodeKey controllerKey = CorePlane.newKey();
  final Caller controller = caller(controllerKey);
  final NodeKey operatorKey = CorePlane.newKey();
  final Caller operator = caller(operatorKey);
  final NodeKey auditorKey = CorePlane.newKey();
  final NodeKey recoveryKey = CorePlane.newKey();
  final NodeKey strangerKey = CorePlane.newKey();
  final List<NodeKey> nodeKeys = new ArrayList<>();

  @BeforeEach
  void setUp() throws ControlPlaneException {
    t.initialised(controllerKey);
    t.plane.grant(controller, operatorKey.principal(), Role.OPERATOR);
    t.plane.grant(controller, auditorKey.principal(), Role.AUDITOR);
    for (int i = 0; i < 4; i++) {
      NodeKey k = CorePlane.newKey();
      nodeKeys.add(k);
      t.admit(k, node(i));
      t.plane.advertiseShardEndpoint(caller(k), node(i), "http://127.0.0.1:" + (7000 + i));
    }
  }

  static NodeId node(int i) {
    return NodeId.of("n" + i);
  }

  Caller nodeCaller(int i) {
    return caller(nodeKeys.get(i));
  }

  /** A 2-of-3 manifest on n0..n2, targets n0 and n1, recovery {@code recoveryKey}. */
  BlobManifest manifest(long epoch, String wrapped, NodeId... placement) {
    List<BlobShard> shards = new ArrayList<>();
    for (int i = 0; i < placement.length; i++) {
      shards.add(
          new BlobShard(
              i, Digests.sha256(new byte[] {(byte) i}), placement[i], BlobShard.State.PENDING));
    }
    Bytes bytes = Bytes.of((ID + wrapped + List.of(placement)).getBytes(StandardCharsets.UTF_8));
    return new BlobManifest(
        ID,
        bytes,
        Digests.sha256(bytes.toArray()),
        epoch,
        2,
        1000,
        shards,
        List.of(node(0), node(1)),
        List.of(recoveryKey.principal()));
  }

  BlobManifest manifest() {
    return manifest(0, "w0", node(0), node(1), node(2));
  }

  @Test
  void anOperatorCreatesABlobAtTheCurrentEpochAndItIsRecorded() throws Exception {
    Blob blob = t.plane.createBlob(operator, manifest());
    assertThat(blob.state()).isEqualTo(Blob.State.PLACING);
    assertThat(blob.shards()).allMatch(s -> s.state() == BlobShard.State.PENDING);
    assertThat(blob.creator()).isEqualTo(operatorKey.principal());
    Event e = last();
    assertThat(e.action()).isEqualTo("blob.created");
    assertThat(e.details())
        .containsEntry("k", "2")
        .containsEntry("n", "3")
        .containsEntry("targets", "n0,n1")
        .containsEntry("manifest_sha256", manifest().digest().hex());
  }

  @Test
  void creationIsRefusedForStrangersAuditorsNodesWrongEpochsUsedIdsAndBadNodes() throws Exception {
    assertRefusedUnchanged(
        () -> t.plane.createBlob(caller(strangerKey), manifest()), Reason.FORBIDDEN);
    assertRefusedUnchanged(
        () -> t.plane.createBlob(caller(auditorKey), manifest()), Reason.FORBIDDEN);
    assertRefusedUnchanged(() -> t.plane.createBlob(nodeCaller(0), manifest()), Reason.FORBIDDEN);
    assertRefusedUnchanged(
        () -> t.plane.createBlob(operator, manifest(1, "w", node(0), node(1), node(2))),
        Reason.CONFLICT);
    assertRefusedUnchanged(
        () -> t.plane.createBlob(operator, manifest(0, "w", node(0), node(1), NodeId.of("nx"))),
        Reason.CONFLICT);
    t.plane.drainNode(controller, node(2), "planned");
    ControlPlaneException e =
        refusal(() -> t.plane.createBlob(operator, manifest(0, "w", node(0), node(1), node(2))));
    assertThat(e.failedChecks()).containsExactly("node n2 is DRAINING");
    t.plane.createBlob(operator, manifest(0, "w", node(0), node(1), node(3)));
    assertRefusedUnchanged(
        () -> t.plane.createBlob(operator, manifest(0, "w", node(0), node(1), node(3))),
        Reason.CONFLICT);
  }

  @Test
  void aNodeWithoutShardEndpointGetsNoShards() throws Exception {
    NodeKey k = CorePlane.newKey();
    t.admit(k, NodeId.of("bare"));
    ControlPlaneException e =
        refusal(
            () ->
                t.plane.createBlob(
                    operator, manifest(0, "w", node(0), node(1), NodeId.of("bare"))));
    assertThat(e.failedChecks()).containsExactly("node bare advertises no shard endpoint");
  }

  @Test
  void shardEndpointsAreCheckedAndOnlyTheNodeOrAnOperatorAdvertises() {
    for (String bad :
        new String[] {
          "", "ftp://h:1", "http://h", "http://h:1/path", "http://u@h:1", "x".repeat(201)
        }) {
      ControlPlaneException e =
          refusal(() -> t.plane.advertiseShardEndpoint(nodeCaller(0), node(0), bad));
      assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
      assertThat(e.getMessage()).contains("shard_endpoint");
    }
    assertThat(
            refusal(
                    () ->
                        t.plane.advertiseShardEndpoint(caller(strangerKey), node(0), "http://h:1"))
                .reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(t.store.shardEndpoint(node(0))).contains("http://127.0.0.1:7000");
  }

  @Test
  void placementIsReportedByTheHoldingActiveNodeOnlyAndCompletesTheBlob() throws Exception {
    t.plane.createBlob(operator, manifest());
    assertThat(refusal(() -> t.plane.shardStored(nodeCaller(1), ID, 0)).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.shardStored(operator, ID, 0)).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.shardStored(nodeCaller(0), ID, 3)).reason())
        .isEqualTo(Reason.INVALID_ARGUMENT);
    t.plane.shardStored(nodeCaller(0), ID, 0);
    t.plane.shardStored(nodeCaller(1), ID, 1);
    assertThat(t.store.blob(ID).orElseThrow().state()).isEqualTo(Blob.State.PLACING);
    Blob done = t.plane.shardStored(nodeCaller(2), ID, 2);
    assertThat(done.state()).isEqualTo(Blob.State.COMPLETE);
    assertThat(last().action()).isEqualTo("blob.shard_placed");
    assertThat(last().details()).containsEntry("index", "2").containsEntry("state", "COMPLETE");
  }

  @Test
  void readersAreListersAndDecryptorsOnly() throws Exception {
    t.plane.createBlob(operator, manifest());
    assertThat(t.plane.blob(operator, ID).mayDecrypt()).isFalse();
    assertThat(t.plane.blob(caller(auditorKey), ID).mayDecrypt()).isFalse();
    assertThat(t.plane.blob(nodeCaller(0), ID).mayDecrypt()).isTrue();
    assertThat(t.plane.blob(caller(recoveryKey), ID).mayDecrypt()).isTrue();
    assertThat(refusal(() -> t.plane.blob(nodeCaller(2), ID)).reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.blob(caller(strangerKey), ID)).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.blobs(nodeCaller(0))).reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(t.plane.blobs(caller(auditorKey))).hasSize(1);
    assertThat(refusal(() -> t.plane.blob(operator, "ab".repeat(16))).reason())
        .isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void theKeyGoesToActiveTargetsAndRecoveryPrincipalsUnderTheBlobsEpochContext() throws Exception {
    t.plane.createBlob(operator, manifest());
    var tk = keys.parseTransportKey(CountingKeyService.goodKey());
    DerivedKey k = t.plane.blobKey(nodeCaller(0), ID, tk);
    assertThat(k.context()).isEqualTo("dooor/data/e0");
    assertThat(k.input()).isEqualTo(Bytes.fromHex(ID));
    assertThat(k.rule()).isEqualTo(BlobRules.TARGET_NODE);
    assertThat(last().action()).isEqualTo("blob.key_released");
    assertThat(last().details()).containsEntry("requester", nodeKeys.get(0).principal().toText());
    assertThat(t.plane.blobKey(caller(recoveryKey), ID, tk).rule()).isEqualTo(BlobRules.RECOVERY);
  }

  @Test
  void theKeyIsRefusedToNonTargetsRoleHoldersStrangersAndTargetsThatAreNotActive()
      throws Exception {
    t.plane.createBlob(operator, manifest());
    var tk = keys.parseTransportKey(CountingKeyService.goodKey());
    for (Caller c :
        List.of(nodeCaller(2), operator, controller, caller(auditorKey), caller(strangerKey))) {
      ControlPlaneException e = refusal(() -> t.plane.blobKey(c, ID, tk));
      assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
      assertThat(e.refusal().orElseThrow().action()).isEqualTo("blob.key_refused");
    }
    t.clock.advance(CorePlane.HEARTBEAT_TIMEOUT.plusSeconds(1));
    t.plane.heartbeat(nodeCaller(0), node(0));
    t.plane.sweep();
    assertThat(t.store.node(node(1)).orElseThrow().state()).isEqualTo(NodeState.UNREACHABLE);
    assertThat(refusal(() -> t.plane.blobKey(nodeCaller(1), ID, tk)).getMessage())
        .contains("target node n1 is UNREACHABLE");
    t.plane.deactivateNode(controller, node(0), "compromised");
    assertThat(refusal(() -> t.plane.blobKey(nodeCaller(0), ID, tk)).getMessage())
        .contains("target node n0 is DEACTIVATED");
    assertThat(keys.derivations.get()).isZero();
  }

  @Test
  void deactivationAdvancesTheEpochInItsTransactionAndMarksShardsMissing() throws Exception {
    t.plane.createBlob(operator, manifest());
    for (int i = 0; i < 3; i++) {
      t.plane.shardStored(nodeCaller(i), ID, i);
    }
    assertThat(t.plane.dataEpoch(operator).context()).isEqualTo("dooor/data/e0");
    long before = t.store.eventCount();
    t.plane.deactivateNode(controller, node(2), "gone");
    assertThat(t.store.dataEpoch()).isEqualTo(1);
    List<Event> events = t.store.events(before, t.store.eventCount());
    assertThat(events)
        .extracting(Event::action)
        .containsExactly("data.epoch_advanced", "blob.shard_missing", "node.deactivate");
    assertThat(events.get(0).details()).containsEntry("previous", "0").containsEntry("epoch", "1");
    Blob blob = t.store.blob(ID).orElseThrow();
    assertThat(blob.state()).isEqualTo(Blob.State.DEGRADED);
    assertThat(blob.shards().get(2).state()).isEqualTo(BlobShard.State.MISSING);
    assertThat(t.plane.dataEpoch(nodeCaller(0)).epoch()).isEqualTo(1);
    assertThat(t.plane.dataEpoch(caller(recoveryKey)).epoch()).isEqualTo(1);
    assertThat(refusal(() -> t.plane.dataEpoch(caller(strangerKey))).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(refusal(() -> t.plane.dataEpoch(nodeCaller(2))).reason())
        .isEqualTo(Reason.FORBIDDEN);
  }

  @Test
  void rewrapAtTheCurrentEpochByADecryptorKeepsHistory() throws Exception {
    t.plane.createBlob(operator, manifest());
    t.plane.deactivateNode(controller, node(3), "spare");
    BlobManifest rewrapped = manifest(1, "w1", node(0), node(1), node(2));
    assertThat(refusal(() -> t.plane.rewrapBlob(operator, rewrapped)).reason())
        .isEqualTo(Reason.FORBIDDEN);
    assertThat(
            refusal(
                    () ->
                        t.plane.rewrapBlob(
                            caller(recoveryKey), manifest(0, "w", node(0), node(1), node(2))))
                .reason())
        .isEqualTo(Reason.CONFLICT);
    assertThat(
            refusal(
                    () ->
                        t.plane.rewrapBlob(
                            caller(recoveryKey), manifest(1, "w", node(0), node(1), node(3))))
                .reason())
        .isEqualTo(Reason.INVALID_ARGUMENT);
    Blob b = t.plane.rewrapBlob(caller(recoveryKey), rewrapped);
    assertThat(b.epoch()).isEqualTo(1);
    assertThat(t.store.manifestHistory(ID)).containsExactly(manifest().bytes(), rewrapped.bytes());
    assertThat(last().action()).isEqualTo("blob.rewrapped");
    var tk = keys.parseTransportKey(CountingKeyService.goodKey());
    assertThat(t.plane.blobKey(nodeCaller(0), ID, tk).context()).isEqualTo("dooor/data/e1");
  }

  @Test
  void repairsAreDueForLostNodesAndPlacementNeedsTheCurrentFencingToken() throws Exception {
    t.plane.createBlob(operator, manifest());
    for (int i = 0; i < 3; i++) {
      t.plane.shardStored(nodeCaller(i), ID, i);
    }
    assertThat(t.plane.repairsDue(Duration.ofMinutes(5))).isEmpty();
    t.plane.deactivateNode(controller, node(2), "gone");
    List<RepairJob> due = t.plane.repairsDue(Duration.ofMinutes(5));
    assertThat(due).singleElement().satisfies(j -> assertThat(j.index()).isEqualTo(2));
    Lease a = t.plane.leaseBlob("replica-a", ID, Duration.ofMinutes(1));
    assertThat(refusal(() -> t.plane.leaseBlob("replica-b", ID, Duration.ofMinutes(1))).reason())
        .isEqualTo(Reason.CONFLICT);
    t.clock.advance(Duration.ofMinutes(2));
    Lease b = t.plane.leaseBlob("replica-b", ID, Duration.ofMinutes(1));
    assertThat(b.token()).isEqualTo(a.token() + 1);
    BlobManifest moved = manifest(0, "w0", node(0), node(1), node(3));
    ControlPlaneException stale = refusal(() -> t.plane.repaired(a, moved, 2, node(3), 10));
    assertThat(stale.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(stale.getMessage()).contains("stale");
    assertThat(refusal(() -> t.plane.repaired(b, moved, 1, node(3), 10)).reason())
        .isEqualTo(Reason.INVALID_ARGUMENT);
    Blob repaired = t.plane.repaired(b, moved, 2, node(3), 10);
    assertThat(repaired.state()).isEqualTo(Blob.State.COMPLETE);
    assertThat(repaired.shards().get(2).node()).isEqualTo(node(3));
    assertThat(last().action()).isEqualTo("blob.repaired");
    assertThat(last().details()).containsEntry("from", "n2").containsEntry("to", "n3");
    assertThat(t.plane.repairsDue(Duration.ofMinutes(5))).isEmpty();
    assertThat(t.store.repairJobs())
        .singleElement()
        .satisfies(j -> assertThat(j.state()).isEqualTo(RepairJob.State.DONE));
  }

  private Event last() {
    return t.store.events(t.store.eventCount() - 1, t.store.eventCount()).get(0);
  }

  private void assertRefusedUnchanged(CorePlane.Op op, Reason reason) {
    long events = t.store.eventCount();
    List<Blob> blobs = t.store.blobs();
    assertThat(refusal(op).reason()).isEqualTo(reason);
    assertThat(t.store.eventCount()).isEqualTo(events);
    assertThat(t.store.blobs()).isEqualTo(blobs);
  }
}
