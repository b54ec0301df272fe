package io.dooor.server.internal;

import io.dooor.client.ApiProblem;
import io.dooor.core.Caller;
import java.util.Map;

/**
 * Turns a signed HTTP request into its authenticated caller, or refuses it with a 401 problem
 * naming the reason (missing or bad signature, stale, replayed, key mismatch, digest mismatch).
 */
public interface RequestAuthenticator {
  Caller authenticate(
      String method, String path, String query, Map<String, String> headers, byte[] body)
      throws ApiProblem;
}
