package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded by chunk and stripe, not by the blob: a 256 MiB blob goes through encode, the
 * loss of two shards, verify and decode in a JVM whose heap is 32 MiB (shards in files).
 */
class LargeBlobMemoryTest {
  @Test
  void a256MibBlobThroughA32MibHeap(@TempDir Path dir) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx32m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    LargeBlobMain.class.getName(),
                    dir.toString(),
                    "256"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String out = read(log);
    assertThat(p.exitValue()).as(out).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines).contains("size " + (256L << 20) + " decoded " + (256L << 20));
    String in = lines.stream().filter(l -> l.startsWith("in ")).findFirst().orElseThrow();
    assertThat(lines).contains("out " + in.substring(3));
    long maxHeap =
        Long.parseLong(
            lines.stream()
                .filter(l -> l.startsWith("maxHeap "))
                .findFirst()
                .orElseThrow()
                .substring(8));
    assertThat(maxHeap).isLessThanOrEqualTo(32L << 20);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
