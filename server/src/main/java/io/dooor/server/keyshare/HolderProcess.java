package io.dooor.server.keyshare;

import io.dooor.core.Policy;
import io.dooor.core.Principal;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.keyshare.ControlPlaneCheck;
import io.dooor.keyshare.HolderTee;
import io.dooor.keyshare.KeyShareServer;
import io.dooor.server.internal.Problems;
import io.dooor.vetkd.threshold.KeyShare;
import java.time.Clock;

/**
 * The key-share holder process ({@code dooor keyshare start}) as this deployment runs it: refusing
 * with the server's one error table ({@link Problems}), so that a reason both share (request
 * authentication, a malformed derive-share request) has one status and one code.
 */
public final class HolderProcess {
  private HolderProcess() {}

  /** A holder of {@code share} answering only {@code controlPlane}; not yet listening. */
  public static KeyShareServer create(KeyShare share, Principal controlPlane, Clock clock) {
    return KeyShareServer.create(share, controlPlane, clock, Problems::of);
  }

  /**
   * A holder in a TEE (issue 16): {@code tee} (or null) produces its evidence; with a {@code
   * controlPlanePolicy} (or null: not checked), it answers derivations only while the control
   * plane's evidence, verified by {@code verifier} and bound to the holder's challenge and the
   * control plane's key, passes that policy, for the policy's {@code attestation_ttl_seconds}.
   */
  public static KeyShareServer create(
      KeyShare share,
      Principal controlPlane,
      Clock clock,
      HolderTee tee,
      Policy controlPlanePolicy,
      EvidenceVerifier verifier) {
    ControlPlaneCheck check =
        controlPlanePolicy == null
            ? null
            : (type, evidence, expected, at) -> {
              PeerEvidence.judge(verifier, controlPlanePolicy, type, evidence, expected, at);
              return at.plus(controlPlanePolicy.attestationTtl());
            };
    return KeyShareServer.create(share, controlPlane, clock, Problems::of, tee, check);
  }
}
