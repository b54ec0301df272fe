package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;
import io.dooor.core.port.TransportKey;
import io.dooor.server.internal.Problems;
import io.dooor.server.internal.Routes;
import java.util.Map;

/**
 * A decoded POST /v1/vetkd/derive body: a non-empty context, the input (hex), and a transport
 * public key (hex) decoded once, here, by the key service: a G1 point on the curve, in the subgroup
 * and not the identity (an "unencrypted" request, refused: the control plane never handles vetKeys
 * in the clear).
 */
record DeriveRequest(String context, Bytes input, TransportKey transportKey) {
  static final String TRANSPORT_FIELD = "transport_public_key";

  /** Longest context, in UTF-8 bytes (the control plane's limit too). */
  static final int MAX_CONTEXT = 255;

  /**
   * Decodes {@code body}, or throws 400 naming the field. Adds to {@code facts} what it learns for
   * the record (context, input SHA-256), so that a refusal is recorded with them.
   */
  static DeriveRequest parse(byte[] body, Map<String, String> facts, KeyService keys)
      throws ApiProblem {
    Dto.VetKdDerive dto = Json.read(body, Dto.VetKdDerive.class);
    String context =
        Routes.identifier("context", Json.required("context", dto.context()), MAX_CONTEXT);
    facts.put("context", context);
    Bytes input = Json.hex("input", dto.input());
    facts.put("input_sha256", Digests.sha256Hex(input));
    return new DeriveRequest(
        context, input, transportKey(keys, Json.hex(TRANSPORT_FIELD, dto.transportPublicKey())));
  }

  /** Decodes a transport key through the key service, or 400 naming {@value #TRANSPORT_FIELD}. */
  static TransportKey transportKey(KeyService keys, Bytes encoded) throws ApiProblem {
    try {
      return keys.parseTransportKey(encoded);
    } catch (KeyServiceException e) {
      if (e.reason() != KeyServiceException.Reason.INVALID_INPUT) {
        throw Problems.of(e);
      }
      throw ApiProblem.badField(
          TRANSPORT_FIELD, "field '" + TRANSPORT_FIELD + "' is " + e.getMessage());
    }
  }
}
