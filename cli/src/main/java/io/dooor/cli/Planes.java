package io.dooor.cli;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.core.ControlPlane;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A control plane over a store for offline administration (init): no verifiers, no keys. */
final class Planes {
  private Planes() {}

  static ControlPlane offline(Store store) {
    KeyService none = KeyService.unavailable("offline: no key service");
    return new ControlPlane(
        store, new AttestationVerifier(List.of()), none, Clock.systemUTC(), Duration.ofSeconds(30));
  }
}
