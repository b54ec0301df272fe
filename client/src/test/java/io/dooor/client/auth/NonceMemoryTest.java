package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.AuthException.Reason;
import io.dooor.common.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An in-memory nonce registry knows nothing from before it was created (a restart), so a request
 * signed before then is refused even inside its validity window; one signed after is served once.
 */
class NonceMemoryTest {
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00.400Z");

  @Test
  void aRequestSignedBeforeTheRegistryStartedIsRefused() throws Exception {
    TestClock clock = new TestClock(T0);
    RequestSigner signer = new RequestSigner(Identity.generate(), clock);
    Map<String, String> before = signer.sign("PUT", "/v1/policies/w", "", Bytes.empty());

    clock.advance(Duration.ofSeconds(5)); // the server restarts: a new, empty memory
    RequestVerifier restarted = new RequestVerifier(clock, new InMemoryNonceRegistry(clock));
    assertThatThrownBy(() -> restarted.verify(put(before)))
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED));

    Map<String, String> after = signer.sign("PUT", "/v1/policies/w", "", Bytes.empty());
    assertThat(restarted.verify(put(after)).principal()).isNotNull();
    assertThatThrownBy(() -> restarted.verify(put(after))).isInstanceOf(AuthException.class);
  }

  @Test
  void aRequestServedJustBeforeAFastRestartIsRefusedAfterIt() throws Exception {
    java.time.Clock system = java.time.Clock.systemUTC();
    RequestSigner signer = new RequestSigner(Identity.generate(), system);
    RequestVerifier first = new RequestVerifier(system, InMemoryNonceRegistry.fresh(system));
    Map<String, String> served = signer.sign("PUT", "/v1/policies/w", "", Bytes.empty());
    assertThat(first.verify(put(served)).principal()).isNotNull();

    Instant restartAskedAt = Instant.now(); // a crash and a restart within the same second
    InMemoryNonceRegistry memory = InMemoryNonceRegistry.fresh(system);
    assertThat(memory.rememberedSince()).isAfter(restartAskedAt);
    RequestVerifier restarted = new RequestVerifier(system, memory);
    assertThatThrownBy(() -> restarted.verify(put(served)))
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED));
  }

  @Test
  void aRequestSignedInTheSecondTheRegistryStartedIsServed() throws Exception {
    TestClock clock = new TestClock(T0);
    RequestVerifier verifier = new RequestVerifier(clock, new InMemoryNonceRegistry(clock));
    clock.advance(Duration.ofMillis(100));
    Map<String, String> h =
        new RequestSigner(Identity.generate(), clock).sign("GET", "/v1/nodes", "", Bytes.empty());
    assertThat(
            verifier.verify(SignedRequest.of("GET", "/v1/nodes", "", h, Bytes.empty())).principal())
        .isNotNull();
  }

  private static SignedRequest put(Map<String, String> headers) {
    return SignedRequest.of("PUT", "/v1/policies/w", "", headers, Bytes.empty());
  }
}
