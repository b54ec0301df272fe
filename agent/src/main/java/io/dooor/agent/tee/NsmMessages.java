package io.dooor.agent.tee;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.attestation.nitro.NitroDocumentParser;
import io.dooor.common.Bytes;
import java.util.regex.Pattern;

/**
 * The Nitro Secure Module's CBOR messages (aws-nitro-enclaves-nsm-api {@code Request} and {@code
 * Response}, serde's externally tagged enums): the request {@code {"Attestation": {"user_data":
 * bstr, "nonce": null, "public_key": null}}}; the answer {@code {"Attestation": {"document":
 * bstr}}} or {@code {"Error": "<ErrorCode>"}}. The answer is decoded strictly: one CBOR item and
 * nothing after it, no duplicate keys, no tags, exactly the keys named, a document of 1 to {@link
 * NitroDocumentParser#MAX_DOCUMENT} bytes.
 */
final class NsmMessages {
  /** NSM_REQUEST_MAX_SIZE. */
  static final int REQUEST_MAX = 0x1000;

  /** NSM_RESPONSE_MAX_SIZE. */
  static final int RESPONSE_MAX = 0x3000;

  /** The NSM's limit on user_data. */
  static final int USER_DATA_MAX = 512;

  private static final CBOREncodeOptions STRICT = new CBOREncodeOptions("allowduplicatekeys=false");
  private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z]{1,32}");

  private NsmMessages() {}

  /** The CBOR of an Attestation request carrying {@code userData}. */
  static Bytes attestationRequest(Bytes userData) {
    if (userData.length() > USER_DATA_MAX) {
      throw new IllegalArgumentException("user_data is at most " + USER_DATA_MAX + " bytes");
    }
    CBORObject fields =
        CBORObject.NewOrderedMap()
            .Add("user_data", CBORObject.FromObject(userData.toArray()))
            .Add("nonce", CBORObject.Null)
            .Add("public_key", CBORObject.Null);
    return Bytes.of(CBORObject.NewOrderedMap().Add("Attestation", fields).EncodeToBytes());
  }

  /** The COSE_Sign1 attestation document from an NSM answer. */
  static Bytes attestationDocument(Bytes response) throws TeeDeviceException {
    CBORObject answer = decode(response);
    CBORObject body = single(answer, "response");
    String variant = answer.getKeys().iterator().next().AsString();
    if (variant.equals("Error")) {
      throw nsmError(body);
    }
    if (!variant.equals("Attestation")) {
      throw malformed("NSM answered '" + printable(variant) + "' to an Attestation request");
    }
    CBORObject document = single(body, "Attestation answer");
    if (!body.ContainsKey("document")) {
      throw malformed("Attestation answer has no 'document'");
    }
    return document(document);
  }

  private static CBORObject decode(Bytes response) throws TeeDeviceException {
    if (response.isEmpty() || response.length() > RESPONSE_MAX) {
      throw malformed("NSM answer of " + response.length() + " bytes");
    }
    try {
      return CBORObject.DecodeFromBytes(response.toArray(), STRICT);
    } catch (RuntimeException e) {
      throw malformed("NSM answer is not one CBOR item: " + e.getMessage());
    }
  }

  /** The value of a one-entry map with a text key. */
  private static CBORObject single(CBORObject map, String what) throws TeeDeviceException {
    if (map.getType() != CBORType.Map || map.isTagged() || map.size() != 1) {
      throw malformed(what + " is not a one-entry map");
    }
    CBORObject key = map.getKeys().iterator().next();
    if (key.getType() != CBORType.TextString || key.isTagged()) {
      throw malformed(what + " key is not text");
    }
    return map.get(key);
  }

  private static Bytes document(CBORObject document) throws TeeDeviceException {
    if (document.getType() != CBORType.ByteString || document.isTagged()) {
      throw malformed("'document' is not a byte string");
    }
    byte[] b = document.GetByteString();
    if (b.length == 0 || b.length > NitroDocumentParser.MAX_DOCUMENT) {
      throw malformed("document of " + b.length + " bytes");
    }
    return Bytes.of(b);
  }

  private static TeeDeviceException nsmError(CBORObject code) {
    if (code.getType() != CBORType.TextString || code.isTagged()) {
      return malformed("NSM Error answer without an error code");
    }
    return new TeeDeviceException(
        Reason.FIRMWARE_ERROR, "the NSM answered Error " + printable(code.AsString()));
  }

  private static String printable(String s) {
    return ERROR_CODE.matcher(s).matches() ? s : "(unprintable, " + s.length() + " chars)";
  }

  private static TeeDeviceException malformed(String detail) {
    return new TeeDeviceException(Reason.MALFORMED_RESPONSE, detail);
  }
}
