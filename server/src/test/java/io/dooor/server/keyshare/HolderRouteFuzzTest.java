package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.keyshare.KeyShareServer;
import io.dooor.server.KeyShareFolder;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.KeyShareEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-share holder's routes fuzzed as the control plane's are ({@code RouteFuzzTest}), seeded:
 * mutated derive-share requests (truncated, lengths out of range, trailing bytes, bad transport
 * keys, random bytes, JSON), content types, paths and callers (the control plane, a stranger,
 * nobody). Asserted: no 5xx; every refusal is problem+json in the API's words; a body that is not
 * {@code application/vnd.dooor.vetkd.share-v1} is 415; a malformed request is 400 naming the field
 * of the request that is wrong; a valid one is answered; callers other than the control plane get
 * 401. Seed: -Dfuzz.seed, cases: -Dfuzz.cases (default 3,000).
 */
class HolderRouteFuzzTest {
  private static final Set<String> FIELDS =
      Set.of("body", "canister_id", "context", "input", "transport_public_key");
  private static final List<String> TYPES =
      List.of(
          "application/json",
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/vnd.dooor.vetkd.share-v2",
          "application/vnd.dooor.vetkd.share-v1x");
  private static final List<String> ODD_PATHS =
      List.of(
          "/v1/keyshare/derive%00",
          "/v1/keyshare/%2e%2e/derive",
          "/v1/keyshare/derive/../public-key",
          "/v1/nodes",
          "/" + "a".repeat(20_000),
          "/v1/keyshare/derive?" + "x=".repeat(5000));

  private final Identity controlPlane = Identity.generate();
  private final Identity stranger = Identity.generate();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private KeyShareServer server;
  private URI base;
  private SplittableRandom rnd;

  /** One request: who signs it (null: nobody), and what the fuzzer made of it. */
  private record Case(
      String method,
      String path,
      Bytes body,
      String type,
      Identity who,
      boolean valid,
      boolean malformed) {
    @Override
    public String toString() {
      String shown = body.slice(0, Math.min(body.length(), 64)).hex();
      return method
          + " "
          + (path.length() > 80 ? path.substring(0, 80) + "..." : path)
          + " ["
          + type
          + "] "
          + body.length()
          + " bytes "
          + shown
          + " valid="
          + valid
          + " malformed="
          + malformed;
    }
  }

  @BeforeEach
  void start(@TempDir Path data) throws Exception {
    server =
        HolderProcess.create(
            KeyShareFolder.open(data).loadOrGenerate().get(1),
            controlPlane.principal(),
            Clock.systemUTC());
    server.start("127.0.0.1", 0);
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void noHolderRouteAnswers5xxAndEveryRefusalNamesItsReason() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int cases = Integer.getInteger("fuzz.cases", 3_000);
    System.out.println("HolderRouteFuzzTest seed=" + seed + " cases=" + cases);
    rnd = new SplittableRandom(seed);
    int refused = 0;
    for (int i = 0; i < cases; i++) {
      Case c = next();
      String what = "seed " + seed + " case " + i + " " + c;
      HttpResponse<byte[]> res = send(c, what);
      if (res.statusCode() >= 400) {
        refused++;
        checkProblem(res, what);
      }
      checkVerdict(c, res, what);
    }
    System.out.printf("HolderRouteFuzzTest %d cases (%d refused)%n", cases, refused);
    assertThat(refused).isGreaterThan(cases / 3);
  }

  private Case next() throws Exception {
    int route = rnd.nextInt(20);
    Identity who = rnd.nextInt(8) == 0 ? null : rnd.nextInt(8) == 0 ? stranger : controlPlane;
    if (route == 0) {
      return new Case(
          "GET", HttpKeyShareTransport.HEALTH_PATH, Bytes.empty(), null, null, true, false);
    }
    if (route == 1) {
      return new Case("GET", pick(ODD_PATHS), Bytes.empty(), null, who, false, false);
    }
    if (route <= 3) {
      byte[] body = rnd.nextInt(4) == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
      String type = body.length > 0 ? pick(TYPES) : null;
      return new Case(
          "GET", HttpKeyShareTransport.PUBLIC_KEY_PATH, Bytes.of(body), type, who, true, false);
    }
    return derive(who);
  }

