package io.dooor.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The modules of DESIGN §1 and what each may use. A class belongs to the module named by the third
 * segment of its package ({@code io.dooor.MODULE...}). Dependencies point inward: deployables
 * (server, keyshare, agent, cli) use client and core; attestation, vetkd, audit and store implement
 * core's ports; everything may use common.
 */
final class Modules {
  static final String ROOT = "io.dooor";

  /** What the server, the composition root, may use: every module below the deployables. */
  private static final Set<String> BELOW_SERVER =
      Set.of(
          "common",
          "core",
          "client",
          "http",
          "keyshare",
          "attestation",
          "vetkd",
          "audit",
          "store",
          "provision");

  /** What the CLI and the benchmarks may use: the server and the agent too. */
  private static final Set<String> BELOW_CLI = with(BELOW_SERVER, "server", "agent");

  /** Module -> the other modules it may depend on. */
  static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("common", Set.of()),
          Map.entry("core", Set.of("common")),
          Map.entry("attestation", Set.of("common", "core")),
          Map.entry("vetkd", Set.of("common", "core")),
          Map.entry("audit", Set.of("common")),
          Map.entry("store", Set.of("common", "core", "audit")),
          // client wraps and unwraps blobs' data keys with vetKD's IBE (issue 13)
          Map.entry("client", Set.of("common", "core", "vetkd")),
          Map.entry("http", Set.of("common", "core", "client")),
          Map.entry("keyshare", Set.of("common", "core", "client", "http", "vetkd")),
          Map.entry("server", BELOW_SERVER),
          Map.entry("agent", Set.of("common", "core", "client", "attestation", "vetkd")),
          Map.entry("provision", Set.of("common", "core", "client")),
          Map.entry("cli", BELOW_CLI),
          Map.entry("bench", BELOW_CLI));

  /**
   * Packages of an HTTP server or a database: what the agent (which runs inside a TEE) and the pure
   * crypto, attestation and audit code must never touch.
   */
  static final String[] SERVER_AND_DATABASE = {
    "io.javalin..",
    "org.eclipse.jetty..",
    "jakarta.servlet..",
    "java.sql..",
    "javax.sql..",
    "org.sqlite..",
    "org.postgresql..",
    "com.zaxxer..",
    "org.flywaydb.."
  };

  /**
   * The JDK's own HTTP server (module jdk.httpserver): the agent's shard endpoint ({@code
   * io.dooor.agent.shards}) serves shards on it, and nothing else in the agent or the pure modules
   * may use it. Jetty, Javalin, servlets and JDBC stay forbidden in the agent ({@link
   * #SERVER_AND_DATABASE}).
   */
  static final String JDK_HTTP_SERVER = "com.sun.net.httpserver..";

  /** The one package of the agent that may serve HTTP, on {@link #JDK_HTTP_SERVER}. */
  static final String AGENT_SHARD_ENDPOINT = "io.dooor.agent.shards..";

  private Modules() {}

  private static Set<String> with(Set<String> base, String... more) {
    Set<String> all = new java.util.HashSet<>(base);
    all.addAll(Set.of(more));
    return Set.copyOf(all);
  }

  /** The module a class of ours belongs to; empty for classes outside {@code io.dooor}. */
  static Optional<String> of(JavaClass c) {
    String pkg = c.getPackageName();
    if (!pkg.startsWith(ROOT + ".")) {
      return Optional.empty();
    }
    String rest = pkg.substring(ROOT.length() + 1);
    int dot = rest.indexOf('.');
    return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
  }

  /** Whether the class lives in an {@code internal} package (details private to its module). */
  static boolean isInternal(JavaClass c) {
    String pkg = c.getPackageName();
    return pkg.endsWith(".internal") || pkg.contains(".internal.");
  }
}
