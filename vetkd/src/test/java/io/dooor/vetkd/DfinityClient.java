package io.dooor.vetkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code node client.mjs} process over DFINITY's {@code @dfinity/vetkeys} (the folder {@code
 * interop/dfinity-vetkeys}): requests and replies are JSON lines with hex bytes. A reply that does
 * not come within a minute (a hung or dead process) fails the call with the process's stderr.
 */
public final class DfinityClient implements AutoCloseable {
  /** The folder of the driver, relative to a module directory (the tests' working directory). */
  public static final Path FOLDER = Path.of("..", "interop", "dfinity-vetkeys");

  /** The command that installs the library where the test looks for it. */
  public static final String INSTALL = "npm ci --prefix interop/dfinity-vetkeys";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String END = "\u0000end";

  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final Path stderr;
  private long nextId = 1;

  private DfinityClient(Process process, Path stderr) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.stderr = stderr;
    Thread reader = new Thread(this::readReplies, "dfinity-client-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** What is missing to run the driver here (node, the driver, the library), or null. */
  public static String missing() {
    if (!onPath("node")) {
      return "Node.js ('node' on PATH) is absent";
    }
    Path dir = FOLDER.toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("client.mjs"))) {
      return "the driver " + dir.resolve("client.mjs") + " is absent";
    }
    if (!Files.isRegularFile(dir.resolve("node_modules/@dfinity/vetkeys/package.json"))) {
      return "@dfinity/vetkeys is not installed under " + dir.resolve("node_modules");
    }
    return null;
  }

  /**
   * Starts the driver for a test class, or marks the test skipped when Node or the library is
   * absent; under {@code CI=true} an absent driver fails the test instead (CI must run it).
   */
  public static DfinityClient startOrSkip(Path stderr) throws IOException {
    String missing = missing();
    if (missing != null) {
      String why = missing + "; install it with `" + INSTALL + "` (repository root)";
      if ("true".equals(System.getenv("CI"))) {
        fail("CI must run the DFINITY interop test: " + why);
      }
      assumeTrue(false, why);
    }
    return start(stderr);
  }

  /** Starts the driver; its stderr goes to {@code stderr}. */
  public static DfinityClient start(Path stderr) throws IOException {
    Path dir = FOLDER.toAbsolutePath().normalize();
    Process p =
        new ProcessBuilder("node", "client.mjs")
            .directory(dir.toFile())
            .redirectError(stderr.toFile())
            .start();
    return new DfinityClient(p, stderr);
  }

  private void readReplies() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        replies.add(line);
      }
    } catch (IOException e) {
      replies.add(END + ": " + e.getMessage());
    }
    replies.add(END);
  }

  /**
   * Sends {@code op} with fields given as name, value pairs ({@link Bytes} travel as hex; strings
   * and integers as themselves) and returns the reply, successful or not.
   */
  public Reply call(String op, Object... fields) throws IOException, InterruptedException {
    assertThat(fields.length % 2).as("name, value pairs").isZero();
    long id = nextId++;
    ObjectNode req = JSON.createObjectNode().put("id", id).put("op", op);
    for (int i = 0; i < fields.length; i += 2) {
      String name = (String) fields[i];
      Object v = fields[i + 1];
      if (v instanceof Bytes b) {
        req.put(name, b.hex());
      } else if (v instanceof SecretBytes secret) { // the test hands the library its own key
        req.put(name, Bytes.of(secret.toArray()).hex());
      } else if (v instanceof Integer n) {
        req.put(name, n);
      } else {
        req.put(name, (String) v);
      }
    }
    stdin.write((JSON.writeValueAsString(req) + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    String line = replies.poll(60, TimeUnit.SECONDS);
    if (line == null || line.startsWith(END)) {
      throw new AssertionError(
          "no reply from node client.mjs to " + op + " (" + line + "); stderr: " + stderrText());
    }
    JsonNode reply = JSON.readTree(line);
    assertThat(reply.path("id").asLong()).as("reply id for %s: %s", op, line).isEqualTo(id);
    return new Reply(op, reply);
  }

  /** Sends {@code op} and returns its reply, failing the test if the library refused it. */
  public Reply ok(String op, Object... fields) throws IOException, InterruptedException {
    Reply r = call(op, fields);
    assertThat(r.ok()).as("%s refused by @dfinity/vetkeys: %s", op, r.error()).isTrue();
    return r;
  }

  private String stderrText() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    stdin.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static boolean onPath(String exe) {
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

  /** One reply: {@code ok} with named fields, or the library's {@code error} message. */
  public record Reply(String op, JsonNode body) {
    public boolean ok() {
      return body.path("ok").asBoolean(false);
    }

    public String error() {
      return body.path("error").asText(null);
    }

    public String text(String field) {
      JsonNode v = body.get(field);
      assertThat(v).as("field %s in the reply to %s: %s", field, op, body).isNotNull();
      return v.asText();
    }

    public Bytes bytes(String field) {
      return Bytes.fromHex(text(field));
    }
  }
}
