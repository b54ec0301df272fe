package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11, defects 8 and 9 with real processes: one server per data folder (a second server,
 * {@code init} and {@code keyshare export} are refused naming the holder's pid; kill -9 leaves no
 * stale lock), and every path the product writes under the data folder is owner-only.
 */
class DataFolderProcessTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void oneServerPerDataFolderAndEverythingInItOwnerOnly() throws Exception {
    Path data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    assertOwnerOnly(data, "after init");
    RequestSigner signer =
        new RequestSigner(Identity.load(data.resolve("controller.pem")), Clock.systemUTC());

    Process first = start(data, "first");
    try {
      URI base = ServerProcesses.awaitListening(first, dir.resolve("first.log"));
      putPolicies(base, signer, "a");
      assertThat(data.resolve("dooor.db-wal")).exists();
      assertOwnerOnly(data, "with a server running");
      String holder = "pid " + first.pid();

      Process second = start(data, "second");
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("second server exits").isTrue();
      assertThat(second.exitValue()).isNotZero();
      assertThat(Files.readString(dir.resolve("second.log"))).contains("in use", holder);

      CliRun init = CliRun.of("init", "--data", data.toString());
      assertThat(init.exit()).isNotZero();
      assertThat(init.err()).contains(holder);
      CliRun export = export(data, 1);
      assertThat(export.exit()).isNotZero();
      assertThat(export.err()).contains(holder);
      assertThat(dir.resolve("share-1")).doesNotExist();
    } finally {
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    Process third = start(data, "third");
    try {
      putPolicies(ServerProcesses.awaitListening(third, dir.resolve("third.log")), signer, "b");
    } finally {
      third.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(export(data, 1).exit()).isZero();
    assertOwnerOnly(data, "after keyshare export");
  }

  @Test
  void aFolderOpenToOthersIsWarnedAboutAndAKeyOpenToOthersRefused() throws Exception {
    Path data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

    Process open = start(data, "open");
    try {
      ServerProcesses.awaitListening(open, dir.resolve("open.log"));
      assertThat(Files.readString(dir.resolve("open.log")))
          .contains("warning: data folder " + data + " ", "(rwxr-xr-x)", "chmod 700");
    } finally {
      open.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    Path key = data.resolve("audit-signer.key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Process refused = start(data, "refused");
    assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isNotZero();
    assertThat(Files.readString(dir.resolve("refused.log")))
        .contains("private key file", "audit-signer.key", "chmod 600");
  }

  /** Every folder 0700 and every file 0600 under {@code data}, itself included. */
  private static void assertOwnerOnly(Path data, String when) throws Exception {
    List<String> open = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(data)) {
      for (Path p : paths.toList()) {
        String mode =
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
        if (!mode.equals(expected)) {
          open.add(data.relativize(p) + " " + mode);
        }
      }
    }
    assertThat(open).as("paths not owner-only %s", when).isEmpty();
  }

  private CliRun export(Path data, int index) {
    return CliRun.of(
        "keyshare",
        "export",
        "--data",
        data.toString(),
        "--index",
        Integer.toString(index),
        "--out",
        dir.resolve("share-" + index).toString(),
        "--sealing-key",
        "file:" + dir.resolve("holder-" + index + ".key"));
  }

  private void putPolicies(URI base, RequestSigner signer, String prefix) throws Exception {
    for (int i = 0; i < 3; i++) {
      String path = "/v1/policies/" + prefix + i;
      byte[] body = "{\"allowed_tee_types\":[\"sim\"]}".getBytes(StandardCharsets.UTF_8);
      HttpRequest.Builder req =
          HttpRequest.newBuilder(base.resolve(path))
              .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
              .header("Content-Type", "application/json");
      signer.sign("PUT", path, "", Bytes.of(body)).forEach(req::header);
      assertThat(http.send(req.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
  }

  private Process start(Path data, String name) throws Exception {
    return ServerProcesses.start(data, dir.resolve(name + ".log"));
  }
}
