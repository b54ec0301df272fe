package io.dooor.core;

import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judging the fleet again (issue 12), the part done before the sweep's write transaction: which
 * nodes to judge, and the evidence verified again. A node is judged again when its workload's
 * policy version is no longer the one it was judged under (its kept claims against the new policy,
 * no TEE needed), and when the verifier's collateral for its TEE type changed since its evidence
 * was verified ({@link EvidenceVerifier#collateralVersion}): then its kept evidence is verified
 * again, at the current time, against the current collateral (a TCB status that became Revoked, a
 * revoked PCK). Verification may fetch collateral, so it runs here, outside any transaction.
 */
final class Rejudging {
  /** The failed check of a verifier that could not get collateral (not a verdict). */
  static final String UNAVAILABLE = "collateral_available";

  private final EvidenceVerifier verifier;

  /** The collateral version of each TEE type whose fleet was last verified again (this process). */
  private final Map<TeeType, String> seen = new java.util.concurrent.ConcurrentHashMap<>();

  Rejudging(EvidenceVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * The kept evidence of a node verified again at {@code at}: the verified evidence, or the
   * refusal.
   *
   * @param attestedAt the node's attestation this verdict is about (ignored once it re-attested)
   * @param collateralVersion the collateral version it was verified under
   */
  record Verdict(
      Instant attestedAt,
      VerifiedEvidence verified,
      EvidenceException refused,
      String collateralVersion) {

    /** The failed checks of the verification itself (none when it verified). */
    List<String> refusals() {
      if (refused == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      refused.failedChecks().forEach(c -> out.add("evidence " + refused.reason() + ": " + c));
      return out;
    }

    /** Whether the vendor now says the TCB (or the platform key) is revoked. */
    boolean revoked() {
      if (refused != null) {
        return refused.reason() == EvidenceException.Reason.REVOKED;
      }
      return AutoDeactivation.REVOKED.equals(verified.tcbStatus());
    }
  }

  /** The collateral version of each type the verifier handles now. */
  Map<TeeType, String> collateralNow() {
    Map<TeeType, String> now = new EnumMap<>(TeeType.class);
    for (TeeType t : TeeType.values()) {
      if (verifier.supports(t)) {
        now.put(t, verifier.collateralVersion(t));
      }
    }
    return now;
  }

  /**
   * The judged nodes (ACTIVE, DRAINING) of {@code fleet} whose kept evidence was verified under
   * other collateral than {@code current}, for the types whose collateral changed since the last
   * pass.
   */
  List<Node> toVerifyAgain(View view, List<Node> fleet, Map<TeeType, String> current) {
    List<Node> out = new ArrayList<>();
    for (Node node : fleet) {
      String version = current.get(node.teeType());
      if (!node.state().isJudged()
          || version == null
          || Objects.equals(seen.get(node.teeType()), version)) {
        continue;
      }
      view.evidence(node.id())
          .filter(kept -> !kept.collateralVersion().equals(version))
          .ifPresent(kept -> out.add(node));
    }
    return out;
  }

  /**
   * Verifies each node's kept evidence again at {@code now}. Evidence that could not be judged
   * because the collateral was unavailable (failed check {@code collateral_available}, e.g. the
   * PCCS is down) gets no verdict, and its type is removed from {@code current} so that the next
   * pass tries again: an outage of the collateral service is not a verdict on the fleet.
   */
  Map<NodeId, Verdict> verifyAgain(
      View view, List<Node> nodes, Map<TeeType, String> current, Instant now) {
    Map<NodeId, Verdict> verdicts = new HashMap<>();
    java.util.Set<TeeType> retry = java.util.EnumSet.noneOf(TeeType.class);
    for (Node node : nodes) {
      NodeEvidence kept = view.evidence(node.id()).orElse(null);
      if (kept == null) {
        continue;
      }
      String version = current.get(node.teeType());
      try {
        VerifiedEvidence v = verifier.verify(node.teeType(), kept.evidence(), now);
        verdicts.put(node.id(), new Verdict(node.attestedAt(), v, null, version));
      } catch (EvidenceException e) {
        if (e.failedChecks().stream().anyMatch(c -> c.startsWith(UNAVAILABLE))) {
          retry.add(node.teeType());
        } else {
          verdicts.put(node.id(), new Verdict(node.attestedAt(), null, e, version));
        }
      }
    }
    retry.forEach(current::remove);
    return verdicts;
  }

  /** Remembers that the fleet was verified again under {@code current}. */
  void done(Map<TeeType, String> current) {
    seen.putAll(current);
  }
}
