package io.dooor.keyshare;

import io.dooor.client.ApiProblem;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;

/**
 * The mutual attestation between the control plane and a key-share holder (issue 16), on the wire.
 * Both requests are signed by the control plane (RFC 9421) like a derivation:
 *
 * <ol>
 *   <li>{@code GET} {@value #CHALLENGE_PATH}: the holder answers {@link Challenge}, a fresh
 *       one-time nonce it keeps for {@link #CHALLENGE_TTL_SECONDS} seconds;
 *   <li>{@code POST} {@value #ATTEST_PATH} with {@link Request}: the control plane's fresh nonce
 *       for the holder's evidence and, where it runs in a TEE (or sim), its own evidence, whose
 *       report data binds the holder's challenge and the control plane's request-signing key
 *       ({@code ReportDataBinding.expected(challenge, control-plane key DER)}). The holder checks
 *       that evidence against its control-plane policy, if it has one, and answers {@link Answer}:
 *       its own evidence, whose report data binds the control plane's nonce and the holder's key,
 *       its public key share ({@code ReportDataBinding.expected(nonce, public key share)}).
 * </ol>
 *
 * Every parser here reads untrusted bytes and fails only with a message naming the field ({@link
 * ApiProblem} 400 on the holder, {@link IllegalArgumentException} on the control plane).
 */
public final class HolderAttestationWire {
  /** Signed GET: a fresh challenge for the control plane's evidence. */
  public static final String CHALLENGE_PATH = "/v1/keyshare/attest/challenge";

  /** Signed POST: the control plane's evidence in, the holder's evidence out. */
  public static final String ATTEST_PATH = "/v1/keyshare/attest";

  /** Length of both nonces, as a node challenge's. */
  public static final int NONCE_LENGTH = 32;

  /** How long a holder keeps an unanswered challenge. */
  public static final int CHALLENGE_TTL_SECONDS = 60;

  /** Largest evidence accepted (a TDX quote with its PCK chain is about 5 KiB). */
  public static final int MAX_EVIDENCE = 64 * 1024;

  /** Largest body of either message. */
  public static final int MAX_BODY = 2 * MAX_EVIDENCE;

  private HolderAttestationWire() {}

  /** The holder's challenge. */
  public record Challenge(String challengeHex) {
    /** Parses a holder's answer (untrusted). */
    public static Bytes parse(byte[] body) {
      Challenge c = read(body, Challenge.class);
      return nonce("challenge_hex", c.challengeHex());
    }
  }

  /**
   * The control plane's request: {@code nonceHex} for the holder's evidence; {@code challengeHex},
   * {@code teeType} and {@code evidenceB64} absent when the control plane presents no evidence.
   */
  public record Request(String nonceHex, String challengeHex, String teeType, String evidenceB64) {

    /** A request presenting no evidence of the control plane. */
    public static Request of(Bytes nonce) {
      return new Request(nonce.hex(), null, null, null);
    }

    /** A request presenting the control plane's evidence, bound to {@code challenge}. */
    public static Request of(Bytes nonce, Bytes challenge, TeeType type, Bytes evidence) {
      return new Request(nonce.hex(), challenge.hex(), type.wireName(), evidence.base64());
    }

    public byte[] toJson() {
      return Json.write(this);
    }

    /** The request as the holder reads it: a 400 naming the field that is wrong. */
    public static Parsed parse(byte[] body) throws ApiProblem {
      if (body.length > MAX_BODY) {
        throw ApiProblem.badField(null, "attestation request exceeds " + MAX_BODY + " bytes");
      }
      Request r = Json.read(body, Request.class);
      try {
        Bytes nonce = nonce("nonce_hex", r.nonceHex());
        boolean presents =
            r.challengeHex() != null || r.teeType() != null || r.evidenceB64() != null;
        if (!presents) {
          return new Parsed(nonce, null, null, null);
        }
        Bytes challenge = nonce("challenge_hex", r.challengeHex());
        TeeType type = type("tee_type", r.teeType());
        Bytes evidence = evidence("evidence_b64", r.evidenceB64());
        return new Parsed(nonce, challenge, type, evidence);
      } catch (IllegalArgumentException e) {
        throw ApiProblem.badField(fieldOf(e), e.getMessage());
      }
    }
  }

