package io.dooor.client.auth;

import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import java.util.Objects;

/**
 * A caller whose request signature verified: its self-authenticating principal and the DER
 * SubjectPublicKeyInfo it signed with. Only {@link RequestVerifier} produces these for requests.
 */
public record AuthenticatedCaller(Principal principal, Bytes publicKeySpki) {
  public AuthenticatedCaller {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(publicKeySpki, "publicKeySpki");
    if (!principal.equals(Principal.selfAuthenticating(publicKeySpki.toArray()))) {
      throw new IllegalArgumentException("principal is not the principal of the public key");
    }
  }
}
