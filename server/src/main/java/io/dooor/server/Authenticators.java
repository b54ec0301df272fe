package io.dooor.server;

import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.AuthenticatedCaller;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.NonceRegistry;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.auth.SignedRequest;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.Caller;
import io.dooor.server.internal.Problems;
import io.dooor.server.internal.RequestAuthenticator;
import java.time.Clock;

/** Request authenticators: RFC 9421 signatures verified by {@link RequestVerifier}. */
public final class Authenticators {
  private Authenticators() {}

  /**
   * Signed requests only, nonces remembered in this process (one replica: exact; several replicas
   * sharing a database should pass a database-backed registry).
   */
  public static RequestAuthenticator signed(Clock clock) {
    return signed(clock, InMemoryNonceRegistry.fresh(clock));
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
        throw Problems.of(e);
      }
    };
  }
}
