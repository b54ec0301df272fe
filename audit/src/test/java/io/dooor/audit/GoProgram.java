package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs audit's Go interop program ({@code audit/src/test/go/interop}, over Go's
 * golang.org/x/mod/sumdb/note and sumdb/tlog) from this module's tests and, through the test-jar,
 * from the server's. Skips, naming the assumption, where Go or the x/mod sources are absent.
 */
public final class GoProgram {
  static final Path GOPATH = Path.of("/usr/share/gocode");
  private static final Path HERE = Path.of("src/test/go/interop/main.go");
  private static final Path COSIGNED = Path.of("src/test/go/cosigned/main.go");

  private GoProgram() {}

  /** Skips the calling test unless {@code go} and the x/mod sources (note, tlog) are installed. */
  public static void assumeAvailable() {
    assumeTrue(onPath("go"), "Go toolchain ('go' on PATH, Debian golang-go) is absent");
    for (String pkg : List.of("note", "tlog")) {
      assumeTrue(
          Files.isDirectory(GOPATH.resolve("src/golang.org/x/mod/sumdb/" + pkg)),
          "golang.org/x/mod sources (Debian golang-golang-x-mod-dev) are absent under " + GOPATH);
    }
  }

  /** Runs the program with {@code args} (its caches under {@code work}); its output, exit 0. */
  public static String run(Path work, String... args) throws Exception {
    return runProgram(program(HERE), work, args);
  }

  /**
   * Runs the cosigned-checkpoint verifier ({@code audit/src/test/go/cosigned}: note.Open with the
   * log's key and cosignature/v1 verifiers for the witness keys); its output, exit 0.
   */
  public static String runCosigned(Path work, String... args) throws Exception {
    return runProgram(program(COSIGNED), work, args);
  }

  private static String runProgram(Path program, Path work, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("go", "run", program.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("GOPATH", GOPATH.toString());
    env.put("GO111MODULE", "off");
    env.put("GOFLAGS", "");
    env.put("GOCACHE", work.resolve("gocache").toString());
    env.put("GOTOOLCHAIN", "local");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** The program, from the audit module or from a sibling module's folder. */
  private static Path program(Path here) {
    return Files.exists(here) ? here : Path.of("..", "audit").resolve(here);
  }

  private static boolean onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }
}
