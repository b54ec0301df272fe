package io.dooor.agent.shards;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.agent.run.AgentLog;
import io.dooor.client.ApiException;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.PublicKeys;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.data.ShardClient;
import io.dooor.client.data.ShardGrant;
import io.dooor.client.data.ShardRef;
import io.dooor.core.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shard endpoint over a real socket, with real grants, signatures and shards. */
class ShardServerTest {
  private static final Identity CONTROL_PLANE = Identity.generate();
  private static final NodeId NODE = NodeId.of("node-1");

  @TempDir Path dir;
  private final Identity uploader = Identity.generate();
  private final List<ShardAddress> reported = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private ShardServer server;
  private URI endpoint;
  private Shards.Shard shard;

  @BeforeEach
  void start() throws Exception {
    server = serve();
    shard = Shards.one(1, 200_000);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ShardServer serve() throws Exception {
    return serve(ShardServer.DEFAULT_MAX_SHARD_BYTES);
  }

  private ShardServer serve(long maxShardBytes) throws Exception {
    ShardServer s =
        ShardServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new ShardStore(dir.resolve("shards")),
            new ShardGrants(
                PublicKeys.parseSpki(CONTROL_PLANE.publicKeySpki()), NODE, Clock.systemUTC()),
            new RequestVerifier(Clock.systemUTC(), new InMemoryNonceRegistry(Clock.systemUTC())),
            reported::add,
            new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC()),
            maxShardBytes);
    endpoint = URI.create("http://127.0.0.1:" + s.address().getPort());
    return s;
  }

  private ShardGrant grant(ShardGrant.Op op, NodeId node, Identity to, Instant expiry) {
    return ShardGrant.sign(
        CONTROL_PLANE,
        op,
        shard.at().blobId(),
        new ShardRef(shard.at().index(), shard.sha256(), node),
        to.principal(),
        expiry);
  }

  private ShardGrant grant(ShardGrant.Op op) {
    return grant(op, NODE, uploader, Instant.now().plusSeconds(60));
  }

  private Path file(byte[] bytes) throws Exception {
    Path f = Files.createTempFile(dir, "shard", ".bin");
    Files.write(f, bytes);
    return f;
  }

  @Test
  void storesReportsAndServesAShardAndTakesItAgain() throws Exception {
    ShardClient client = new ShardClient(uploader);
    client.put(endpoint, grant(ShardGrant.Op.PUT), file(shard.bytes()));
    client.put(endpoint, grant(ShardGrant.Op.PUT), file(shard.bytes()));
    assertThat(reported).containsExactly(shard.at(), shard.at());
    try (InputStream in = client.get(endpoint, grant(ShardGrant.Op.GET))) {
      assertThat(in.readAllBytes()).isEqualTo(shard.bytes());
    }
    server.close();
    server = serve();
    try (InputStream in = client.get(endpoint, grant(ShardGrant.Op.GET))) {
      assertThat(in.readAllBytes()).as("served after a restart").isEqualTo(shard.bytes());
    }
  }

  @Test
  void refusesOtherBytesThanTheGrantNamesAndKeepsNothing() throws Exception {
    byte[] changed = shard.bytes().clone();
    changed[changed.length - 1] ^= 1;
    ApiException e =
        refused(
            () -> new ShardClient(uploader).put(endpoint, grant(ShardGrant.Op.PUT), file(changed)));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("shard-hash-mismatch");
    assertThat(reported).isEmpty();
    assertThat(
            refused(() -> new ShardClient(uploader).get(endpoint, grant(ShardGrant.Op.GET)))
                .status())
        .isEqualTo(404);
  }

  @Test
  void refusesGrantsForAnotherNodeOperationGranteeOrTime() throws Exception {
    Path f = file(shard.bytes());
    ShardClient client = new ShardClient(uploader);
    Instant later = Instant.now().plusSeconds(60);
    assertGrantRefused(
        () ->
            client.put(endpoint, grant(ShardGrant.Op.PUT, NodeId.of("node-2"), uploader, later), f),
        "node-2");
    assertGrantRefused(() -> client.put(endpoint, grant(ShardGrant.Op.GET), f), "GET");
    assertGrantRefused(
        () -> client.put(endpoint, grant(ShardGrant.Op.PUT, NODE, Identity.generate(), later), f),
        "granted to");
    assertGrantRefused(
        () ->
            client.put(
                endpoint,
                grant(ShardGrant.Op.PUT, NODE, uploader, Instant.now().minusSeconds(1)),
                f),
        "expired");
    ShardGrant forged =
        ShardGrant.sign(
            Identity.generate(),
            ShardGrant.Op.PUT,
            shard.at().blobId(),
            new ShardRef(1, shard.sha256(), NODE),
            uploader.principal(),
            later);
    assertGrantRefused(() -> client.put(endpoint, forged, f), "signature");
    assertThat(reported).isEmpty();
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains("shard.refused")
        .contains("data-grant-refused");
  }

  @Test
  void answersEveryRefusalOfALargeUploadBeforeClosing() throws Exception {
    // A refusal sent before the body is read, then a close with bytes unread, resets the
    // connection, and the reset can destroy the answer before the client reads it.
    Path big = file(new byte[3 << 20]);
    ShardClient client = new ShardClient(uploader);
    ShardGrant expired = grant(ShardGrant.Op.PUT, NODE, uploader, Instant.now().minusSeconds(1));
    for (int i = 0; i < 25; i++) {
      assertGrantRefused(() -> client.put(endpoint, expired, big), "expired");
    }
    byte[] badHeader = shard.bytes().clone();
    badHeader[0] ^= 1;
    byte[] longBad = java.util.Arrays.copyOf(badHeader, 3 << 20);
    ShardGrant put = grant(ShardGrant.Op.PUT);
    for (int i = 0; i < 10; i++) {
      ApiException e = refused(() -> client.put(endpoint, put, file(longBad)));
      assertThat(e.status()).as(e.getMessage()).isEqualTo(400);
      assertThat(e.code()).isEqualTo("malformed-shard");
    }
    assertThat(reported).isEmpty();
  }

  @Test
  void refusesAShardLongerThanTheNodeTakesNamingContentLength() throws Exception {
    server.close();
    server = serve(shard.bytes().length - 1);
    ApiException e =
        refused(
            () ->
                new ShardClient(uploader)
                    .put(endpoint, grant(ShardGrant.Op.PUT), file(shard.bytes())));
    assertThat(e.status()).isEqualTo(413);
    assertThat(e.code()).isEqualTo("shard-too-large");
    assertThat(reported).isEmpty();
    assertThat(
            refused(() -> new ShardClient(uploader).get(endpoint, grant(ShardGrant.Op.GET)))
                .status())
        .as("nothing kept")
        .isEqualTo(404);
    assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"field\":\"Content-Length\"");
  }

  @Test
  void refusesMalformedRequestsNamingTheField() throws Exception {
    String base = "/v1/shards/" + shard.at().blobId() + "/";
    assertProblem(raw("PUT", base + "1", null), 400, "Dooor-Grant");
    assertProblem(raw("PUT", base + "1", "not-a-grant"), 400, "Dooor-Grant");
    assertProblem(raw("GET", base + "01", "x"), 400, "index");
    assertProblem(raw("GET", base + "255", "x"), 400, "index");
    assertProblem(raw("GET", "/v1/shards/ABC/1", "x"), 400, "blobId");
    assertProblem(raw("GET", base + "1/2", "x"), 400, "path");
    assertProblem(raw("DELETE", base + "1", "x"), 405, "method");
    assertProblem(raw("GET", base + "1", grant(ShardGrant.Op.GET).text()), 401, "Signature");
  }

  private HttpResponse<String> raw(String method, String path, String grant) throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (grant != null) {
      req.header(ShardClient.GRANT_HEADER, grant);
    }
    return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> res, int status, String field) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(res.body()).contains("\"field\":\"" + field + "\"");
  }

  interface Call {
    void run() throws Exception;
  }

  private static ApiException refused(Call call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("not refused");
  }

  private static void assertGrantRefused(Call call, String mention) {
    ApiException e = refused(call);
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.code()).isEqualTo("data-grant-refused");
    assertThat(e.getMessage()).contains(mention);
  }
}
