package io.dooor.server.keyshare;

import io.dooor.core.Principal;
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
}
