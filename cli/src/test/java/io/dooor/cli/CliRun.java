package io.dooor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the {@code dooor} command line: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

  /** Runs {@code dooor ARGS} through {@link Main#run}, capturing standard output and error. */
  static synchronized CliRun of(List<String> args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args.toArray(String[]::new));
      return new CliRun(
          code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  static CliRun of(String... args) {
    return of(List.of(args));
  }

  /** Runs {@code dooor ARGS --server http://127.0.0.1:PORT --identity IDENTITY}. */
  static CliRun against(int port, java.nio.file.Path identity, String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--server", "http://127.0.0.1:" + port, "--identity", identity.toString()));
    return of(all);
  }

  /** Standard output parsed as JSON (for {@code --json} runs). */
  JsonNode json() throws IOException {
    return Json.MAPPER.readTree(out);
  }
}
