package io.dooor.core;

import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.StoreReads;
import java.util.Locale;
import java.util.Set;

/** The one role check: the caller must hold a role granting one of the roles named. */
public final class RoleCheck {
  private RoleCheck() {}

  /**
   * Returns if {@code caller} holds a role granting any of {@code anyOf}.
   *
   * @throws ControlPlaneException FORBIDDEN naming the caller and the first role asked for
   */
  public static void requireAny(StoreReads reads, Caller caller, Role... anyOf)
      throws ControlPlaneException {
    Set<Role> held = reads.roles(caller.principal());
    for (Role needed : anyOf) {
      if (held.stream().anyMatch(r -> r.grants(needed))) {
        return;
      }
    }
    throw new ControlPlaneException(
        Reason.FORBIDDEN,
        "principal "
            + caller.principal()
            + " lacks the "
            + anyOf[0].name().toLowerCase(Locale.ROOT)
            + " role");
  }
}
