package io.dooor.attestation.intel.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.intel.SignedBody;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Finds, in a PCS response, the exact byte span of the signed inner object and the hex signature
 * (Intel PCS API v4 "TCB Info" / "Enclave Identity" responses: the signature is over the inner
 * object's bytes as sent). Byte offsets come from the streaming parser, so no re-serialisation
 * happens.
 */
public final class SignedJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private SignedJson() {}

  /** Returns the inner object bytes and the 64-byte signature. */
  public static SignedBody split(byte[] json, String field) throws CollateralException {
    Bytes body = null;
    Bytes sig = null;
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw Json.bad("PCS response is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals(field) && t == JsonToken.START_OBJECT) {
          long start = p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          long end = p.currentLocation().getByteOffset();
          body = Bytes.of(Arrays.copyOfRange(json, (int) start, (int) end));
        } else if (name.equals("signature") && t == JsonToken.VALUE_STRING) {
          sig = Bytes.of(HexFormat.of().parseHex(p.getText()));
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw Json.bad("PCS response has trailing content");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw Json.bad("PCS response is not valid JSON: " + e.getClass().getSimpleName());
    }
    if (body == null || sig == null || sig.length() != 64) {
      throw Json.bad("PCS response lacks '" + field + "' or a 64-byte signature");
    }
    return new SignedBody(body, sig);
  }
}
