package io.dooor.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dooor server start} as a real process (its own JVM, which {@code destroyForcibly} kills
 * with SIGKILL), for the crash, replay and data-folder tests.
 */
final class ServerProcesses {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127.0.0.1:(\\d+)");

  private ServerProcesses() {}

  /** Starts a server on {@code data} on a free port, its output going to {@code log}. */
  static Process start(Path data, Path log, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("server", "start", "--data", data.toString()));
    args.addAll(List.of(options));
    if (!args.contains("--port")) {
      args.addAll(List.of("--port", "0"));
    }
    return dooor(args, log);
  }

  /** {@code dooor ARGS} as its own JVM (the test classpath), its output going to {@code log}. */
  static Process dooor(List<String> args, Path log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** A port free now (for a server that must come back on the same address after a restart). */
  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits (bounded) for the server to print its port; fails with its log if it never does. */
  static URI awaitListening(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && p.isAlive()) {
      Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return URI.create("http://127.0.0.1:" + m.group(1));
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "server did not start:\n" + Files.readString(log, StandardCharsets.UTF_8));
  }
}
