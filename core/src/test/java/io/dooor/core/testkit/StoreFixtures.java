package io.dooor.core.testkit;

import io.dooor.common.Bytes;
import io.dooor.core.AutoDeactivation;
import io.dooor.core.Challenge;
import io.dooor.core.Event;
import io.dooor.core.Node;
import io.dooor.core.NodeEvidence;
import io.dooor.core.NodeId;
import io.dooor.core.NodeKey;
import io.dooor.core.NodeState;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.TeeType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Records with every field set to a distinctive value, for store tests. */
public final class StoreFixtures {
  public static final Instant T0 = Instant.parse("2026-11-25T21:00:00.123456789Z");

  private StoreFixtures() {}

  /** A distinct key per seed: one DER SEQUENCE (storage does not care what it holds). */
  public static NodeKey key(String seed) {
    byte[] body = ("spki-der-of-" + seed).getBytes(StandardCharsets.UTF_8);
    byte[] der = new byte[body.length + 2];
    der[0] = 0x30;
    der[1] = (byte) body.length;
    System.arraycopy(body, 0, der, 2, body.length);
    return new NodeKey(Bytes.of(der));
  }

  public static Principal principal(String seed) {
    return key(seed).principal();
  }

  public static Node fullNode(String id) {
    return new Node(
        NodeId.of(id),
        NodeState.ACTIVE,
        TeeType.TDX,
        "inference",
        key(id),
        principal(id),
        Map.of("mrtd", "ab".repeat(48), "rtmr0", "cd".repeat(48), "z-last", ""),
        "UpToDate",
        "platform-" + id,
        T0,
        T0.plusSeconds(1),
        T0.plusSeconds(3601),
        T0.plusNanos(7),
        3,
        "admitted under policy 3",
        2);
  }

  /** {@code n} as a store would hold it after deactivation (no lifecycle check: storage only). */
  public static Node deactivated(Node n) {
    return withState(n, NodeState.DEACTIVATED, "operator asked");
  }

  /** {@code n} in {@code state} for {@code reason}, as stored (no lifecycle check). */
  public static Node withState(Node n, NodeState state, String reason) {
    return new Node(
        n.id(),
        state,
        n.teeType(),
        n.workload(),
        n.nodeKey(),
        n.principal(),
        n.measurements(),
        n.tcbStatus(),
        n.platformId(),
        n.registeredAt(),
        n.attestedAt(),
        n.attestationExpiresAt(),
        n.lastHeartbeatAt(),
        n.policyVersion(),
        reason,
        n.failedAttestations());
  }

  public static Node pendingNode(String id) {
    return Node.registered(NodeId.of(id), TeeType.SIM, "dev", key(id), T0);
  }

  /** Kept evidence of node {@code id}, every field distinctive. */
  public static NodeEvidence evidence(String id, int fill) {
    byte[] bytes = new byte[700];
    java.util.Arrays.fill(bytes, (byte) fill);
    return new NodeEvidence(
        NodeId.of(id),
        Bytes.of(bytes),
        Map.of("ISVSVN", 7L, "TCB", Long.MAX_VALUE),
        fill % 2 == 0,
        "pcs:instance:" + fill,
        T0.plusMillis(fill));
  }

  public static Challenge challenge(String id, int fill) {
    byte[] nonce = new byte[Challenge.NONCE_LENGTH];
    java.util.Arrays.fill(nonce, (byte) fill);
    return new Challenge(NodeId.of(id), Bytes.of(nonce), T0.plusSeconds(300));
  }

  public static Policy policy(String workload, long version) {
    return new Policy(
        workload,
        version,
        Set.of(TeeType.TDX, TeeType.SNP),
        Map.of("mrtd", Set.of("aa", "bb"), "measurement", Set.of("cc")),
        Map.of("isvsvn", 4L, "tcb", Long.MAX_VALUE),
        Set.of("UpToDate", "SWHardeningNeeded"),
        version % 2 == 0,
        Duration.ofMinutes(61).plusNanos(5),
        Duration.ofSeconds(299),
        new AutoDeactivation(
            Duration.ofSeconds(90).plusNanos(3), (int) version + 2, version % 2 == 1),
        principal("controller"),
        T0.plusSeconds(version));
  }

  public static Event event(String action, String subject) {
    return new Event(
        -1,
        T0.plusMillis(5),
        principal("operator"),
        action,
        subject,
        digest(subject),
        Event.Outcome.OK,
        "done",
        Map.of("state", "ACTIVE", "policy", "3"));
  }

  public static Event refused(String subject) {
    return new Event(
        -1,
        T0,
        Principal.anonymous(),
        "node.verify",
        subject,
        Bytes.empty(),
        Event.Outcome.REFUSED,
        "NONCE_MISMATCH: report data does not bind the challenge",
        Map.of());
  }

  private static Bytes digest(String s) {
    byte[] out = new byte[32];
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(in, 0, out, 0, Math.min(in.length, 32));
    return Bytes.of(out);
  }
}
