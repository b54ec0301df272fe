package io.dooor.bench.auth;

import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.AuthenticatedCaller;
import io.dooor.client.auth.CallerPublicKey;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.KeyType;
import io.dooor.client.auth.NonceRegistry;
import io.dooor.client.auth.PublicKeys;
import io.dooor.client.auth.RequestSigner;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.auth.SignedRequest;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RFC 9421 request signing and verification per key type, for a typical GET (no body) and a 1 KiB
 * POST: the per-request cost of authentication in the control plane. Verification runs the whole
 * {@link RequestVerifier} (field parsing, time window, key lookup, Content-Digest, signature base,
 * signature) with a nonce registry that accepts every nonce, so that one signed request can be
 * verified repeatedly; {@code nonceFirstUse} measures the in-memory registry on its own, and {@code
 * parsePublicKey} the first request of a new caller (the verifier caches parsed keys).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestAuthBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @Param({"ED25519", "ECDSA_P256", "SECP256K1"})
  public String keyType;

  private RequestSigner signer;
  private RequestVerifier verifier;
  private SignedRequest get;
  private SignedRequest post;
  private Bytes postBody;
  private Bytes spki;
  private InMemoryNonceRegistry nonces;
  private final AtomicLong counter = new AtomicLong();

  @Setup
  public void setUp() throws AuthException {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Identity id = Identity.generate(KeyType.valueOf(keyType));
    signer = new RequestSigner(id, clock);
    NonceRegistry acceptAll = (keyId, nonce, expiresAt) -> true;
    verifier = new RequestVerifier(clock, acceptAll);
    Map<String, String> g = signer.sign("GET", "/v1/nodes/node-17", "", Bytes.empty());
    get = SignedRequest.of("GET", "/v1/nodes/node-17", "", g, Bytes.empty());
    postBody = Bytes.of(jsonOfOneKib());
    Map<String, String> p = signer.sign("POST", "/v1/nodes", "", postBody);
    post = SignedRequest.of("POST", "/v1/nodes", "", p, postBody);
    spki = id.publicKeySpki();
    nonces = new InMemoryNonceRegistry(Clock.systemUTC());
    verifier.verify(get); // fail fast if the setup is wrong
    verifier.verify(post);
  }

  @Benchmark
  public Map<String, String> signGet() {
    return signer.sign("GET", "/v1/nodes/node-17", "", Bytes.empty());
  }

  @Benchmark
  public Map<String, String> signPost1KiB() {
    return signer.sign("POST", "/v1/nodes", "", postBody);
  }

  @Benchmark
  public AuthenticatedCaller verifyGet() throws AuthException {
    return verifier.verify(get);
  }

  @Benchmark
  public AuthenticatedCaller verifyPost1KiB() throws AuthException {
    return verifier.verify(post);
  }

  @Benchmark
  public CallerPublicKey parsePublicKey() throws AuthException {
    return PublicKeys.parseSpki(spki);
  }

  @Benchmark
  public boolean nonceFirstUse() {
    Instant expires = Instant.now().plusMillis(20);
    return nonces.firstUse("k", Long.toString(counter.incrementAndGet()), expires);
  }

  private static byte[] jsonOfOneKib() {
    StringBuilder sb = new StringBuilder("{\"node_id\":\"node-17\",\"report\":\"");
    while (sb.length() < 1024 - 2) {
      sb.append('A');
    }
    return sb.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
  }
}
