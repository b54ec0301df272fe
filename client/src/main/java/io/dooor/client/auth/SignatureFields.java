package io.dooor.client.auth;

import io.dooor.client.auth.AuthException.Reason;
import io.dooor.client.auth.internal.SfMember;
import io.dooor.client.auth.internal.StructuredFieldException;
import io.dooor.client.auth.internal.StructuredFieldParser;
import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the signature to verify from Signature-Input and Signature (RFC 9421 §4.1, §4.2): the one
 * labelled {@link RequestSigner#LABEL}, or the only one present.
 */
final class SignatureFields {
  static final int MAX_FIELD_LENGTH = 8192;
  static final int MAX_COMPONENTS = 32;
  static final int MAX_NONCE_LENGTH = 128;
  static final int MIN_NONCE_LENGTH = 8;

  private SignatureFields() {}

  /** The parts of one signature that verification needs. */
  record Parsed(
      SfMember.InnerList input,
      List<String> components,
      byte[] signature,
      long created,
      Optional<Long> expires,
      String nonce,
      String keyId,
      String alg) {}

  static Parsed read(SignedRequest request) throws AuthException {
    String inputField = field(request, RequestSigner.SIGNATURE_INPUT);
    String signatureField = field(request, RequestSigner.SIGNATURE);
    Map<String, SfMember> inputs = parse(inputField, Reason.MALFORMED_SIGNATURE_INPUT);
    String label = selectLabel(inputs);
    SfMember input = inputs.get(label);
    if (!(input instanceof SfMember.InnerList list)) {
      throw malformed("Signature-Input '" + label + "' is not an inner list");
    }
    byte[] signature = signature(parse(signatureField, Reason.MALFORMED_SIGNATURE), label);
    return fromInput(list, signature);
  }

  private static Parsed fromInput(SfMember.InnerList input, byte[] signature) throws AuthException {
    String keyId = stringParam(input, "keyid");
    String nonce = stringParam(input, "nonce");
    if (nonce.length() < MIN_NONCE_LENGTH || nonce.length() > MAX_NONCE_LENGTH) {
      throw malformed("nonce must be 8 to 128 characters, got " + nonce.length());
    }
    Object expires = input.params().get("expires");
    if (expires != null && !(expires instanceof Long)) {
      throw malformed("expires must be an integer");
    }
    return new Parsed(
        input,
        components(input),
        signature,
        longParam(input, "created"),
        Optional.ofNullable((Long) expires),
        nonce,
        keyId,
        stringParam(input, "alg"));
  }

  private static String field(SignedRequest request, String name) throws AuthException {
    String value =
        request
            .header(name)
            .orElseThrow(
                () -> new AuthException(Reason.MISSING_SIGNATURE, "no " + name + " header field"));
    if (value.length() > MAX_FIELD_LENGTH) {
      Reason r =
          name.equals(RequestSigner.SIGNATURE)
              ? Reason.MALFORMED_SIGNATURE
              : Reason.MALFORMED_SIGNATURE_INPUT;
      throw new AuthException(r, name + " is longer than " + MAX_FIELD_LENGTH + " characters");
    }
    return value;
  }

  private static Map<String, SfMember> parse(String value, Reason reason) throws AuthException {
    try {
      return StructuredFieldParser.parseDictionary(value);
    } catch (StructuredFieldException e) {
      String which = reason == Reason.MALFORMED_SIGNATURE ? "Signature" : "Signature-Input";
      throw new AuthException(reason, which + " is not a structured dictionary: " + e.getMessage());
    }
  }

  private static String selectLabel(Map<String, SfMember> inputs) throws AuthException {
    if (inputs.containsKey(RequestSigner.LABEL)) {
      return RequestSigner.LABEL;
    }
    if (inputs.size() == 1) {
      return inputs.keySet().iterator().next();
    }
    throw new AuthException(
        Reason.MISSING_SIGNATURE,
        inputs.isEmpty()
            ? "Signature-Input is empty"
            : "several signatures and none labelled '" + RequestSigner.LABEL + "'");
  }

  private static byte[] signature(Map<String, SfMember> signatures, String label)
      throws AuthException {
    SfMember member = signatures.get(label);
    if (member == null) {
      throw new AuthException(
          Reason.MISSING_SIGNATURE, "Signature has no entry labelled '" + label + "'");
    }
    if (!(member instanceof SfMember.Item item && item.value() instanceof Bytes b)) {
      throw new AuthException(
          Reason.MALFORMED_SIGNATURE, "Signature '" + label + "' is not a byte sequence");
    }
    return b.toArray();
  }

  private static List<String> components(SfMember.InnerList input) throws AuthException {
    if (input.items().size() > MAX_COMPONENTS) {
      throw malformed("more than " + MAX_COMPONENTS + " covered components");
    }
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SfMember.Item item : input.items()) {
      if (!(item.value() instanceof String name) || name.isEmpty()) {
        throw malformed("covered components must be non-empty strings");
      }
      if (!item.params().isEmpty()) {
        throw malformed("component parameters are not supported (on \"" + name + "\")");
      }
      if (!seen.add(name)) {
        throw malformed("component \"" + name + "\" is covered twice");
      }
      names.add(name);
    }
    return names;
  }

  private static String stringParam(SfMember.InnerList input, String name) throws AuthException {
    Object v = input.params().get(name);
    if (!(v instanceof String s)) {
      throw malformed(v == null ? "missing parameter " + name : name + " must be a string");
    }
    return s;
  }

  private static long longParam(SfMember.InnerList input, String name) throws AuthException {
    Object v = input.params().get(name);
    if (!(v instanceof Long l)) {
      throw malformed(v == null ? "missing parameter " + name : name + " must be an integer");
    }
    return l;
  }

  private static AuthException malformed(String message) {
    return new AuthException(Reason.MALFORMED_SIGNATURE_INPUT, "Signature-Input: " + message);
  }
}
