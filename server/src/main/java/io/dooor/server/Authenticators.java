package io.dooor.server;

import io.dooor.core.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.Digests;
import io.dooor.server.auth.AuthException;
import io.dooor.server.auth.AuthenticatedCaller;
import io.dooor.server.auth.InMemoryNonceRegistry;
import io.dooor.server.auth.NonceRegistry;
import io.dooor.server.auth.RequestVerifier;
import io.dooor.server.auth.SignedRequest;
import io.dooor.server.internal.ApiProblem;
import io.dooor.server.internal.RequestAuthenticator;
import java.time.Clock;
import java.util.List;

/** Request authenticators: RFC 9421 signatures verified by {@link RequestVerifier}. */
public final class Authenticators {
  private Authenticators() {}

  /**
   * Signed requests only, nonces remembered in this process (one replica: exact; several replicas
   * sharing a database should pass a database-backed registry).
   */
  public static RequestAuthenticator signed(Clock clock) {
    return signed(clock, new InMemoryNonceRegistry(clock));
  }

  public static RequestAuthenticator signed(Clock clock, NonceRegistry nonces) {
    RequestVerifier verifier = new RequestVerifier(clock, nonces);
    return (method, path, query, headers, body) -> {
      try {
        Bytes content = Bytes.of(body);
        AuthenticatedCaller c =
            verifier.verify(SignedRequest.of(method, path, query, headers, content));
        return new Caller(c.principal(), c.publicKeySpki(), Digests.sha256(body));
      } catch (AuthException e) {
        throw new ApiProblem(401, e.reason().code(), e.getMessage(), null, List.of());
      }
    };
  }
}
