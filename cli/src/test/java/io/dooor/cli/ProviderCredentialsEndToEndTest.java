package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, provider credentials, with real processes: {@code dooor server start --aws-region
 * us-east-1 --aws-endpoint URL} (the EC2 endpoint: a local recorder, not a real account), the
 * credential set with {@code dooor provider credentials set}, a workload placed on aws; the
 * reconciler's RunInstances, through the real AWS SDK, is SigV4-signed with exactly the access key
 * set. Rotated, the server killed -9 and restarted, the next call signs with the new key only; the
 * old version is erased after the grace. A ciphertext altered in the database is refused (recorded,
 * no request sent). No secret, and no access key id, is in any file, log line, CLI output or API
 * reply of the run.
 */
class ProviderCredentialsEndToEndTest {
  private static final String MEASUREMENT = "d0".repeat(48);
  private static final String KEY_1 = "AKIAE2EFIRST0000001";
  private static final String SECRET_1 = "e2eFirstSecretAccessKey/0123456789abcdefXY";
  private static final String KEY_2 = "AKIAE2ESECOND000002";
  private static final String SECRET_2 = "e2eSecondSecretAccessKey/0123456789abcdeZ";
  private static final Pattern KEY_ID = Pattern.compile("Credential=([A-Z0-9]+)/");

  @TempDir Path dir;
  @TempDir Path secrets;

  private final List<Process> servers = new ArrayList<>();
  private final List<String[]> requests = new ArrayList<>(); // {Action, access key id}
  private final StringBuilder outputs = new StringBuilder();
  private HttpServer ec2;
  private Path data;
  private int port;
  private int starts;
  private ApiClient controller;

  @AfterEach
  void stop() throws Exception {
    for (Process p : servers) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (ec2 != null) {
      ec2.stop(0);
    }
  }

  @Test
  void setUseRotateAcrossARestartEraseAndRefuseATamperedCiphertext() throws Exception {
    startEc2();
    data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    port = ServerProcesses.freePort();
    controller = new ApiClient(startServer(), Identity.load(data.resolve("controller.pem")));
    controller.put("/v1/policies/payments", policy(), Dto.PolicyView.class);

    CliRun bad =
        cli(
            "provider",
            "credentials",
            "set",
            "aws",
            "default",
            "--file",
            creds("akia-lower", SECRET_1));
    outputs.append(bad.out()).append(bad.err());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).startsWith("refused (invalid-argument)").contains("access_key_id");
    assertThat(listed()).isEqualTo("[]");
    assertThat(events()).contains("credential.set").contains("REFUSED");
    ok(cli("provider", "credentials", "set", "aws", "default", "--file", creds(KEY_1, SECRET_1)));
    controller.put("/v1/workloads/payments", Json.MAPPER.readTree(spec(1)), Object.class);
    await("RunInstances signed with the first key", () -> runs(KEY_1) >= 1);
    assertThat(keyIds()).containsOnly(KEY_1);

    CliRun rotated =
        ok(
            cli(
                "provider",
                "credentials",
                "rotate",
                "aws",
                "default",
                "--file",
                creds(KEY_2, SECRET_2)));
    assertThat(rotated.out()).contains("v2 in force").contains("retired");
    int before = count();
    servers.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    startServer();
    ok(cli("workload", "scale", "payments", "2"));
    await("RunInstances signed with the rotated key", () -> runs(KEY_2) >= 1);
    assertThat(keyIds().subList(before, count())).containsOnly(KEY_2);

    await("v1 erased after the grace", () -> listed().contains("\"versions\":[{\"version\":2"));
    assertThat(actions()).contains("credential.set", "credential.rotate", "credential.erase");

    servers.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    tamper(2);
    startServer();
    int sent = count();
    ok(cli("workload", "scale", "payments", "3"));
    await(
        "the tampered credential refused and recorded",
        () -> events().contains("does not authenticate"));
    Thread.sleep(2000);
    assertThat(count()).as("no request sent with a tampered credential").isEqualTo(sent);

