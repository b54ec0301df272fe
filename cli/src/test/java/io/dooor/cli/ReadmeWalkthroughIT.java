package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Using it" section, followed as a new user would (issue 11, acceptance): its
 * indented command lines, read from the README itself, run in order and as written in a new folder,
 * each as its own process through the real {@code ./dooor} launcher and the packaged jar (hence an
 * integration test, run by {@code ./mvnw verify} after {@code package}). {@code VAR=$(...)} lines
 * keep what they print for later lines, a line ending in {@code &} (the server) runs in the
 * background and the walk-through goes on once it prints {@code listening on}; the section's JSON
 * block is {@code policy.json}. Every line must exit 0.
 */
class ReadmeWalkthroughIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern CAPTURE = Pattern.compile("^([A-Z_]+)=\\$\\((.*)\\)\\s*(#.*)?$");
  private static final Pattern BACKGROUND = Pattern.compile("^(.*?)\\s+&\\s*(#.*)?$");
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127.0.0.1:\\d+)");

  @TempDir Path dir;

  private final Map<String, String> env = new HashMap<>();
  private final List<String> ran = new ArrayList<>();
  private Process server;
  private Path serverLog;

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  @Test
  void everyCommandOfUsingItRunsInOrderAsWritten() throws Exception {
    Readme readme = Readme.usingIt(REPO.resolve("README.md"));
    Files.writeString(dir.resolve("policy.json"), readme.policyJson());
    launcher();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("DOOOR_PORT", "0");
    for (String line : readme.commands()) {
      step(line);
    }
    assertThat(ran)
        .as("the walk-through the issue asks for")
        .anyMatch(l -> l.contains("dooor init"))
        .anyMatch(l -> l.contains("dooor server start"))
        .anyMatch(l -> l.contains("dooor principal grant") && l.contains("operator"))
        .anyMatch(l -> l.contains("dooor node admit"))
        .anyMatch(l -> l.contains("dooor policy set demo policy.json"))
        .anyMatch(l -> l.contains("dooor key derive"))
        .anyMatch(l -> l.contains("dooor ibe encrypt"))
        .anyMatch(l -> l.contains("dooor ibe decrypt"))
        .anyMatch(l -> l.contains("dooor audit key"))
        .anyMatch(l -> l.contains("dooor audit verify"));
    assertThat(dir.resolve("decrypted.txt")).hasSameTextualContentAs(dir.resolve("secret.txt"));
  }

  /** Runs one line of the README: in the background, capturing into a variable, or plainly. */
  private void step(String line) throws Exception {
    ran.add(line);
    Matcher bg = BACKGROUND.matcher(line);
    Matcher capture = CAPTURE.matcher(line);
    if (bg.matches()) {
      startServer(bg.group(1));
    } else if (capture.matches()) {
      String out = run(capture.group(2), line);
      env.put(capture.group(1), out.strip());
    } else {
      run(line, line);
    }
  }

  /** Runs {@code command} with bash in the walk-through folder; returns its stdout, exit 0. */
  private String run(String command, String line) throws Exception {
    Path out = dir.resolve(".out");
    Path err = dir.resolve(".err");
    Process p = bash(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    boolean done = p.waitFor(180, TimeUnit.SECONDS);
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    System.out.println("$ " + line + "\n" + stdout + stderr);
    assertThat(done).as("finished in time: " + line).isTrue();
    assertThat(p.exitValue())
        .as("exit of `%s`:%n%s%s%nserver:%n%s", line, stdout, stderr, serverLog())
        .isZero();
    return stdout;
  }

  /** The server, in the background; once it listens, later lines call it (DOOOR_SERVER). */
  private void startServer(String command) throws Exception {
    assertThat(server).as("one server in the walk-through").isNull();
    serverLog = dir.resolve(".server.log");
    server =
        bash("exec " + command)
            .redirectErrorStream(true)
            .redirectOutput(serverLog.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline && server.isAlive()) {
      Matcher m = LISTENING.matcher(serverLog());
      if (m.find()) {
        env.put("DOOOR_SERVER", m.group(1));
        System.out.println("$ " + command + " &\n" + serverLog());
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not start:\n" + serverLog());
  }

  private ProcessBuilder bash(String command) {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
    pb.environment().remove("DOOOR_IDENTITY");
    pb.environment().remove("DOOOR_SERVER");
    pb.environment().putAll(env);
    return pb;
  }

  private String serverLog() throws IOException {
    return serverLog == null ? "" : Files.readString(serverLog, StandardCharsets.UTF_8);
  }

  /** {@code ./dooor} in the walk-through folder: the repository's launcher, as from a clone. */
  private void launcher() throws IOException {
    Path script = dir.resolve("dooor");
    Files.writeString(script, "#!/usr/bin/env bash\nexec '" + REPO.resolve("dooor") + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    assertThat(REPO.resolve("cli/target/dooor.jar")).as("packaged before this test").exists();
  }

  /** The command lines and the policy example of the README's "Using it" section. */
  record Readme(List<String> commands, String policyJson) {
    static Readme usingIt(Path file) throws IOException {
      String all = Files.readString(file, StandardCharsets.UTF_8);
      int from = all.indexOf("\n## Using it\n");
      int to = all.indexOf("\n## ", from + 1);
      assertThat(from).as("README has a Using it section").isPositive();
      List<String> commands = new ArrayList<>();
      StringBuilder json = new StringBuilder();
      boolean inJson = false;
      for (String line : all.substring(from, to).split("\n", -1)) {
        if (!line.startsWith("    ")) {
          inJson = false;
          continue;
        }
        String code = line.substring(4);
        inJson |= code.equals("{");
        if (inJson) {
          json.append(code).append('\n');
        } else if (!code.isBlank()) {
          commands.add(code);
        }
      }
      assertThat(commands).as("commands of Using it").hasSizeGreaterThan(15);
      assertThat(json).as("policy.json of Using it").isNotEmpty();
      return new Readme(commands, json.toString());
    }
  }
}