  /** A derive-share request: valid, mutated or junk, under the right or a wrong content type. */
  private Case derive(Identity who) throws Exception {
    byte[] good = validRequest();
    String type = rnd.nextInt(6) == 0 ? pick(TYPES) : KeyShareEndpoint.MEDIA_TYPE;
    if (rnd.nextInt(12) == 0) {
      type =
          rnd.nextBoolean()
              ? KeyShareEndpoint.MEDIA_TYPE.toUpperCase(java.util.Locale.ROOT)
              : KeyShareEndpoint.MEDIA_TYPE + "; charset=utf-8";
    }
    String path = HttpKeyShareTransport.DERIVE_PATH;
    return switch (rnd.nextInt(9)) {
      case 0 -> new Case("POST", path, Bytes.of(good), type, who, true, false);
      case 1 ->
          new Case(
              "POST",
              path,
              Bytes.of(Arrays.copyOf(good, rnd.nextInt(good.length))),
              type,
              who,
              false,
              true);
      case 2 -> new Case("POST", path, Bytes.of(flip(good)), type, who, false, false);
      case 3 ->
          new Case(
              "POST", path, Bytes.of(withLength(good, rnd.nextInt(3))), type, who, false, true);
      case 4 -> new Case("POST", path, Bytes.of(trailing(good)), type, who, false, true);
      case 5 -> new Case("POST", path, Bytes.of(badTransportKey(good)), type, who, false, true);
      case 6 -> new Case("POST", path, Bytes.of(random()), type, who, false, true);
      case 7 -> new Case("POST", path, Bytes.of(json()), type, who, false, true);
      default -> new Case("POST", path, Bytes.of(tooLong()), type, who, false, true);
    };
  }

  private byte[] validRequest() throws Exception {
    byte[] context = new byte[rnd.nextInt(40)];
    byte[] input = new byte[rnd.nextInt(40)];
    rnd.nextBytes(context);
    rnd.nextBytes(input);
    return DeriveShareRequest.of(
            Bytes.fromHex("00000000001000010101"),
            Bytes.of(context),
            Bytes.of(input),
            TransportSecretKey.generate().publicKey())
        .toBytes()
        .toArray();
  }

