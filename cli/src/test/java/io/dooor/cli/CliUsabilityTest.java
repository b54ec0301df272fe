package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a new user meets first: help everywhere, errors that say what and where. */
class CliUsabilityTest {
  @TempDir Path dir;

  @Test
  void everyCommandAnswersHelp() {
    List<List<String>> paths = new ArrayList<>();
    collect(new CommandLine(new Main()), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(30);
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliRun run = CliRun.of(args);
      assertThat(run.exit()).as("exit of %s", args).isZero();
      assertThat(run.out()).as("help of %s", args).contains("Usage: dooor");
    }
  }

  private static void collect(CommandLine cmd, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    cmd.getSubcommands().entrySet().stream()
        .filter(e -> !"help".equals(e.getKey()))
        .forEach(
            e -> {
              List<String> next = new ArrayList<>(path);
              next.add(e.getKey());
              collect(e.getValue(), next, into);
            });
  }

  @Test
  void aServerUrlWithoutSchemeIsNamed() throws Exception {
    Path key = newIdentity();
    CliRun run =
        CliRun.of("node", "list", "--server", "localhost:7070", "--identity", key.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("'localhost:7070'").contains("http://HOST:PORT");
  }

  @Test
  void aServerThatIsDownIsNamed() throws Exception {
    Path key = newIdentity();
    CliRun run =
        CliRun.of("node", "list", "--server", "http://127.0.0.1:9", "--identity", key.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach the control plane at http://127.0.0.1:9");
  }

  @Test
  void aMissingKeyFileSaysWhatItIsAndHowToGetOne() {
    Path missing = dir.resolve("nobody.pem");
    CliRun run = CliRun.of("node", "list", "--identity", missing.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("no caller key at " + missing).contains("--identity");
    CliRun show = CliRun.of("identity", "show", "--identity", missing.toString());
    assertThat(show.err()).contains("no such file: " + missing);
  }

  @Test
  void initRunsOnceAndItsVerifierKeyIsShownByAuditKey() {
    Path data = dir.resolve("data");
    CliRun first = CliRun.of("init", "--data", data.toString());
    assertThat(first.exit()).isZero();
    CliRun key = CliRun.of("audit", "key", "--data", data.toString());
    assertThat(key.exit()).isZero();
    assertThat(first.out()).contains(key.out().strip());
    assertThat(key.out().strip()).startsWith("dooor.dev/log/");

    CliRun again = CliRun.of("init", "--data", data.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already initialised");
  }

  @Test
  void auditKeyOfAnEmptyFolderCreatesNothing() {
    CliRun run = CliRun.of("audit", "key", "--data", dir.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("no audit signing key in " + dir);
    assertThat(dir.resolve("audit-signer.key")).doesNotExist();
  }

  @Test
  void tailRefusesANegativeCount() {
    CliRun run = CliRun.of("audit", "tail", "-n", "-3");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("-n must be 1 to 1000");
  }

  @Test
  void identityNewWritesWithOutAndNeverOverwrites() throws Exception {
    Path key = dir.resolve("k.pem");
    assertThat(CliRun.of("identity", "new", "--out", key.toString()).exit()).isZero();
    byte[] first = Files.readAllBytes(key);
    CliRun again = CliRun.of("identity", "new", "--out", key.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(Files.readAllBytes(key)).isEqualTo(first);
  }

  private Path newIdentity() {
    Path key = dir.resolve("caller.pem");
    assertThat(CliRun.of("identity", "new", "--out", key.toString()).exit()).isZero();
    return key;
  }
}
