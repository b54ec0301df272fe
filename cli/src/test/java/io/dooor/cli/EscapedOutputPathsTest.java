package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.audit.CheckpointSigner;
import io.dooor.client.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile text (newlines, escape sequences, bidi overrides) from the server or a file reaches the
 * terminal escaped on every printing path (issue 11, defect 4): the checkpoint note, the verifier
 * key, init, keyshare and identity output, and --json; and no class but {@link Output} writes to
 * the terminal, so that a new printing path cannot skip the escaping.
 */
class EscapedOutputPathsTest {
  /** A newline that would start a forged line, an ANSI escape, a bidi override, a DEL. */
  static final String HOSTILE = "x\n#9 OK forged\u001b[2J\u202eevil\u007f";

  /** {@link #HOSTILE} as the CLI must print it. */
  static final String ESCAPED = "x\\u000a#9 OK forged\\u001b[2J\\u202eevil\\u007f";

  @TempDir Path dir;

  @Test
  void noClassButOutputWritesToTheTerminal() throws IOException {
    Path main = Path.of("src", "main", "java", "io", "dooor", "cli");
    try (Stream<Path> files = Files.list(main)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().equals("Output.java")) {
          continue;
        }
        assertThat(Files.readString(f, StandardCharsets.UTF_8))
            .as(f.toString())
            .doesNotContain("System.out", "System.err", "printStackTrace", "getOut()", "getErr()");
      }
    }
  }

  @Test
  void aCheckpointNoteWithAForeignSignatureLineIsPrintedLineByLineEscaped() {
    String line = "\u2014 evil\r\u001b[2J\u202e\u0000 AAAA";
    String note = "dooor.dev/log/x\n5\nroot=\n\n" + line + "\n";
    String out = stdout(() -> Output.lines(note));
    assertThat(out.lines()).hasSize(5);
    assertNothingRaw(out);
    assertThat(out).contains("\u2014 evil\\u000d\\u001b[2J\\u202e\\u0000 AAAA");
  }

  @Test
  void jsonOutputEscapesControlAndFormatCharactersAndStillParses() throws IOException {
    String out = stdout(() -> Output.json(Map.of("subject", HOSTILE, "name", "工作 naïve")));
    assertThat(out.strip().lines()).hasSize(1);
    assertNothingRaw(out);
    assertThat(out).contains("\\u202e", "\\u007f", "工作 naïve");
    JsonNode back = Json.MAPPER.readTree(out);
    assertThat(back.get("subject").asText()).isEqualTo(HOSTILE);
  }

  @Test
  void initPrintsAHostileFolderNameEscaped() {
    Path data = dir.resolve("d" + HOSTILE);
    CliRun init = CliRun.of("init", "--data", data.toString());
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(init.out().lines()).hasSize(4);
    assertNothingRaw(init.out());
    assertThat(init.out()).contains(ESCAPED + "/controller.pem");
  }

  @Test
  void theVerifierKeyOfAHostileSignerFileIsPrintedEscaped() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    String name = "dooor.dev/log/\u202eevil\u0007";
    CheckpointSigner signer = CheckpointSigner.generate(name);
    Files.writeString(data.resolve("audit-signer.key"), signer.privateKeyString() + "\n");
    CliRun key = CliRun.of("audit", "key", "--data", data.toString());
    assertThat(key.exit()).as(key.err()).isZero();
    assertNothingRaw(key.out());
    assertThat(key.out()).contains("\\u202eevil\\u0007");
  }

  @Test
  void keyshareAndIdentityOutputNameHostileFilesEscaped() throws Exception {
    Path data = dir.resolve("data");
    Path out = dir.resolve("holder" + HOSTILE + ".sealed");
    CliRun export =
        CliRun.of(
            "keyshare",
            "export",
            "--data",
            data.toString(),
            "--index",
            "1",
            "--out",
            out.toString(),
            "--sealing-key",
            "file:" + dir.resolve("holder.key"));
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.out().lines()).hasSize(2);
    assertNothingRaw(export.out());

    Path pem = dir.resolve("id" + HOSTILE + ".pem");
    CliRun made = CliRun.of("identity", "new", "--out", pem.toString());
    assertThat(made.exit()).isZero();
    CliRun again = CliRun.of("identity", "new", "--out", pem.toString());
    assertThat(again.err().lines()).hasSize(1);
    assertNothingRaw(again.err());
    for (String flag : List.of("--json", "--identity")) {
      List<String> args =
          flag.equals("--json")
              ? List.of("identity", "show", "--json", "--identity", pem.toString())
              : List.of("identity", "show", "--identity", pem.toString());
      CliRun show = CliRun.of(args);
      assertThat(show.exit()).isZero();
      assertNothingRaw(show.out());
    }
  }

  /** No raw control (but the line ends), format or bidi character in {@code printed}. */
  static void assertNothingRaw(String printed) {
    printed
        .chars()
        .filter(c -> c != '\n')
        .forEach(c -> assertThat(io.dooor.core.Identifiers.refused(c)).as("U+%04X", c).isFalse());
  }

  private static String stdout(Runnable r) {
    PrintStream was = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(was);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
