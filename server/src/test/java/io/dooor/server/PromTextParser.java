package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus project's own text-format parser (Go, github.com/prometheus/common/expfmt, from
 * Debian's golang-github-prometheus-common-dev) run over a scrape ({@code src/test/go/promparse}):
 * the series it read, as {@code name{label=value,...}} to value (a histogram's value is its count;
 * its buckets appear as {@code name_bucket{...,le=bound}}). Skips where Go or the sources are
 * absent, except under CI=true, where it fails.
 */
final class PromTextParser {
  static final Path GOPATH = Path.of("/usr/share/gocode");
  private static final Path PROGRAM = Path.of("src/test/go/promparse/main.go");

  private PromTextParser() {}

  static void assumeAvailable() {
    boolean go = onPath("go");
    boolean sources =
        Files.isDirectory(GOPATH.resolve("src/github.com/prometheus/common/expfmt"))
            && Files.isDirectory(GOPATH.resolve("src/github.com/prometheus/client_model/go"));
    String why = "Go ('go' on PATH) and Debian golang-github-prometheus-common-dev are needed";
    if ("true".equals(System.getenv("CI"))) {
      assertThat(go && sources).as(why).isTrue();
    }
    assumeTrue(go && sources, why);
  }

  /** Every series in {@code scrape}, parsed by expfmt; fails the test if it does not parse. */
  static Map<String, Double> parse(String scrape) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("go", "run", PROGRAM.toString())
            .redirectError(ProcessBuilder.Redirect.PIPE);
    Map<String, String> env = pb.environment();
    env.put("GOPATH", GOPATH.toString());
    env.put("GO111MODULE", "off");
    env.put("GOFLAGS", "");
    env.put("GOCACHE", Path.of("target/gocache").toAbsolutePath().toString());
    env.put("GOTOOLCHAIN", "local");
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(scrape.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("expfmt: " + err).isZero();
    Map<String, Double> series = new TreeMap<>();
    for (String line : out.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      List<String> f = List.of(line.split("\t", 4));
      series.put(f.get(1) + f.get(2), Double.parseDouble(f.get(3)));
    }
    return series;
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
