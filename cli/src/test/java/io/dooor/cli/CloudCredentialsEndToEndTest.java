package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dooor.client.ApiClient;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, every cloud with stored credentials, with real processes: one {@code dooor server start
 * --gcp ... --azure ... --akash ...} against local recording endpoints (not real accounts), the
 * credentials set with {@code dooor provider credentials set}, one workload per cloud. GCP's OAuth
 * token exchange carries a JWT signed with the stored service-account key (verified with its public
 * key) and the instance insert the token it got; Azure's Entra client-credentials request carries
 * the client id and secret of the credential bound to the workload (not the provider's default);
 * the stand-in Akash CLI gets the stored key name in {@code --from} and the keyring passphrase on
 * its standard input. Each provider call's event names the credential version used. No secret is in
 * any file, log line, CLI output or API reply of the run.
 */
class CloudCredentialsEndToEndTest {
  private static final String MEASUREMENT = "d0".repeat(48);
  private static final String AZ_SECRET_DEFAULT = "azDefaultSecret~0123456789abcdefXYZ";
  private static final String AZ_SECRET_BOUND = "azBoundSecret~9876543210fedcbaQRS";
  private static final String AKASH_PASS = "akashKeyringPass-31415926535";
  private static final String SUB = "00000000-0000-0000-0000-00000000beef";
  private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/dooor";
  private static final String OWNER = "akash1" + "z".repeat(38);
  private static final String PROVIDER = "akash1" + "p".repeat(38);
  private static final String H1 = "A1".repeat(32);

  @TempDir Path dir;
  @TempDir Path outside;

  private final List<Process> servers = new ArrayList<>();
  private final List<Map<String, String>> requests = new ArrayList<>();
  private final StringBuilder outputs = new StringBuilder();
  private HttpServer cloud;
  private Path data;
  private int port;
  private ApiClient controller;
  private KeyPair gcpKey;
  private String gcpPem;

  @AfterEach
  void stop() throws Exception {
    for (Process p : servers) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (cloud != null) {
      cloud.stop(0);
    }
  }

  @Test
  void everyCloudCallsWithItsStoredCredentialAndNoSecretLeaks() throws Exception {
    startCloud();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    gcpKey = g.generateKeyPair();
    gcpPem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(gcpKey.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Path cli = akashCli();
    data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    port = ServerProcesses.freePort();
    String base = "http://127.0.0.1:" + cloud.getAddress().getPort();
    Path log = dir.resolve("server.log");
    Process p =
        ServerProcesses.start(
            data,
            log,
            "--port",
            Integer.toString(port),
            "--gcp",
            "project=dooor-test",
            "--gcp",
            "regions=us-central1-a",
            "--gcp",
            "endpoint=" + base,
            "--azure",
            "subscription=" + SUB,
            "--azure",
            "resource-group=dooor",
            "--azure",
            "subnet=" + RG + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/tee",
            "--azure",
            "ssh-public-key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDooor",
            "--azure",
            "regions=westeurope",
            "--azure",
            "endpoint=" + base,
            "--azure",
            "authority=" + base + "/entra",
            "--akash",
            "cli=" + cli,
            "--akash",
            "owner=" + OWNER,
            "--akash",
            "regions=any");
    servers.add(p);
    controller =
        new ApiClient(
            ServerProcesses.awaitListening(p, log), Identity.load(data.resolve("controller.pem")));

    CliRun bad =
        cli(
            "provider",
            "credentials",
            "set",
            "akash",
            "default",
            "--file",
            file(
                "bad",
                "{\"kind\":\"akash-keyring\",\"key_name\":\"-x\",\"keyring_passphrase\":\""
                    + AKASH_PASS
                    + "\"}"));
    outputs.append(bad.out()).append(bad.err());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).startsWith("refused (invalid-argument)").contains("key_name");

    ok(set("gcp", "default", gcpCredential()));
    ok(set("azure", "default", azure("client-default", AZ_SECRET_DEFAULT)));
    ok(set("azure", "azw", azure("client-bound", AZ_SECRET_BOUND)));
    ok(
        set(
            "akash",
            "default",
            "{\"kind\":\"akash-keyring\",\"key_name\":\"dooor-deployer\",\"keyring_passphrase\":\""
                + AKASH_PASS
                + "\"}"));
    for (String w : List.of("gcpw", "azw", "akw")) {
      controller.put("/v1/policies/" + w, policy(), Object.class);
    }
    controller.put(
        "/v1/workloads/gcpw",
        Json.MAPPER.readTree(
            spec(
                "gcpw",
                "gcp",
                "us-central1-a",
                "projects/dooor-images/global/images/agent-1",
                "{\"instance_type\":\"n2d-standard-2\"}")),
        Object.class);
    controller.put(
        "/v1/workloads/azw",
        Json.MAPPER.readTree(
            spec(
                "azw",
                "azure",
                "westeurope",
                RG + "/providers/Microsoft.Compute/galleries/dooor/images/agent/versions/1.0.0",
                "{\"instance_type\":\"Standard_DC2as_v5\"}")),
        Object.class);
    controller.put(
        "/v1/workloads/akw",
        Json.MAPPER.readTree(
            spec(
                "akw", "akash", "any", "ghcr.io/dooor/agent", "{\"vcpus\":2,\"memory_mib\":4096}")),
        Object.class);

    await("the GCP instance insert", () -> seen("gcp-insert") && seen("gcp-token"));
    await("the Azure VM put", () -> seen("azure-vm") && seen("azure-token"));
    await("the Akash lease", () -> Files.exists(outside.resolve("leased")));

    Map<String, String> gcpToken = first("gcp-token");
    assertThat(gcpToken.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
    String[] jwt = gcpToken.get("assertion").split("\\.");
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(gcpKey.getPublic());
    rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(jwt[2])))
        .as("the token request is signed with the stored service-account key")
        .isTrue();
    assertThat(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8))
        .contains("dooor-sa@dooor-test.iam.gserviceaccount.com");
    assertThat(first("gcp-insert").get("authorization")).isEqualTo("Bearer gcp-token-1");

    Map<String, String> azToken = first("azure-token");
    assertThat(azToken.get("grant_type")).isEqualTo("client_credentials");
    assertThat(azToken.get("client_id"))
        .as("the workload's own credential")
        .isEqualTo("client-bound");
    assertThat(azToken.get("client_secret")).isEqualTo(AZ_SECRET_BOUND);
    assertThat(first("azure-vm").get("authorization")).isEqualTo("Bearer azure-token-1");

    String calls = Files.readString(outside.resolve("calls"), StandardCharsets.UTF_8);
    assertThat(calls).contains("tx deployment create").contains("--from dooor-deployer");
    assertThat(calls).doesNotContain(AKASH_PASS);
    assertThat(Files.readString(outside.resolve("stdin"), StandardCharsets.UTF_8))
        .contains(AKASH_PASS);

    // each call's event is written once the call has returned, after the request seen above
    await(
        "the three clouds' provider.create events",
        () -> {
          String seen = events();
          return seen.contains("\"credential_provider\":\"gcp\"")
              && seen.contains("\"credential_name\":\"azw\"")
              && seen.contains("\"credential_provider\":\"akash\"");
        });
    String events = events();
    assertThat(events)
        .contains("\"credential_provider\":\"gcp\"")
        .contains("\"credential_name\":\"azw\"")
        .contains("\"credential_provider\":\"akash\"")
        .contains("\"credential_version\":\"1\"");

    List<String> scanned = new ArrayList<>();
    List<String> secrets =
        List.of(AZ_SECRET_DEFAULT, AZ_SECRET_BOUND, AKASH_PASS, pemLine(), "gcp-token-1");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String s : secrets) {
          assertThat(content.contains(s)).as(f + " contains " + s.substring(0, 8)).isFalse();
        }
        scanned.add(f.getFileName().toString());
      }
    }
    assertThat(scanned).contains("dooor.db", "server.log");
    CliRun ls = cli("provider", "credentials", "ls", "--json");
    outputs.append(ls.out()).append(ls.err());
    assertThat(outputs + events + ls.out()).contains("azw");
    for (String s : secrets) {
      assertThat(outputs + events + ls.out()).doesNotContain(s);
    }
  }

  /** A line from the middle of the service-account key's PEM (its secret part). */
  private String pemLine() {
    return gcpPem.split("\n")[5];
  }

  private String gcpCredential() throws Exception {
    Map<String, Object> sa = new HashMap<>();
    sa.put("type", "service_account");
    sa.put("project_id", "dooor-test");
    sa.put("private_key_id", "k1");
    sa.put("private_key", gcpPem);
    sa.put("client_email", "dooor-sa@dooor-test.iam.gserviceaccount.com");
    sa.put("client_id", "1234567890");
    sa.put("token_uri", "http://127.0.0.1:" + cloud.getAddress().getPort() + "/gcp-token");
    return Json.MAPPER.writeValueAsString(
        Map.of("kind", "gcp-service-account", "service_account", sa));
  }

  private static String azure(String client, String secret) {
    return "{\"kind\":\"azure-client-secret\",\"tenant_id\":\"dooor-tenant\",\"client_id\":\""
        + client
        + "\",\"client_secret\":\""
        + secret
        + "\"}";
  }

  private CliRun set(String provider, String name, String json) throws Exception {
    return cli(
        "provider", "credentials", "set", provider, name, "--file", file(provider + name, json));
  }

  private String file(String name, String json) throws Exception {
    Path f = outside.resolve(name + ".json");
    Files.writeString(f, json, StandardCharsets.UTF_8);
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

  private String events() throws Exception {
    return new String(
        controller.raw("GET", "/v1/events?from=0&limit=1000", new byte[0]).body(),
        StandardCharsets.UTF_8);
  }

  private boolean seen(String what) {
    synchronized (requests) {
      return requests.stream().anyMatch(r -> what.equals(r.get("what")));
    }
  }

  private Map<String, String> first(String what) {
    synchronized (requests) {
      return requests.stream().filter(r -> what.equals(r.get("what"))).findFirst().orElseThrow();
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean done() throws Exception;
  }

  private static void await(String what, Check done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (System.nanoTime() < deadline) {
      if (done.done()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(what + " not seen in 45 s");
  }

  /**
   * One local endpoint for GCP's token endpoint and Compute Engine, and Entra ID and ARM: records
   * each request's form fields and Authorization header, answers as the cloud does.
   */
  private void startCloud() throws Exception {
    cloud = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cloud.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Map<String, String> r = new HashMap<>();
          for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && !body.startsWith("{")) {
              r.put(
                  pair.substring(0, eq),
                  URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
          }
          r.put("authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          String reply;
          int status = 200;
          if (path.equals("/gcp-token")) {
            r.put("what", "gcp-token");
            reply =
                "{\"access_token\":\"gcp-token-1\",\"expires_in\":3600,\"token_type\":\"Bearer\"}";
          } else if (path.startsWith("/entra/")) {
            r.put("what", "azure-token");
            reply =
                "{\"access_token\":\"azure-token-1\",\"expires_in\":3600,\"token_type\":\"Bearer\"}";
          } else if (path.startsWith("/compute/v1/")) {
            r.put("what", "gcp-insert");
            reply =
                "{\"kind\":\"compute#operation\",\"id\":\"4411\",\"name\":\"operation-insert-1\","
                    + "\"operationType\":\"insert\",\"status\":\"RUNNING\"}";
          } else {
            r.put("what", path.contains("virtualMachines") ? "azure-vm" : "azure-other");
            ex.getResponseHeaders().add("x-ms-request-id", "req-" + requests.size());
            status = 201;
            reply = "{}";
          }
          synchronized (requests) {
            requests.add(r);
          }
          byte[] out = reply.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    cloud.start();
  }

  /**
   * A stand-in for Akash's CLI: records its arguments and standard input (outside the data folder),
   * answers a deployment, a bid and a lease as {@code provider-services -o json} does.
   */
  private Path akashCli() throws Exception {
    String d = outside.toString();
    String script =
        "#!/bin/bash\n"
            + "D='"
            + d
            + "'\n"
            + "printf '%s\\n' \"$*\" >> \"$D/calls\"\n"
            + "if [ \"$1\" = tx ]; then timeout 2 cat >> \"$D/stdin\"; fi\n"
            + "case \"$1 $2 $3\" in\n"
            + "  'tx deployment create') echo '{\"height\":\"0\",\"txhash\":\""
            + H1
            + "\",\"code\":0,\"raw_log\":\"\"}' ;;\n"
            + "  'query market bid') echo '{\"bids\":[{\"bid\":{\"id\":{\"owner\":\""
            + OWNER
            + "\",\"dseq\":\"1\",\"gseq\":1,\"oseq\":1,\"provider\":\""
            + PROVIDER
            + "\"},\"state\":\"open\",\"price\":{\"denom\":\"uakt\",\"amount\":\"12.5\"}}}]}' ;;\n"
            + "  'query market lease')\n"
            + "    if [ -e \"$D/leased\" ]; then echo '{\"leases\":[{\"lease\":{\"id\":{\"provider\":\""
            + PROVIDER
            + "\",\"gseq\":1,\"oseq\":1},\"state\":\"active\"}}]}'; else echo '{\"leases\":[]}'; fi ;;\n"
            + "  'tx market lease') touch \"$D/leased\"; echo '{\"txhash\":\""
            + H1
            + "\",\"code\":0}' ;;\n"
            + "  *) if [ \"$1\" = send-manifest ]; then exit 0; fi; exit 2 ;;\n"
            + "esac\n";
    Path cli = outside.resolve("provider-services");
    Files.writeString(cli, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
    return cli;
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

  private static String spec(
      String name, String provider, String region, String image, String shape) {
    return "{\"spec_version\":1,\"name\":\""
        + name
        + "\",\"tee_type\":\"snp\",\"image\":{\"ref\":\""
        + image
        + "\",\"digest\":\"sha256:"
        + "ab".repeat(32)
        + "\"},\"measurements\":{\"MEASUREMENT\":\""
        + MEASUREMENT
        + "\"},\"count\":1,\"placement\":[{\"provider\":\""
        + provider
        + "\",\"region\":\""
        + region
        + "\"}],\"shape\":"
        + shape
        + "}";
  }
}
