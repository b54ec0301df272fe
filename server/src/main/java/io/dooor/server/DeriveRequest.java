package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.VetKdException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A decoded POST /v1/vetkd/derive body: a non-empty context, the input (hex), and a transport
 * public key (hex) that is a G1 point on the curve, in the subgroup and not the identity (an
 * "unencrypted" request, refused: the control plane never handles vetKeys in the clear).
 */
record DeriveRequest(String context, Bytes input, TransportPublicKey transportPublicKey) {
  static final String TRANSPORT_FIELD = "transport_public_key";

  /** Longest context, in UTF-8 bytes (the control plane's limit too). */
  static final int MAX_CONTEXT = 255;

  /**
   * Decodes {@code body}, or throws 400 naming the field. Adds to {@code facts} what it learns for
   * the record (context, input SHA-256), so that a refusal is recorded with them.
   */
  static DeriveRequest parse(byte[] body, Map<String, String> facts) throws ApiProblem {
    Dto.VetKdDerive dto = Json.read(body, Dto.VetKdDerive.class);
    String context = Json.required("context", dto.context());
    if (context.getBytes(StandardCharsets.UTF_8).length > MAX_CONTEXT) {
      throw ApiProblem.badField(
          "context", "field 'context' is longer than " + MAX_CONTEXT + " UTF-8 bytes");
    }
    facts.put("context", context);
    Bytes input = Json.hex("input", dto.input());
    facts.put("input_sha256", Digests.sha256Hex(input));
    return new DeriveRequest(context, input, transportKey(dto.transportPublicKey()));
  }

  private static TransportPublicKey transportKey(String hex) throws ApiProblem {
    String f = TRANSPORT_FIELD;
    TransportPublicKey key;
    try {
      key = TransportPublicKey.parse(Json.hex(f, hex));
    } catch (VetKdException e) {
      throw ApiProblem.badField(
          f, "field '" + f + "' is not a G1 point (" + e.reason() + "): " + e.getMessage());
    }
    if (key.isUnencrypted()) {
      throw ApiProblem.badField(
          f,
          "field '"
              + f
              + "' is the identity (an unencrypted vetKey request): refused, the control plane"
              + " never handles vetKeys in the clear");
    }
    return key;
  }
}
