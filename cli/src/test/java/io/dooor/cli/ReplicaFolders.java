package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The replica set-up the process tests share: {@code dooor init --db-url} once on the first data
 * folder (the deployment identity goes to the database), then each further replica's folder made
 * from the first one's key-share folder (sealing key, and shares or the public key alone when the
 * shares were exported to holders) and its simulation root, if any: no identity file.
 */
final class ReplicaFolders {
  private ReplicaFolders() {}

  /** What {@code dooor init} made: the audit verifier key it printed and the controller key. */
  record Initialised(Path first, String auditKey, Path controller) {}

  /** {@code dooor init --data FIRST --db-url URL} as user postgres without a password. */
  static Initialised init(Path first, String jdbcUrl) {
    CliRun init =
        CliRun.of(
            "init",
            "--data",
            first.toString(),
            "--db-url",
            jdbcUrl,
            "--db-user",
            "postgres",
            "--db-password",
            "");
    assertThat(init.exit()).as(init.err()).isZero();
    String auditKey = init.out().lines().reduce((x, y) -> y).orElseThrow().strip();
    return new Initialised(first, auditKey, first.resolve("controller.pem"));
  }

  /** {@code data} as a replica of {@code first}: made once, kept as it is on a restart. */
  static Path copy(Path first, Path data) throws Exception {
    if (Files.exists(data.resolve("keyshares"))) {
      return data;
    }
    Path shares = Files.createDirectories(data.resolve("keyshares"));
    try (Stream<Path> files = Files.list(first.resolve("keyshares"))) {
      for (Path f : files.toList()) {
        Files.copy(f, shares.resolve(f.getFileName()));
      }
    }
    for (String simRoot : List.of("sim-root.der", "sim-root.der.pub")) {
      if (Files.exists(first.resolve(simRoot))) {
        Files.copy(first.resolve(simRoot), data.resolve(simRoot));
      }
    }
    return data;
  }
}