    assertNoSecretAnywhere();
  }

  private void assertNoSecretAnywhere() throws Exception {
    List<String> scanned = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String s : List.of(SECRET_1, SECRET_2, KEY_1, KEY_2)) {
          assertThat(content.contains(s)).as(f + " contains " + s.substring(0, 8)).isFalse();
        }
        scanned.add(f.getFileName().toString());
      }
    }
    assertThat(scanned)
        .as("scanned the database and the server logs")
        .contains("dooor.db", "server-0.log");
    String replies = outputs + events() + listed();
    assertThat(replies)
        .contains("credential.rotate")
        .doesNotContain(SECRET_1, SECRET_2, KEY_1, KEY_2);
  }

  private void tamper(long version) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("dooor.db"));
        PreparedStatement read =
            c.prepareStatement("SELECT ciphertext FROM provider_credentials WHERE version = ?")) {
      read.setLong(1, version);
      byte[] ct;
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).isTrue();
        ct = rs.getBytes(1);
      }
      ct[ct.length - 17] ^= 0x40;
      try (PreparedStatement w =
          c.prepareStatement("UPDATE provider_credentials SET ciphertext = ? WHERE version = ?")) {
        w.setBytes(1, ct);
        w.setLong(2, version);
        assertThat(w.executeUpdate()).isEqualTo(1);
      }
    }
  }

  private String creds(String id, String secret) throws Exception {
    Path f = secrets.resolve(id + ".json");
    Files.writeString(
        f,
        "{\"kind\":\"aws-keys\",\"access_key_id\":\""
            + id
            + "\",\"secret_access_key\":\""
            + secret
            + "\"}",
        StandardCharsets.UTF_8);
    return f.toString();
  }

  private CliRun ok(CliRun run) {
    outputs.append(run.out()).append(run.err());
    assertThat(run.exit()).as(run.err()).isZero();
    return run;
  }

  private CliRun cli(String... args) {
    return CliRun.against(port, data.resolve("controller.pem"), args);
  }

  private String listed() {
    CliRun ls = cli("provider", "credentials", "ls", "--json");
    outputs.append(ls.out()).append(ls.err());
    return ls.out().replaceAll("\\s", "");
  }

  private String events() throws Exception {
    return new String(
        controller.raw("GET", "/v1/events?from=0&limit=1000", new byte[0]).body(),
        StandardCharsets.UTF_8);
  }

  private List<String> actions() throws Exception {
    return controller.getList("/v1/events?from=0&limit=1000", Dto.EventView.class).stream()
        .map(Dto.EventView::action)
        .toList();
  }

  private URI startServer() throws Exception {
    Path log = dir.resolve("server-" + starts++ + ".log");
    Process p =
        ServerProcesses.start(
            data,
            log,
            "--port",
            Integer.toString(port),
            "--aws-region",
            "us-east-1",
            "--aws-endpoint",
            "http://127.0.0.1:" + ec2.getAddress().getPort(),
            "--credential-grace",
            "3");
    servers.add(0, p);
    return ServerProcesses.awaitListening(p, log);
  }

  /** A condition that may fail to be checked (the control plane restarting). */
  @FunctionalInterface
  private interface Check {
    boolean done() throws Exception;
  }

  private static void await(String what, Check done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        if (done.done()) {
          return;
        }
      } catch (java.io.IOException | RuntimeException e) {
        // the control plane is restarting
      }
      Thread.sleep(200);
    }
    throw new AssertionError(what + " not seen in 60 s");
  }

  private int count() {
    synchronized (requests) {
      return requests.size();
    }
  }

  private List<String> keyIds() {
    synchronized (requests) {
      return requests.stream().map(r -> r[1]).toList();
    }
  }

  private long runs(String keyId) {
    synchronized (requests) {
      return requests.stream()
          .filter(r -> r[0].equals("RunInstances") && r[1].equals(keyId))
          .count();
    }
  }

  /** A local EC2 endpoint: records each request's Action and SigV4 access key id, answers it. */
  private void startEc2() throws Exception {
    ec2 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ec2.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String action = "";
          for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
              action = URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
            }
          }
          String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
          Matcher m = KEY_ID.matcher(auth);
          synchronized (requests) {
            requests.add(new String[] {action, m.find() ? m.group(1) : ""});
          }
          byte[] out = reply(action, count()).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
          ex.sendResponseHeaders(200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    ec2.start();
  }

  private static String reply(String action, int n) {
    String ns = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";
    return switch (action) {
      case "RunInstances" ->
          "<RunInstancesResponse "
              + ns
              + "><requestId>run-"
              + n
              + "</requestId><reservationId>r-1</reservationId><instancesSet><item><instanceId>"
              + "i-"
              + String.format(java.util.Locale.ROOT, "%017x", n)
              + "</instanceId></item></instancesSet></RunInstancesResponse>";
      default ->
          "<TerminateInstancesResponse "
              + ns
              + "><requestId>term-"
              + n
              + "</requestId><instancesSet/></TerminateInstancesResponse>";
    };
  }

  private static Map<String, Object> policy() {
    return Map.of(
        "allowed_tee_types",
        List.of("snp"),
        "reference_values",
        Map.of("MEASUREMENT", List.of(MEASUREMENT)),
        "accepted_tcb_statuses",
        List.of("UpToDate"));
  }

  private static String spec(int count) {
    return "{\"spec_version\":1,\"name\":\"payments\",\"tee_type\":\"snp\","
        + "\"image\":{\"ref\":\"ami-0abcdef1234567890\",\"digest\":\"sha256:"
        + "ab".repeat(32)
        + "\"},\"measurements\":{\"MEASUREMENT\":\""
        + MEASUREMENT
        + "\"},\"count\":"
        + count
        + ",\"placement\":[{\"provider\":\"aws\",\"region\":\"us-east-1\"}],"
        + "\"shape\":{\"instance_type\":\"m6a.large\"}}";
  }
}
