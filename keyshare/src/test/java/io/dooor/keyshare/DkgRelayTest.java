package io.dooor.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.vetkd.threshold.DkgBoard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The DKG relay over real loopback HTTP: bad rounds, indices and second posts get a 4xx naming the
 * field and change nothing; a round closes when every holder posted, or at its timeout without the
 * missing ones, and everyone reads the same board; five participants through it agree on one key.
 */
class DkgRelayTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-06-01T00:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();

  private Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
  }

  private HttpResponse<byte[]> post(URI base, String path, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(DkgRelay.PATH + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(URI base, String round) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(DkgRelay.PATH + round)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void refusesBadInputNamingTheFieldAndClosesRoundsAlikeForEveryone() throws Exception {
    try (DkgRelay relay =
        DkgRelay.create(3, Duration.ofSeconds(30), clock()).start("127.0.0.1", 0)) {
      URI base = URI.create("http://127.0.0.1:" + relay.port());
      byte[] a = {1, 2, 3};
      assertThat(post(base, "bogus/1", a).statusCode()).isEqualTo(400);
      assertThat(text(post(base, "bogus/1", a))).contains("\"field\":\"round\"");
      assertThat(text(post(base, "keys/4", a))).contains("\"field\":\"index\"");
      assertThat(post(base, "keys/x", a).statusCode()).isEqualTo(400);
      assertThat(post(base, "dealings/1", a).statusCode()).as("not open yet").isEqualTo(409);
      assertThat(post(base, "keys/1", a).statusCode()).isEqualTo(200);
      assertThat(post(base, "keys/1", a).statusCode()).as("same bytes again").isEqualTo(200);
      HttpResponse<byte[]> other = post(base, "keys/1", new byte[] {9});
      assertThat(other.statusCode()).isEqualTo(409);
      assertThat(text(other)).contains("already-posted");
      assertThat(get(base, "keys").statusCode()).as("open").isEqualTo(202);
      assertThat(post(base, "keys/2", new byte[0]).statusCode()).isEqualTo(200);
      now.set(now.get().plusSeconds(31)); // holder 3 never posts
      HttpResponse<byte[]> board = get(base, "keys");
      assertThat(board.statusCode()).isEqualTo(200);
      DkgBoard b = DkgBoard.parse(Bytes.of(board.body()));
      assertThat(b.entries().keySet()).containsExactly(1, 2);
      assertThat(b.entries().get(1)).isEqualTo(Bytes.of(a));
      assertThat(get(base, "keys").body()).isEqualTo(board.body());
      assertThat(post(base, "keys/3", a).statusCode()).as("closed").isEqualTo(409);
      assertThat(get(base, "dealings").statusCode()).isEqualTo(202);
      for (int i = 1; i <= 3; i++) {
        assertThat(post(base, "dealings/" + i, a).statusCode()).isEqualTo(200);
      }
      assertThat(get(base, "dealings").statusCode()).as("all posted").isEqualTo(200);
    }
  }

  @Test
  void fiveParticipantsThroughTheRelayAgreeOnOneKey() throws Exception {
    Duration timeout = Duration.ofSeconds(60);
    try (DkgRelay relay = DkgRelay.create(5, timeout, Clock.systemUTC()).start("127.0.0.1", 0)) {
      URI base = URI.create("http://127.0.0.1:" + relay.port());
      List<CompletableFuture<DkgParticipant.Result>> runs = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        int index = i;
        runs.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    SecureRandom rng = new SecureRandom();
                    return new DkgParticipant(base, HttpKeyShareTransport.client(timeout), timeout)
                        .run(index, 3, 5, DkgParticipant.honest(rng), rng);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      List<DkgParticipant.Result> rs = new ArrayList<>();
      for (CompletableFuture<DkgParticipant.Result> f : runs) {
        rs.add(f.get());
      }
      assertThat(rs)
          .allSatisfy(
              r -> {
                assertThat(r.received().publicKey()).isEqualTo(rs.get(0).received().publicKey());
                assertThat(r.transcriptDigest()).isEqualTo(rs.get(0).transcriptDigest());
                assertThat(r.received().qualified()).containsExactly(1, 2, 3, 4, 5);
                assertThat(r.notes()).isEmpty();
              });
      assertThat(relay.bytesExchanged())
          .isEqualTo(rs.stream().mapToLong(r -> r.bytesSent() + r.bytesReceived()).sum());
    }
  }
}
