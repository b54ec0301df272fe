package io.dooor.keyshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.Ed25519PublicKey;
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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The DKG relay over real loopback HTTP: bad rounds, indices and second posts get a 4xx naming the
 * field and change nothing; unsigned, wrongly signed and other runs' posts are refused (401/403),
 * logged, and leave the slot free; a round closes when every holder posted, or at its timeout
 * without the missing ones, and everyone reads the same board; five participants with the identity
 * roster agree on one key, and participants refuse board entries not signed by the roster's key.
 */
class DkgRelayTest {
  private static final String RUN = "test-run-1";
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-06-01T00:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

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

  static List<Identity> identities(int n) {
    List<Identity> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(Identity.generate());
    }
    return ids;
  }

  static DkgIdentities roster(List<Identity> ids) throws Exception {
    List<Ed25519PublicKey> keys = new ArrayList<>();
    for (Identity id : ids) {
      keys.add(Ed25519PublicKey.parseSpki(id.publicKeySpki()));
    }
    return DkgIdentities.of(keys);
  }

  private HttpResponse<byte[]> post(URI base, String path, byte[] body) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve(DkgRelay.PATH + path)), body);
  }

  /** A post of {@code body} to round/index signed by {@code signer} for {@code run}. */
  private HttpResponse<byte[]> post(
      URI base, int round, int index, byte[] body, Identity signer, String run) throws Exception {
    Bytes sig =
        signer.sign(Bytes.of(DkgIdentities.signedMessage(run, round, index, Bytes.of(body))));
    return send(
        HttpRequest.newBuilder(
                base.resolve(DkgRelay.PATH + DkgRelay.ROUNDS.get(round) + "/" + index))
            .header(DkgRelay.RUN_HEADER, run)
            .header(DkgRelay.SIGNATURE_HEADER, sig.base64()),
        body);
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b, byte[] body) throws Exception {
    return http.send(
        b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
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
    List<Identity> ids = identities(3);
    try (DkgRelay relay =
        DkgRelay.create(roster(ids), RUN, Duration.ofSeconds(30), clock(), log::add)
            .start("127.0.0.1", 0)) {
      URI base = URI.create("http://127.0.0.1:" + relay.port());
      byte[] a = {1, 2, 3};
      assertThat(post(base, "bogus/1", a).statusCode()).isEqualTo(400);
      assertThat(text(post(base, "bogus/1", a))).contains("\"field\":\"round\"");
      assertThat(text(post(base, "keys/4", a))).contains("\"field\":\"index\"");
      assertThat(post(base, "keys/x", a).statusCode()).isEqualTo(400);
      assertThat(post(base, 1, 1, a, ids.get(0), RUN).statusCode())
          .as("not open yet")
          .isEqualTo(409);
      assertThat(post(base, 0, 1, a, ids.get(0), RUN).statusCode()).isEqualTo(200);
      assertThat(post(base, 0, 1, a, ids.get(0), RUN).statusCode())
          .as("same bytes again")
          .isEqualTo(200);
      HttpResponse<byte[]> other = post(base, 0, 1, new byte[] {9}, ids.get(0), RUN);
      assertThat(other.statusCode()).isEqualTo(409);
      assertThat(text(other)).contains("already-posted");
      assertThat(get(base, "keys").statusCode()).as("open").isEqualTo(202);
      assertThat(post(base, 0, 2, new byte[0], ids.get(1), RUN).statusCode()).isEqualTo(200);
      now.set(now.get().plusSeconds(31)); // holder 3 never posts
      HttpResponse<byte[]> board = get(base, "keys");
      assertThat(board.statusCode()).isEqualTo(200);
      DkgBoard b = DkgBoard.parse(Bytes.of(board.body()));
      assertThat(b.entries().keySet()).containsExactly(1, 2);
      Bytes entry = b.entries().get(1);
      assertThat(entry.slice(64, entry.length())).isEqualTo(Bytes.of(a));
      assertThat(roster(ids).signedBy(1, RUN, 0, Bytes.of(a), entry.slice(0, 64))).isTrue();
      assertThat(get(base, "keys").body()).isEqualTo(board.body());
      assertThat(post(base, 0, 3, a, ids.get(2), RUN).statusCode()).as("closed").isEqualTo(409);
      assertThat(get(base, "dealings").statusCode()).isEqualTo(202);
      for (int i = 1; i <= 3; i++) {
        assertThat(post(base, 1, i, a, ids.get(i - 1), RUN).statusCode()).isEqualTo(200);
      }
      assertThat(get(base, "dealings").statusCode()).as("all posted").isEqualTo(200);
      assertThat(log).isEmpty();
    }
  }

  @Test
  void squattingWrongKeyAndReplayedPostsAreRefusedLoggedAndLeaveTheSlotFree() throws Exception {
    List<Identity> ids = identities(3);
    try (DkgRelay relay =
        DkgRelay.create(roster(ids), RUN, Duration.ofSeconds(30), clock(), log::add)
            .start("127.0.0.1", 0)) {
      URI base = URI.create("http://127.0.0.1:" + relay.port());
      byte[] squat = {6, 6, 6};
      HttpResponse<byte[]> unsigned = post(base, "keys/1", squat);
      assertThat(unsigned.statusCode()).isEqualTo(401);
      assertThat(text(unsigned)).contains("unauthenticated").contains(DkgRelay.RUN_HEADER);
      HttpResponse<byte[]> wrongKey = post(base, 0, 1, squat, ids.get(1), RUN);
      assertThat(wrongKey.statusCode()).isEqualTo(403);
      assertThat(text(wrongKey))
          .contains("bad-signature")
          .contains("\"field\":\"" + DkgRelay.SIGNATURE_HEADER + "\"");
      HttpResponse<byte[]> stranger = post(base, 0, 1, squat, Identity.generate(), RUN);
      assertThat(stranger.statusCode()).isEqualTo(403);
      HttpResponse<byte[]> replay = post(base, 0, 1, squat, ids.get(0), "earlier-run");
      assertThat(replay.statusCode()).isEqualTo(403);
      assertThat(text(replay)).contains("wrong-run");
      HttpResponse<byte[]> relabelled =
          send(
              HttpRequest.newBuilder(base.resolve(DkgRelay.PATH + "keys/1"))
                  .header(DkgRelay.RUN_HEADER, RUN)
                  .header(
                      DkgRelay.SIGNATURE_HEADER,
                      ids.get(0)
                          .sign(
                              Bytes.of(
                                  DkgIdentities.signedMessage(
                                      "earlier-run", 0, 1, Bytes.of(squat))))
                          .base64()),
              squat);
      assertThat(relabelled.statusCode()).as("another run's signature").isEqualTo(403);
      HttpResponse<byte[]> garbage =
          send(
              HttpRequest.newBuilder(base.resolve(DkgRelay.PATH + "keys/1"))
                  .header(DkgRelay.RUN_HEADER, RUN)
                  .header(DkgRelay.SIGNATURE_HEADER, "not base64!"),
              squat);
      assertThat(garbage.statusCode()).isEqualTo(403);
      assertThat(text(get(base, "keys"))).as("slot 1 still free").contains("\"posted\":[]");
      assertThat(log)
          .hasSize(6)
          .allMatch(l -> l.startsWith("refused post for holder 1 in round keys"));
      byte[] mine = {1};
      assertThat(post(base, 0, 1, mine, ids.get(0), RUN).statusCode()).isEqualTo(200);
      assertThat(text(get(base, "keys"))).contains("\"posted\":[1]");
    }
  }

  @Test
  void fiveParticipantsWithTheIdentityRosterAgreeOnOneKey() throws Exception {
    List<Identity> ids = identities(5);
    DkgIdentities roster = roster(ids);
    Duration timeout = Duration.ofSeconds(60);
    try (DkgRelay relay =
        DkgRelay.create(roster, RUN, timeout, Clock.systemUTC(), log::add).start("127.0.0.1", 0)) {
      URI base = URI.create("http://127.0.0.1:" + relay.port());
      List<CompletableFuture<DkgParticipant.Result>> runs = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        runs.add(participant(base, roster, ids.get(i - 1), i, timeout));
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
      assertThat(log).isEmpty();
    }
  }

  @Test
  void participantsRefuseBoardEntriesNotSignedByTheirRostersKey() throws Exception {
    List<Identity> ids = identities(3);
    Identity impostor = Identity.generate();
    List<Identity> relayView = List.of(ids.get(0), ids.get(1), impostor);
    Duration timeout = Duration.ofSeconds(60);
    // the relay was given another key for holder 3: it accepts the impostor, the holders do not
    try (DkgRelay relay =
        DkgRelay.create(roster(relayView), RUN, timeout, Clock.systemUTC(), log::add)
            .start("127.0.0.1", 0)) {
      URI base = URI.create("http://127.0.0.1:" + relay.port());
      DkgIdentities theirs = roster(ids);
      List<CompletableFuture<DkgParticipant.Result>> runs = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        runs.add(participant(base, theirs, ids.get(i - 1), i, timeout));
      }
      runs.add(participant(base, roster(relayView), impostor, 3, timeout));
      for (int i = 0; i < 2; i++) {
        CompletableFuture<DkgParticipant.Result> f = runs.get(i);
        assertThatThrownBy(f::join)
            .isInstanceOf(CompletionException.class)
            .hasMessageContaining("holders [3] posted no public key");
      }
    }
  }

  @Test
  void aParticipantWhoseIdentityIsNotTheRostersRefusesToStart() throws Exception {
    List<Identity> ids = identities(2);
    assertThatThrownBy(
            () ->
                new DkgParticipant(
                        URI.create("http://127.0.0.1:9"),
                        roster(ids),
                        RUN,
                        Identity.generate(),
                        HttpClient.newHttpClient(),
                        Duration.ofSeconds(1))
                    .run(1, 1, 2, DkgParticipant.honest(new SecureRandom()), new SecureRandom()))
        .hasMessageContaining("not the one the roster names for holder 1");
  }

  private static CompletableFuture<DkgParticipant.Result> participant(
      URI base, DkgIdentities roster, Identity id, int index, Duration timeout) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            SecureRandom rng = new SecureRandom();
            return new DkgParticipant(
                    base, roster, RUN, id, HttpKeyShareTransport.client(timeout), timeout)
                .run(
                    index,
                    roster.holders() / 2 + 1,
                    roster.holders(),
                    DkgParticipant.honest(rng),
                    rng);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
