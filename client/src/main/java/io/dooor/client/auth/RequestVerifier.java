package io.dooor.client.auth;

import io.dooor.client.auth.AuthException.Reason;
import io.dooor.client.auth.internal.ContentDigest;
import io.dooor.client.auth.internal.SfMember;
import io.dooor.client.auth.internal.SignatureBase;
import io.dooor.client.auth.internal.StructuredFieldException;
import io.dooor.client.auth.internal.StructuredFieldParser;
import io.dooor.client.auth.internal.StructuredFieldSerializer;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies RFC 9421 signed requests (§3.2) made by {@link RequestSigner} or any client that follows
 * the same profile, and returns the authenticated caller.
 *
 * <p>Accepted: a signature (labelled {@code dooor}, or the only one) covering at least {@code
 * "@method" "@path" "@query" "content-digest"} (plus optionally {@code @authority} and other header
 * fields, without component parameters), with parameters {@code created}, {@code nonce}, {@code
 * keyid} and {@code alg} (and optionally {@code expires}); {@code keyid} is the self-authenticating
 * principal of the key in {@code Dooor-Public-Key}, {@code alg} its key type's name. Checks, in
 * this order, cheapest first and the nonce last so that bad requests cannot use up nonces:
 * structure; {@code created} within the window and not in the future beyond the skew, {@code
 * expires} not passed; key parses and matches {@code keyid} and {@code alg}; Content-Digest matches
 * the body (RFC 9530); the signature verifies over the §2.5 signature base; the nonce is new for
 * this key. Thread safe.
 */