  /** A parsed {@link Request}; {@code challenge}, {@code type} and {@code evidence} may be null. */
  public record Parsed(Bytes nonce, Bytes challenge, TeeType type, Bytes evidence) {
    public boolean presentsEvidence() {
      return evidence != null;
    }
  }

  /** The holder's answer: its index, its evidence and the key that evidence binds. */
  public record Answer(int index, String teeType, String evidenceB64, String publicKeyShareHex) {
    public static Answer of(int index, TeeType type, Bytes evidence, Bytes publicKeyShare) {
      return new Answer(index, type.wireName(), evidence.base64(), publicKeyShare.hex());
    }

    public byte[] toJson() {
      return Json.write(this);
    }

    /** Parses a holder's answer (untrusted), naming the field that is wrong. */
    public static Verified parse(byte[] body) {
      if (body.length > MAX_BODY) {
        throw new IllegalArgumentException("answer exceeds " + MAX_BODY + " bytes");
      }
      Answer a = read(body, Answer.class);
      if (a.index() < 1 || a.index() > 255) {
        throw new IllegalArgumentException("field 'index' must be 1..255");
      }
      TeeType type = type("tee_type", a.teeType());
      Bytes evidence = evidence("evidence_b64", a.evidenceB64());
      if (a.publicKeyShareHex() == null) {
        throw new IllegalArgumentException("field 'public_key_share_hex' is required");
      }
      Bytes key;
      try {
        key = Bytes.fromHex(a.publicKeyShareHex());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field 'public_key_share_hex' is not hex");
      }
      return new Verified(a.index(), type, evidence, key);
    }
  }

  /** A parsed {@link Answer} (well formed; its evidence not yet verified). */
  public record Verified(int index, TeeType type, Bytes evidence, Bytes publicKeyShare) {}

  private static <T> T read(byte[] body, Class<T> type) {
    if (body.length > MAX_BODY) {
      throw new IllegalArgumentException("answer exceeds " + MAX_BODY + " bytes");
    }
    try {
      return Json.read(body, type);
    } catch (ApiProblem e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Bytes nonce(String field, String hex) {
    if (hex == null) {
      throw new FieldException(field, "field '" + field + "' is required");
    }
    if (hex.length() != 2 * NONCE_LENGTH) {
      throw new FieldException(
          field, "field '" + field + "' must be " + NONCE_LENGTH + " bytes (64 hex digits)");
    }
    try {
      return Bytes.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new FieldException(field, "field '" + field + "' is not hex");
    }
  }

  private static TeeType type(String field, String wire) {
    if (wire == null) {
      throw new FieldException(field, "field '" + field + "' is required");
    }
    try {
      return TeeType.parse(wire);
    } catch (IllegalArgumentException e) {
      throw new FieldException(field, "field '" + field + "': " + e.getMessage());
    }
  }

  private static Bytes evidence(String field, String b64) {
    if (b64 == null || b64.isEmpty()) {
      throw new FieldException(field, "field '" + field + "' is required");
    }
    if (b64.length() > (MAX_EVIDENCE / 3 + 1) * 4) {
      throw new FieldException(field, "field '" + field + "' exceeds " + MAX_EVIDENCE + " bytes");
    }
    try {
      return Bytes.fromBase64(b64);
    } catch (IllegalArgumentException e) {
      throw new FieldException(field, "field '" + field + "' is not base64");
    }
  }

  private static String fieldOf(IllegalArgumentException e) {
    return e instanceof FieldException f ? f.field : null;
  }

  /** A bad field, named. */
  private static final class FieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient String field;

    FieldException(String field, String message) {
      super(message);
      this.field = field;
    }
  }
}