  private byte[] flip(byte[] good) {
    byte[] b = good.clone();
    for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
      b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
    }
    return b;
  }

  /** The length prefix of blob {@code which} (canister id, context, input) out of range. */
  private byte[] withLength(byte[] good, int which) {
    ByteBuffer b = ByteBuffer.wrap(good.clone());
    int at = 5;
    for (int i = 0; i < which; i++) {
      at += 4 + b.getInt(at);
    }
    int[] lengths = {-1, Integer.MAX_VALUE, DeriveShareRequest.MAX_FIELD + 1, 30, 0x1000_0000};
    int length = lengths[rnd.nextInt(lengths.length)];
    b.putInt(at, length == b.getInt(at) ? -1 : length);
    return b.array();
  }

  private byte[] trailing(byte[] good) {
    return Arrays.copyOf(good, good.length + 1 + rnd.nextInt(64));
  }

  /** The last 48 bytes (the transport key) replaced: zeros, the identity point, random. */
  private byte[] badTransportKey(byte[] good) {
    byte[] b = good.clone();
    int at = b.length - 48;
    Arrays.fill(b, at, b.length, (byte) 0);
    int kind = rnd.nextInt(3);
    if (kind == 1) {
      b[at] = (byte) 0xc0;
    } else if (kind == 2) {
      for (int i = at; i < b.length; i++) {
        b[i] = (byte) rnd.nextInt(256);
      }
      b[at] |= (byte) 0x80;
    }
    return b;
  }

  private byte[] random() {
    byte[] b = new byte[rnd.nextInt(300)];
    rnd.nextBytes(b);
    if (b.length > 5 && rnd.nextBoolean()) {
      System.arraycopy("DVKQ\u0001".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 5);
    }
    return b;
  }

  private byte[] json() {
    return pick(List.of("null", "{\"context\":null}", "[]", "\"x\"", ""))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A context of MAX_FIELD + 1 bytes, its length said truthfully. */
  private byte[] tooLong() {
    ByteBuffer b = ByteBuffer.allocate(5 + 4 + 10 + 4 + DeriveShareRequest.MAX_FIELD + 1 + 4 + 48);
    b.put("DVKQ\u0001".getBytes(StandardCharsets.US_ASCII)).putInt(10).put(new byte[10]);
    b.putInt(DeriveShareRequest.MAX_FIELD + 1).put(new byte[DeriveShareRequest.MAX_FIELD + 1]);
    b.putInt(0).put(new byte[48]);
    return b.array();
  }

  private HttpResponse<byte[]> send(Case c, String what) throws Exception {
    URI uri = URI.create(base + c.path());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(c.method(), HttpRequest.BodyPublishers.ofByteArray(c.body().toArray()));
    if (c.type() != null) {
      b.header("Content-Type", c.type());
    }
    if (c.who() != null) {
      String path = uri.getRawPath();
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
      new RequestSigner(c.who()).sign(c.method(), path, query, c.body()).forEach(b::header);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException closed) {
      try {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (java.io.IOException e) {
        throw new AssertionError("no answer: " + what, e);
      }
    }
  }

  private static void checkProblem(HttpResponse<byte[]> res, String what) throws Exception {
    assertThat(res.statusCode()).as(what).isLessThan(500);
    assertThat(res.headers().firstValue("content-type").orElse(""))
        .as(what)
        .startsWith("application/problem+json");
    Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
    assertThat(p.status()).as(what).isEqualTo(res.statusCode());
    assertThat(p.code()).as(what).isNotBlank();
    assertThat(p.detail()).as(what).doesNotContain("io.dooor", "com.fasterxml", "java.", "$");
  }

  /** What the holder must have answered to this case. */
  private void checkVerdict(Case c, HttpResponse<byte[]> res, String what) throws Exception {
    assertThat(res.statusCode()).as(what).isLessThan(500);
    if (c.path().equals(HttpKeyShareTransport.HEALTH_PATH)) {
      assertThat(res.statusCode()).as(what).isEqualTo(200);
      return;
    }
    if (ODD_PATHS.contains(c.path())) {
      assertThat(res.statusCode()).as(what).isBetween(400, 499);
      return;
    }
    if (c.who() != controlPlane) {
      assertThat(res.statusCode()).as(what).isEqualTo(401);
      return;
    }
    boolean typed =
        c.type() == null
            ? c.body().length() == 0
            : c.type().toLowerCase(java.util.Locale.ROOT).startsWith(KeyShareEndpoint.MEDIA_TYPE)
                && !c.type().startsWith(KeyShareEndpoint.MEDIA_TYPE + "x");
    if (!typed) {
      assertThat(res.statusCode()).as(what).isEqualTo(415);
      assertThat(problem(res).code()).as(what).isEqualTo("unsupported-media-type");
      return;
    }
    if (c.method().equals("GET")) {
      assertThat(res.statusCode()).as(what).isEqualTo(200);
      return;
    }
    if (c.valid()) {
      assertThat(res.statusCode()).as(what).isEqualTo(200);
      assertThat(res.headers().firstValue("content-type"))
          .as(what)
          .hasValue(KeyShareEndpoint.MEDIA_TYPE);
      return;
    }
    if (c.malformed() || res.statusCode() != 200) {
      assertThat(res.statusCode()).as(what).isEqualTo(400);
      assertThat(problem(res).field()).as("field named: " + what).isIn(FIELDS);
    }
  }

  private static Dto.Problem problem(HttpResponse<byte[]> res) throws Exception {
    return Json.MAPPER.readValue(res.body(), Dto.Problem.class);
  }

  private <T> T pick(List<T> from) {
    return from.get(rnd.nextInt(from.size()));
  }
}
