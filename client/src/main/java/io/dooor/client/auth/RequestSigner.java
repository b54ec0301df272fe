package io.dooor.client.auth;

import io.dooor.client.auth.internal.ContentDigest;
import io.dooor.client.auth.internal.SfMember;
import io.dooor.client.auth.internal.SignatureBase;
import io.dooor.client.auth.internal.StructuredFieldSerializer;
import io.dooor.common.Bytes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs requests as RFC 9421 HTTP Message Signatures (§3.1) for {@link RequestVerifier}.
 *
 * <p>The request gets four header fields:
 *
 * <ul>
 *   <li>{@code Content-Digest: sha-256=:...:} over the body, also when it is empty (RFC 9530 §2);
 *   <li>{@code Signature-Input: dooor=("@method" "@path" "@query"
 *       "content-digest");created=...;nonce="...";keyid="<principal>";alg="..."} (§4.1);
 *   <li>{@code Signature: dooor=:<signature>:} (§4.2);
 *   <li>{@code Dooor-Public-Key: <base64 DER SubjectPublicKeyInfo>}: keyid names the signer by its
 *       principal, and the principal is a hash of this key, so the verifier needs no key directory.
 * </ul>
 *
 * <p>{@code @path} and {@code @query} are covered instead of {@code @target-uri} so that the
 * signature survives TLS-terminating proxies that change scheme, host or port. The nonce is 128
 * random bits. Thread-safe.
 */
public final class RequestSigner {
  /** The signature label (RFC 9421 §4.1) this signer uses. */
  public static final String LABEL = "dooor";

  public static final String SIGNATURE_INPUT = "Signature-Input";
  public static final String SIGNATURE = "Signature";
  public static final String CONTENT_DIGEST = "Content-Digest";
  public static final String PUBLIC_KEY = "Dooor-Public-Key";

  /** The components every signature must cover, in the order this signer covers them. */
  public static final List<String> COVERED_COMPONENTS =
      List.of("@method", "@path", "@query", "content-digest");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Identity identity;
  private final Clock clock;
  private final String publicKeyHeader;
  private final String keyId;

  /** A signer stamping {@code created} from the system clock. */
  public RequestSigner(Identity identity) {
    this(identity, Clock.systemUTC());
  }

  public RequestSigner(Identity identity, Clock clock) {
    this.identity = identity;
    this.clock = clock;
    this.publicKeyHeader = identity.publicKeySpki().base64();
    this.keyId = identity.principal().toText();
  }

  /** The header fields to add to a request to {@code uri} (raw path and raw query are signed). */
  public Map<String, String> sign(String method, URI uri, Bytes body) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    return sign(method, path, query, body);
  }

  /**
   * The header fields to add to a request, in the order Content-Digest, Signature-Input, Signature,
   * Dooor-Public-Key.
   *
   * @param path the raw (percent-encoded) path, as it will be sent
   * @param query the raw query without '?', empty if none
   */
  public Map<String, String> sign(String method, String path, String query, Bytes body) {
    return signDigest(method, path, query, ContentDigest.header(body.toArray()));
  }

  /**
   * As {@link #sign(String, URI, Bytes)} for a body that is streamed: {@code bodySha256} is the
   * SHA-256 of the bytes that will be sent (for a shard, its content address).
   */
  public Map<String, String> signStreamed(String method, URI uri, Bytes bodySha256) {
    if (bodySha256.length() != 32) {
      throw new IllegalArgumentException("a SHA-256 is 32 bytes, got " + bodySha256.length());
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    return signDigest(method, path, query, ContentDigest.headerOfSha256(bodySha256));
  }

  private Map<String, String> signDigest(String method, String path, String query, String digest) {
    SfMember.InnerList params = signatureParams();
    String base =
        SignatureBase.build(
            COVERED_COMPONENTS,
            List.of(method, path.isEmpty() ? "/" : path, "?" + query, digest),
            StructuredFieldSerializer.innerList(params));
    byte[] signature = identity.signRaw(base.getBytes(StandardCharsets.US_ASCII));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CONTENT_DIGEST, digest);
    headers.put(SIGNATURE_INPUT, LABEL + "=" + StructuredFieldSerializer.innerList(params));
    headers.put(SIGNATURE, LABEL + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
    headers.put(PUBLIC_KEY, publicKeyHeader);
    return Collections.unmodifiableMap(headers);
  }

  /** The principal text this signer puts in {@code keyid}. */
  public String keyId() {
    return keyId;
  }

  private SfMember.InnerList signatureParams() {
    List<SfMember.Item> components = new ArrayList<>();
    for (String c : COVERED_COMPONENTS) {
      components.add(SfMember.Item.of(c));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", clock.instant().getEpochSecond());
    params.put("nonce", newNonce());
    params.put("keyid", keyId);
    params.put("alg", identity.keyType().alg());
    return new SfMember.InnerList(components, params);
  }

  private static String newNonce() {
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(n);
  }
}
