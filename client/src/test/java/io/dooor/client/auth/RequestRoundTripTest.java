package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.AuthException.Reason;
import io.dooor.common.Bytes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sign with {@link RequestSigner}, verify with {@link RequestVerifier}, then break things. */
class RequestRoundTripTest {
  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
  private static final Bytes BODY =
      Bytes.of("{\"node_id\":\"n1\",\"report\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8));

  private final TestClock clock = new TestClock(T0);
  private final RequestVerifier verifier =
      new RequestVerifier(clock, new InMemoryNonceRegistry(clock));

  private static SignedRequest request(
      String method, String path, String query, Map<String, String> headers, Bytes body) {
    return SignedRequest.of(method, path, query, headers, body);
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void everyKeyTypeRoundTrips(KeyType type) throws Exception {
    Identity id = Identity.generate(type);
    RequestSigner signer = new RequestSigner(id, clock);

    Map<String, String> get = signer.sign("GET", "/v1/nodes/n1", "verbose=1&x=%20y", Bytes.empty());
    AuthenticatedCaller caller =
        verifier.verify(request("GET", "/v1/nodes/n1", "verbose=1&x=%20y", get, Bytes.empty()));
    assertThat(caller.principal()).isEqualTo(id.principal());
    assertThat(caller.publicKeySpki()).isEqualTo(id.publicKeySpki());

    Map<String, String> post = signer.sign("POST", "/v1/nodes", "", BODY);
    assertThat(verifier.verify(request("POST", "/v1/nodes", "", post, BODY)).principal())
        .isEqualTo(id.principal());
    assertThat(post.get("Signature-Input")).contains("alg=\"" + type.alg() + "\"");
  }

  @Test
  void headersLookLikeTheProfile() {
    Identity id = Identity.generate();
    Map<String, String> h =
        new RequestSigner(id, clock).sign("GET", "/v1/health", "", Bytes.empty());
    assertThat(h.keySet())
        .containsExactly("Content-Digest", "Signature-Input", "Signature", "Dooor-Public-Key");
    assertThat(h.get("Signature-Input"))
        .matches(
            "dooor=\\(\"@method\" \"@path\" \"@query\" \"content-digest\"\\);created=\\d+"
                + ";nonce=\"[A-Za-z0-9_-]{22}\";keyid=\""
                + id.principal().toText()
                + "\";alg=\"ed25519\"");
    assertThat(h.get("Content-Digest"))
        .isEqualTo("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"); // SHA-256 of ""
  }

  @Test
  void signsTheRawPathAndQueryOfAUri() throws Exception {
    Identity id = Identity.generate(KeyType.ECDSA_P256);
    URI uri = URI.create("https://cp.example:8443/v1/nodes/a%2Fb?state=ACTIVE&q=%C3%A9");
    Map<String, String> h = new RequestSigner(id, clock).sign("GET", uri, Bytes.empty());
    verifier.verify(request("GET", "/v1/nodes/a%2Fb", "state=ACTIVE&q=%C3%A9", h, Bytes.empty()));
    assertRefused(
        request("GET", "/v1/nodes/a/b", "state=ACTIVE&q=%C3%A9", h, Bytes.empty()),
        Reason.SIGNATURE_INVALID);
  }

  @Test
  void tamperingIsRefused() {
    Identity id = Identity.generate(KeyType.SECP256K1);
    Map<String, String> h = new RequestSigner(id, clock).sign("POST", "/v1/nodes", "a=1", BODY);
    Bytes otherBody =
        Bytes.of("{\"node_id\":\"n2\",\"report\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8));
    assertRefused(request("POST", "/v1/nodes", "a=1", h, otherBody), Reason.DIGEST_MISMATCH);
    assertRefused(request("PUT", "/v1/nodes", "a=1", h, BODY), Reason.SIGNATURE_INVALID);
    assertRefused(request("post", "/v1/nodes", "a=1", h, BODY), Reason.SIGNATURE_INVALID);
    assertRefused(request("POST", "/v1/nodez", "a=1", h, BODY), Reason.SIGNATURE_INVALID);
    assertRefused(request("POST", "/v1/nodes", "a=2", h, BODY), Reason.SIGNATURE_INVALID);
    assertRefused(request("POST", "/v1/nodes", "", h, BODY), Reason.SIGNATURE_INVALID);

    Map<String, String> digestAndBody = new LinkedHashMap<>(h);
    digestAndBody.put(
        "Content-Digest",
        new RequestSigner(id, clock)
            .sign("POST", "/v1/nodes", "a=1", otherBody)
            .get("Content-Digest"));
    assertRefused(
        request("POST", "/v1/nodes", "a=1", digestAndBody, otherBody), Reason.SIGNATURE_INVALID);

    Map<String, String> flipped = new LinkedHashMap<>(h);
    flipped.put("Signature-Input", h.get("Signature-Input").replace("created=", "created=1"));
    assertRefused(request("POST", "/v1/nodes", "a=1", flipped, BODY), Reason.FROM_FUTURE);
  }

  @Test
  void aFailedAttemptDoesNotUseUpTheNonce() throws Exception {
    Identity id = Identity.generate();
    Map<String, String> h = new RequestSigner(id, clock).sign("POST", "/v1/nodes", "", BODY);
    assertRefused(request("POST", "/v1/other", "", h, BODY), Reason.SIGNATURE_INVALID);
    verifier.verify(request("POST", "/v1/nodes", "", h, BODY));
    assertRefused(request("POST", "/v1/nodes", "", h, BODY), Reason.REPLAYED);
  }

  @Test
  void replayIsRefusedWithinTheWindowAndStaleAfterIt() throws Exception {
    Identity id = Identity.generate();
    Map<String, String> h =
        new RequestSigner(id, clock).sign("GET", "/v1/nodes", "", Bytes.empty());
    SignedRequest r = request("GET", "/v1/nodes", "", h, Bytes.empty());
    verifier.verify(r);
    assertRefused(r, Reason.REPLAYED);
    clock.advance(Duration.ofSeconds(59));
    assertRefused(r, Reason.REPLAYED);
    clock.advance(Duration.ofSeconds(2));
    assertRefused(r, Reason.STALE);
  }

  @Test
  void windowEdges() throws Exception {
    Identity id = Identity.generate();
    RequestSigner signer = new RequestSigner(id, clock);
    SignedRequest atEdge =
        request("GET", "/", "", signer.sign("GET", "/", "", Bytes.empty()), Bytes.empty());
    SignedRequest pastEdge =
        request("GET", "/", "", signer.sign("GET", "/", "", Bytes.empty()), Bytes.empty());
    clock.advance(Duration.ofSeconds(60));
    verifier.verify(atEdge);
    clock.advance(Duration.ofSeconds(1));
    assertRefused(pastEdge, Reason.STALE);

    clock.set(T0.plusSeconds(30)); // the clock stepped back (not before the verifier started)
    verifier.verify(
        request("GET", "/", "", signer.sign("GET", "/", "", Bytes.empty()), Bytes.empty()));
    clock.set(T0);
    RequestSigner fast = new RequestSigner(id, new TestClock(T0.plusSeconds(6)));
    assertRefused(
        request("GET", "/", "", fast.sign("GET", "/", "", Bytes.empty()), Bytes.empty()),
        Reason.FROM_FUTURE);
  }

  @Test
  void headerNamesAreCaseInsensitiveAndFieldsMayBeSplit() throws Exception {
    Identity id = Identity.generate();
    Map<String, String> h = new RequestSigner(id, clock).sign("POST", "/v1/x", "", BODY);
    Map<String, List<String>> multi = new TreeMap<>();
    h.forEach((k, v) -> multi.put(k.toUpperCase(java.util.Locale.ROOT), List.of(v)));
    // A proxy's own signature, on a separate field line of each dictionary (RFC 9421 §4.3).
    multi.put(
        "signature-input",
        List.of("proxy=(\"@method\");created=1;keyid=\"p\"", h.get("Signature-Input")));
    multi.put("signature", List.of(h.get("Signature"), "proxy=:AAAA:"));
    multi.remove("SIGNATURE-INPUT");
    multi.remove("SIGNATURE");
    verifier.verify(new SignedRequest("POST", "/v1/x", "", multi, BODY));
  }

  @Test
  void signingIsFast() {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (KeyType type : KeyType.values()) {
      RequestSigner signer = new RequestSigner(Identity.generate(type), clock);
      for (int i = 0; i < 300; i++) { // warm up
        signer.sign("POST", "/v1/nodes", "", BODY);
      }
      int n = 200;
      long start = threads.getCurrentThreadCpuTime(); // CPU time: immune to a busy machine
      for (int i = 0; i < n; i++) {
        signer.sign("POST", "/v1/nodes", "", BODY);
      }
      double micros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / n;
      // JMH measures 30-200 µs (bench/results/auth.md); 2 ms of CPU only catches real regressions.
      assertThat(micros).as("%s sign, µs of CPU", type).isLessThan(2_000);
    }
  }

  private void assertRefused(SignedRequest r, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(r))
        .isInstanceOf(AuthException.class)
        .satisfies(
            e -> assertThat(((AuthException) e).reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