public final class RequestVerifier {
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);

  private static final int MAX_PUBLIC_KEY_CHARS = 256;
  private static final int MAX_DIGEST_CHARS = 1024;
  private static final int KEY_CACHE_SIZE = 10_000;

  private final Clock clock;
  private final NonceRegistry nonces;
  private final Duration window;
  private final Duration maxClockSkew;
  private final Map<String, CallerPublicKey> keyCache = new ConcurrentHashMap<>();

  /** A verifier with a 60 s window and 5 s of allowed clock skew. */
  public RequestVerifier(Clock clock, NonceRegistry nonces) {
    this(clock, nonces, DEFAULT_WINDOW, DEFAULT_CLOCK_SKEW);
  }

  /**
   * @param window how old {@code created} may be
   * @param maxClockSkew how far in the future {@code created} may be
   */
  public RequestVerifier(
      Clock clock, NonceRegistry nonces, Duration window, Duration maxClockSkew) {
    this.clock = Objects.requireNonNull(clock);
    this.nonces = Objects.requireNonNull(nonces);
    if (window.isNegative() || window.isZero() || maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("window must be positive and skew not negative");
    }
    this.window = window;
    this.maxClockSkew = maxClockSkew;
  }

  /**
   * Authenticates {@code request}.
   *
   * @throws AuthException with the reason of the first check that failed
   */
  public AuthenticatedCaller verify(SignedRequest request) throws AuthException {
    byte[] body = request.body().toArray();
    return verify(request, jca -> ContentDigest.digest(jca, body));
  }

  /**
   * Authenticates a request whose body is streamed and not in {@code request} (its body is empty
   * there): Content-Digest must carry sha-256 and equal {@code bodySha256}, which the caller then
   * holds the streamed body to (for shards: the hash a grant names, checked as the body is
   * written). Other digest algorithms in the field are ignored.
   *
   * @throws AuthException with the reason of the first check that failed
   */
  public AuthenticatedCaller verifyStreamed(SignedRequest request, Bytes bodySha256)
      throws AuthException {
    return verify(request, jca -> "SHA-256".equals(jca) ? bodySha256.toArray() : null);
  }

  private AuthenticatedCaller verify(
      SignedRequest request, java.util.function.Function<String, byte[]> bodyDigest)
      throws AuthException {
    SignatureFields.Parsed sig = SignatureFields.read(request);
    checkCoverage(sig);
    Instant created = checkTime(sig);
    CallerPublicKey key = publicKey(request, sig);
    checkDigest(request, bodyDigest, sig.keyId());
    byte[] base = signatureBase(request, sig).getBytes(StandardCharsets.US_ASCII);
    if (sig.signature().length != KeyType.SIGNATURE_LENGTH) {
      throw new AuthException(
          Reason.MALFORMED_SIGNATURE,
          "signature is " + sig.signature().length + " bytes, expected " + KeyType.SIGNATURE_LENGTH,
          sig.keyId());
    }
    if (!key.isValid(base, sig.signature())) {
      throw new AuthException(
          Reason.SIGNATURE_INVALID,
          sig.alg() + " signature does not verify over the signature base",
          sig.keyId());
    }
    if (created.isBefore(nonces.rememberedSince())) {
      throw new AuthException(
          Reason.REPLAYED,
          "created "
              + created
              + " before this server's nonce memory began ("
              + nonces.rememberedSince()
              + ", a restart): it may have been used already; sign it again",
          sig.keyId());
    }
    if (!nonces.firstUse(sig.keyId(), sig.nonce(), created.plus(window).plusSeconds(1))) {
      throw new AuthException(
          Reason.REPLAYED,
          "nonce already used by this key within the window (or the nonce store refused it)",
          sig.keyId());
    }
    return new AuthenticatedCaller(key.principal(), key.spki());
  }

  private static void checkCoverage(SignatureFields.Parsed sig) throws AuthException {
    for (String required : RequestSigner.COVERED_COMPONENTS) {
      if (!sig.components().contains(required)) {
        throw new AuthException(
            Reason.MISSING_COMPONENT,
            "signature does not cover \""
                + required
                + "\"; required: "
                + RequestSigner.COVERED_COMPONENTS,
            sig.keyId());
      }
    }
  }

  private Instant checkTime(SignatureFields.Parsed sig) throws AuthException {
    Instant now = clock.instant();
    Instant created = Instant.ofEpochSecond(sig.created());
    if (created.isAfter(now.plus(maxClockSkew))) {
      throw new AuthException(
          Reason.FROM_FUTURE,
          "created "
              + created
              + " is ahead of server time "
              + now
              + " by more than "
              + maxClockSkew,
          sig.keyId());
    }
    if (created.isBefore(now.minus(window))) {
      throw new AuthException(
          Reason.STALE,
          "created " + created + " is older than " + window + " (server time " + now + ")",
          sig.keyId());
    }
    if (sig.expires().isPresent() && Instant.ofEpochSecond(sig.expires().get()).isBefore(now)) {
      throw new AuthException(
          Reason.EXPIRED,
          "signature expired at " + Instant.ofEpochSecond(sig.expires().get()),
          sig.keyId());
    }
    return created;
  }

  private CallerPublicKey publicKey(SignedRequest request, SignatureFields.Parsed sig)
      throws AuthException {
    String encoded =
        request
            .header(RequestSigner.PUBLIC_KEY)
            .orElseThrow(
                () ->
                    new AuthException(
                        Reason.MISSING_PUBLIC_KEY,
                        "no " + RequestSigner.PUBLIC_KEY + " header field",
                        sig.keyId()));
    CallerPublicKey key = keyCache.get(encoded);
    if (key == null) {
      key = parseKey(encoded, sig.keyId());
      if (keyCache.size() >= KEY_CACHE_SIZE) {
        keyCache.clear();
      }
      keyCache.put(encoded, key);
    }
    if (!key.principal().toText().equals(sig.keyId())) {
      throw new AuthException(
          Reason.KEY_PRINCIPAL_MISMATCH,
          "keyid is not the principal of the presented key (" + key.principal().toText() + ")",
          sig.keyId());
    }
    if (!key.type().alg().equals(sig.alg())) {
      throw new AuthException(
          Reason.ALGORITHM_MISMATCH,
          "alg \"" + sig.alg() + "\" does not match the " + key.type().alg() + " key",
          sig.keyId());
    }
    return key;
  }

  private static CallerPublicKey parseKey(String encoded, String keyId) throws AuthException {
    if (encoded.length() > MAX_PUBLIC_KEY_CHARS) {
      throw new AuthException(Reason.MALFORMED_PUBLIC_KEY, "public key header too long", keyId);
    }
    Bytes der;
    try {
      der = Bytes.fromBase64(encoded);
    } catch (IllegalArgumentException e) {
      throw new AuthException(
          Reason.MALFORMED_PUBLIC_KEY, RequestSigner.PUBLIC_KEY + " is not base64", keyId);
    }
    try {
      return PublicKeys.parseSpki(der);
    } catch (AuthException e) {
      throw new AuthException(e.reason(), e.getMessage(), keyId);
    }
  }

  private static void checkDigest(
      SignedRequest request, java.util.function.Function<String, byte[]> bodyDigest, String keyId)
      throws AuthException {
    String field =
        request
            .header(RequestSigner.CONTENT_DIGEST)
            .orElseThrow(
                () ->
                    new AuthException(
                        Reason.MISSING_DIGEST, "no Content-Digest header field", keyId));
    Map<String, SfMember> dict;
    try {
      if (field.length() > MAX_DIGEST_CHARS) {
        throw new StructuredFieldException("too long");
      }
      dict = StructuredFieldParser.parseDictionary(field);
    } catch (StructuredFieldException e) {
      throw new AuthException(Reason.MALFORMED_DIGEST, "Content-Digest: " + e.getMessage(), keyId);
    }
    int checked = 0;
    for (Map.Entry<String, SfMember> e : dict.entrySet()) {
      String jca = ContentDigest.jcaName(e.getKey());
      byte[] actual = jca == null ? null : bodyDigest.apply(jca);
      if (actual == null) {
        continue; // unknown algorithms are ignored (RFC 9530 §2)
      }
      if (!(e.getValue() instanceof SfMember.Item item && item.value() instanceof Bytes expected)) {
        throw new AuthException(
            Reason.MALFORMED_DIGEST,
            "Content-Digest " + e.getKey() + " is not a byte sequence",
            keyId);
      }
      if (!MessageDigest.isEqual(expected.toArray(), actual)) {
        throw new AuthException(
            Reason.DIGEST_MISMATCH,
            "Content-Digest " + e.getKey() + " does not match the body",
            keyId);
      }
      checked++;
    }
    if (checked == 0) {
      throw new AuthException(
          Reason.MALFORMED_DIGEST, "Content-Digest carries neither sha-256 nor sha-512", keyId);
    }
  }

  private static String signatureBase(SignedRequest request, SignatureFields.Parsed sig)
      throws AuthException {
    List<String> values = new ArrayList<>(sig.components().size());
    for (String component : sig.components()) {
      values.add(componentValue(request, component, sig.keyId()));
    }
    try {
      return SignatureBase.build(
          sig.components(), values, StructuredFieldSerializer.innerList(sig.input()));
    } catch (IllegalArgumentException e) {
      throw new AuthException(Reason.MALFORMED_REQUEST, e.getMessage(), sig.keyId());
    }
  }

  /** The value of one covered component (RFC 9421 §2.1 fields, §2.2 derived components). */
  private static String componentValue(SignedRequest request, String component, String keyId)
      throws AuthException {
    switch (component) {
      case "@method":
        return request.method();
      case "@path":
        return request.path().isEmpty() ? "/" : request.path();
      case "@query":
        return "?" + request.query();
      case "@authority":
        return required(request, "host", component, keyId).toLowerCase(java.util.Locale.ROOT);
      default:
        if (component.startsWith("@")) {
          throw new AuthException(
              Reason.MALFORMED_SIGNATURE_INPUT,
              "derived component \"" + component + "\" is not supported",
              keyId);
        }
        return required(request, component, component, keyId);
    }
  }

  private static String required(
      SignedRequest request, String field, String component, String keyId) throws AuthException {
    if (!field.equals(field.toLowerCase(java.util.Locale.ROOT))) {
      throw new AuthException(
          Reason.MALFORMED_SIGNATURE_INPUT, "component names must be lower case: " + field, keyId);
    }
    return request
        .header(field)
        .orElseThrow(
            () ->
                new AuthException(
                    Reason.MISSING_COMPONENT,
                    "covered component \"" + component + "\" is absent from the request",
                    keyId));
  }
}
