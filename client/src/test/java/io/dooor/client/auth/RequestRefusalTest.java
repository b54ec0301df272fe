package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.AuthException.Reason;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each {@link AuthException.Reason} the verifier can give, reached on purpose. */
class RequestRefusalTest {
  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
  private static final Bytes BODY = Bytes.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8));

  private final TestClock clock = new TestClock(T0);
  private final RequestVerifier verifier =
      new RequestVerifier(clock, new InMemoryNonceRegistry(clock));
  private final Identity id = Identity.generate();
  private final Identity p256 = Identity.generate(KeyType.ECDSA_P256);

  private Map<String, String> signed() {
    return new LinkedHashMap<>(new RequestSigner(id, clock).sign("POST", "/v1/x", "q=1", BODY));
  }

  private HandMadeSignature handMade(Identity who) {
    return HandMadeSignature.standard(who, "POST", "/v1/x", "q=1", BODY, T0.getEpochSecond());
  }

  private void assertReason(Map<String, String> headers, Reason reason) {
    assertReason(SignedRequest.of("POST", "/v1/x", "q=1", headers, BODY), reason);
  }

  private void assertReason(SignedRequest request, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOf(AuthException.class)
        .satisfies(
            e -> assertThat(((AuthException) e).reason()).as(e.getMessage()).isEqualTo(reason));
  }

  private void assertEdited(Consumer<Map<String, String>> edit, Reason reason) {
    Map<String, String> h = signed();
    edit.accept(h);
    assertReason(h, reason);
  }

  @Test
  void missingSignature() {
    assertEdited(h -> h.remove("Signature-Input"), Reason.MISSING_SIGNATURE);
    assertEdited(h -> h.remove("Signature"), Reason.MISSING_SIGNATURE);
    assertEdited(h -> h.put("Signature", "other=:AAAA:"), Reason.MISSING_SIGNATURE);
    assertEdited(h -> h.put("Signature-Input", ""), Reason.MISSING_SIGNATURE);
    assertEdited(
        h -> h.put("Signature-Input", h.get("Signature-Input").replace("dooor=", "a=") + ", b=()"),
        Reason.MISSING_SIGNATURE);
  }

  @Test
  void malformedSignatureInput() {
    assertEdited(
        h -> h.put("Signature-Input", "dooor=(\"@method\""), Reason.MALFORMED_SIGNATURE_INPUT);
    assertEdited(h -> h.put("Signature-Input", "dooor=1"), Reason.MALFORMED_SIGNATURE_INPUT);
    assertEdited(h -> h.put("Signature-Input", "Dooor=()"), Reason.MALFORMED_SIGNATURE_INPUT);
    assertEdited(h -> h.put("Signature-Input", "x".repeat(9000)), Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(
        handMade(id).withoutParam("nonce").headers(BODY), Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(
        handMade(id).param("nonce", "short").headers(BODY), Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(
        handMade(id).withoutParam("created").headers(BODY), Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(
        handMade(id).param("created", "now").headers(BODY), Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(
        handMade(id).withoutParam("keyid").headers(BODY), Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(handMade(id).withoutParam("alg").headers(BODY), Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(
        handMade(id).param("expires", "soon").headers(BODY), Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(
        handMade(id).cover("@method", "POST").headers(BODY), Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(
        handMade(id).cover("@target-uri", "https://x/v1/x?q=1").headers(BODY),
        Reason.MALFORMED_SIGNATURE_INPUT);
    assertReason(
        handMade(id).cover("X-Upper", "v").header("X-Upper", "v").headers(BODY),
        Reason.MALFORMED_SIGNATURE_INPUT);
    assertEdited(
        h ->
            h.put(
                "Signature-Input", h.get("Signature-Input").replace("\"@path\"", "\"@path\";req")),
        Reason.MALFORMED_SIGNATURE_INPUT);
  }

  @Test
  void malformedSignature() {
    assertEdited(h -> h.put("Signature", "dooor=(1 2)"), Reason.MALFORMED_SIGNATURE);
    assertEdited(h -> h.put("Signature", "dooor=:not base64!:"), Reason.MALFORMED_SIGNATURE);
    assertEdited(h -> h.put("Signature", "dooor=\"text\""), Reason.MALFORMED_SIGNATURE);
    assertEdited(h -> h.put("Signature", "dooor=:AAAA:"), Reason.MALFORMED_SIGNATURE);
  }

  @Test
  void missingComponent() {
    HandMadeSignature noDigest =
        new HandMadeSignature(id)
            .cover("@method", "POST")
            .cover("@path", "/v1/x")
            .cover("@query", "?q=1")
            .param("created", T0.getEpochSecond())
            .param("nonce", "abcdefghijkl")
            .param("keyid", id.principal().toText())
            .param("alg", "ed25519");
    assertReason(noDigest.headers(BODY), Reason.MISSING_COMPONENT);
    // Covers a header field the request does not carry.
    assertReason(handMade(id).cover("x-tenant", "t1").headers(BODY), Reason.MISSING_COMPONENT);
  }

  @Test
  void coveredHeaderFieldsAreSigned() throws Exception {
    Map<String, String> h =
        handMade(id).cover("x-tenant", "t1").header("x-tenant", "t1").headers(BODY);
    verifier.verify(SignedRequest.of("POST", "/v1/x", "q=1", h, BODY));
    Map<String, String> h2 =
        handMade(id).cover("x-tenant", "t1").header("x-tenant", "t2").headers(BODY);
    assertReason(h2, Reason.SIGNATURE_INVALID);
  }

  @Test
  void malformedRequest() {
    Map<String, String> h =
        handMade(id).cover("x-note", "a b").header("x-note", "a\nb").headers(BODY);
    assertReason(h, Reason.MALFORMED_REQUEST);
  }

  @Test
  void publicKeyProblems() {
    assertEdited(h -> h.remove("Dooor-Public-Key"), Reason.MISSING_PUBLIC_KEY);
    assertEdited(h -> h.put("Dooor-Public-Key", "!!!"), Reason.MALFORMED_PUBLIC_KEY);
    assertEdited(h -> h.put("Dooor-Public-Key", "MAUGAytlcA=="), Reason.MALFORMED_PUBLIC_KEY);
    assertEdited(h -> h.put("Dooor-Public-Key", "A".repeat(400)), Reason.MALFORMED_PUBLIC_KEY);
    assertEdited(
        h -> h.put("Dooor-Public-Key", Bytes.fromHex(TestKeys.RSA_1024_SPKI).base64()),
        Reason.UNSUPPORTED_KEY);
    assertEdited(
        h -> h.put("Dooor-Public-Key", p256.publicKeySpki().base64()),
        Reason.KEY_PRINCIPAL_MISMATCH);
    assertReason(handMade(p256).param("alg", "ed25519").headers(BODY), Reason.ALGORITHM_MISMATCH);
    assertReason(handMade(id).param("alg", "hmac-sha256").headers(BODY), Reason.ALGORITHM_MISMATCH);
  }

  @Test
  void digestProblems() {
    assertEdited(h -> h.remove("Content-Digest"), Reason.MISSING_DIGEST);
    assertEdited(h -> h.put("Content-Digest", "sha-256=abc"), Reason.MALFORMED_DIGEST);
    assertEdited(h -> h.put("Content-Digest", "md5=:AAAA:"), Reason.MALFORMED_DIGEST);
    assertEdited(h -> h.put("Content-Digest", "sha-256=\"x\""), Reason.MALFORMED_DIGEST);
    assertEdited(
        h -> h.put("Content-Digest", h.get("Content-Digest") + ", sha-512=:AAAA:"),
        Reason.DIGEST_MISMATCH);
    assertReason(
        SignedRequest.of("POST", "/v1/x", "q=1", signed(), Bytes.empty()), Reason.DIGEST_MISMATCH);
  }

  @Test
  void signatureInvalid() {
    Map<String, String> h = signed();
    byte[] sig =
        Bytes.fromBase64(h.get("Signature").replace("dooor=:", "").replace(":", "")).toArray();
    sig[10] ^= 1;
    h.put("Signature", "dooor=:" + Bytes.of(sig).base64() + ":");
    assertReason(h, Reason.SIGNATURE_INVALID);
    // A valid signature from another request of the same caller.
    Map<String, String> other = new RequestSigner(id, clock).sign("POST", "/v1/y", "q=1", BODY);
    assertEdited(h2 -> h2.put("Signature", other.get("Signature")), Reason.SIGNATURE_INVALID);
  }

  @Test
  void timeProblems() {
    assertReason(
        HandMadeSignature.standard(id, "POST", "/v1/x", "q=1", BODY, T0.getEpochSecond() - 61)
            .headers(BODY),
        Reason.STALE);
    assertReason(
        HandMadeSignature.standard(id, "POST", "/v1/x", "q=1", BODY, T0.getEpochSecond() + 6)
            .headers(BODY),
        Reason.FROM_FUTURE);
    assertReason(
        handMade(id).param("expires", T0.getEpochSecond() - 1).headers(BODY), Reason.EXPIRED);
  }

  @Test
  void replayed() throws Exception {
    Map<String, String> h = signed();
    verifier.verify(SignedRequest.of("POST", "/v1/x", "q=1", h, BODY));
    assertReason(h, Reason.REPLAYED);
    // The same nonce under another key is a different nonce.
    Map<String, String> mine = handMade(id).param("nonce", "shared-nonce-1").headers(BODY);
    Map<String, String> theirs = handMade(p256).param("nonce", "shared-nonce-1").headers(BODY);
    verifier.verify(SignedRequest.of("POST", "/v1/x", "q=1", mine, BODY));
    verifier.verify(SignedRequest.of("POST", "/v1/x", "q=1", theirs, BODY));
  }

  @Test
  void refusalsCarryTheClaimedKeyIdOnceKnown() {
    Map<String, String> h = signed();
    h.remove("Content-Digest");
    assertThatThrownBy(() -> verifier.verify(SignedRequest.of("POST", "/v1/x", "q=1", h, BODY)))
        .satisfies(
            e -> assertThat(((AuthException) e).claimedKeyId()).contains(id.principal().toText()));
  }
}
