package io.dooor.attestation.nitro;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decodes the raw COSE_Sign1 bytes of a Nitro attestation document: an array of 4 (RFC 9052 §4.2;
 * tag 18 optional) whose protected header is exactly {1: -35} (alg ES384), then the payload map
 * with the AWS field rules (module_id text, digest "SHA384", timestamp uint, pcrs map of 1-32
 * entries, certificate and cabundle entries of 1-1024 bytes, optional public_key (1-1024),
 * user_data and nonce (0-512)). Trailing bytes after the COSE structure, duplicate map keys and
 * unknown payload keys are refused (MALFORMED).
 */
public final class NitroDocumentParser {
  /** Upper bound on a whole document, far above the ~5 KB AWS emits. */
  public static final int MAX_DOCUMENT = 1 << 16;

  private static final CBOREncodeOptions STRICT = new CBOREncodeOptions("allowduplicatekeys=false");
  private static final List<String> KEYS =
      List.of(
          "module_id",
          "digest",
          "timestamp",
          "pcrs",
          "certificate",
          "cabundle",
          "public_key",
          "user_data",
          "nonce");

  private NitroDocumentParser() {}

  public static NitroDocument parse(Bytes cose) throws EvidenceException {
    if (cose.isEmpty() || cose.length() > MAX_DOCUMENT) {
      throw malformed("document of " + cose.length() + " bytes");
    }
    CBORObject outer = decode(cose.toArray());
    if (outer.isTagged()) {
      if (!outer.HasMostOuterTag(18) || outer.UntagOne().isTagged()) {
        throw malformed("COSE tag other than 18");
      }
      outer = outer.UntagOne();
    }
    if (outer.getType() != CBORType.Array || outer.size() != 4) {
      throw malformed("COSE_Sign1 is not an array of 4");
    }
    byte[] prot = bstr(outer.get(0), "protected", 0, 64);
    checkProtected(prot);
    if (outer.get(1).getType() != CBORType.Map || outer.get(1).isTagged()) {
      throw malformed("unprotected header is not a map");
    }
    byte[] payload = bstr(outer.get(2), "payload", 1, MAX_DOCUMENT);
    byte[] sig = bstr(outer.get(3), "signature", 96, 96);
    return payload(Bytes.of(prot), Bytes.of(payload), Bytes.of(sig));
  }

  private static void checkProtected(byte[] prot) throws EvidenceException {
    CBORObject h = decode(prot);
    if (h.getType() != CBORType.Map || h.isTagged() || h.size() != 1) {
      throw malformed("protected header is not a one-entry map");
    }
    CBORObject alg = h.get(CBORObject.FromObject(1));
    if (alg == null || !isInt(alg) || alg.AsInt64Value() != -35) {
      throw malformed("protected header alg is not ES384 (-35)");
    }
  }

  private static NitroDocument payload(Bytes prot, Bytes payload, Bytes sig)
      throws EvidenceException {
    CBORObject m = decode(payload.toArray());
    if (m.getType() != CBORType.Map || m.isTagged()) {
      throw malformed("payload is not a map");
    }
    for (CBORObject k : m.getKeys()) {
      if (k.getType() != CBORType.TextString || !KEYS.contains(k.AsString())) {
        throw malformed("unknown payload key " + k);
      }
    }
    try {
      return new NitroDocument(
          prot,
          payload,
          sig,
          text(m, "module_id"),
          text(m, "digest"),
          uint(required(m, "timestamp"), "timestamp"),
          pcrs(required(m, "pcrs")),
          Bytes.of(bstr(required(m, "certificate"), "certificate", 1, 1024)),
          cabundle(required(m, "cabundle")),
          optional(m, "public_key", 1, 1024),
          optional(m, "user_data", 0, 512),
          optional(m, "nonce", 0, 512));
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  private static SortedMap<Integer, Bytes> pcrs(CBORObject o) throws EvidenceException {
    if (o.getType() != CBORType.Map || o.isTagged() || o.size() == 0 || o.size() > 32) {
      throw malformed("pcrs is not a map of 1-32 entries");
    }
    SortedMap<Integer, Bytes> out = new TreeMap<>();
    for (CBORObject k : o.getKeys()) {
      long idx = uint(k, "PCR index");
      if (idx >= 32) {
        throw malformed("PCR index " + idx);
      }
      out.put((int) idx, Bytes.of(bstr(o.get(k), "PCR" + idx, 32, 64)));
    }
    return out;
  }

  private static List<Bytes> cabundle(CBORObject o) throws EvidenceException {
    if (o.getType() != CBORType.Array || o.isTagged() || o.size() == 0 || o.size() > 16) {
      throw malformed("cabundle is not an array of 1-16 entries");
    }
    List<Bytes> out = new ArrayList<>();
    for (int i = 0; i < o.size(); i++) {
      out.add(Bytes.of(bstr(o.get(i), "cabundle[" + i + "]", 1, 1024)));
    }
    return out;
  }

  private static Bytes optional(CBORObject m, String key, int min, int max)
      throws EvidenceException {
    CBORObject o = m.get(key);
    if (o == null || (o.isNull() && !o.isTagged())) {
      return Bytes.empty();
    }
    return Bytes.of(bstr(o, key, min, max));
  }

  private static CBORObject required(CBORObject m, String key) throws EvidenceException {
    CBORObject o = m.get(key);
    if (o == null) {
      throw malformed("payload lacks " + key);
    }
    return o;
  }

  private static String text(CBORObject m, String key) throws EvidenceException {
    CBORObject o = required(m, key);
    if (o.getType() != CBORType.TextString || o.isTagged()) {
      throw malformed(key + " is not a text string");
    }
    return o.AsString();
  }

  private static long uint(CBORObject o, String what) throws EvidenceException {
    if (!isInt(o) || o.AsInt64Value() < 0) {
      throw malformed(what + " is not an unsigned integer");
    }
    return o.AsInt64Value();
  }

  private static boolean isInt(CBORObject o) {
    return o.getType() == CBORType.Integer && !o.isTagged() && o.CanValueFitInInt64();
  }

  private static byte[] bstr(CBORObject o, String what, int min, int max) throws EvidenceException {
    if (o.getType() != CBORType.ByteString || o.isTagged()) {
      throw malformed(what + " is not a byte string");
    }
    byte[] b = o.GetByteString();
    if (b.length < min || b.length > max) {
      throw malformed(what + " of " + b.length + " bytes, want " + min + ".." + max);
    }
    return b;
  }

  private static CBORObject decode(byte[] b) throws EvidenceException {
    try {
      return CBORObject.DecodeFromBytes(b, STRICT);
    } catch (RuntimeException e) {
      throw malformed("not CBOR: " + e.getMessage());
    }
  }

  private static EvidenceException malformed(String what) {
    return new EvidenceException(Reason.MALFORMED, "document_parse: " + what);
  }
}
