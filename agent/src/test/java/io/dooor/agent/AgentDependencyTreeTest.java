package io.dooor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent runs inside a TEE: its runtime dependency tree (resolved by Maven into
 * target/runtime-dependencies.txt during the build) holds no HTTP server, no JDBC driver or pool,
 * no migrations, and none of the control plane's server-side modules.
 */
class AgentDependencyTreeTest {
  static final List<String> BANNED =
      List.of(
          "org.eclipse.jetty",
          "io.javalin",
          "jakarta.servlet",
          "org.xerial:sqlite-jdbc",
          "org.postgresql",
          "com.zaxxer",
          "org.flywaydb",
          "io.dooor:dooor-server",
          "io.dooor:dooor-store",
          "io.dooor:dooor-http",
          "io.dooor:dooor-keyshare",
          "io.dooor:dooor-audit");

  @Test
  void runtimeTreeHasNoServerOrDatabase() throws IOException {
    List<String> artifacts = artifacts();
    assertThat(artifacts).as("the resolved tree was read").contains("io.dooor:dooor-client");
    assertThat(banned(artifacts)).as("banned artifacts in the agent's runtime tree").isEmpty();
  }

  @Test
  void theCheckCatchesJettyAndJdbc() {
    List<String> planted =
        List.of(
            "org.eclipse.jetty:jetty-server", "org.xerial:sqlite-jdbc", "io.dooor:dooor-client");
    assertThat(banned(planted))
        .containsExactly("org.eclipse.jetty:jetty-server", "org.xerial:sqlite-jdbc");
  }

  static List<String> banned(List<String> artifacts) {
    return artifacts.stream()
        .filter(a -> BANNED.stream().anyMatch(b -> a.equals(b) || a.startsWith(b)))
        .collect(Collectors.toList());
  }

  /** groupId:artifactId of every resolved runtime dependency. */
  static List<String> artifacts() throws IOException {
    Path list = Path.of("target", "runtime-dependencies.txt");
    return Files.readAllLines(list, StandardCharsets.UTF_8).stream()
        .map(String::trim)
        .filter(line -> line.split(":").length >= 4)
        .map(line -> line.split(":")[0] + ":" + line.split(":")[1])
        .collect(Collectors.toList());
  }
}
