package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.auth.Identity;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One output shape for every way a command can fail (issue 11, "refusal output and codes are
 * inconsistent"): every command path the control plane can refuse prints {@code refused (<code>):
 * <detail>} to standard error and exits 1; a check on this side that fails prints {@code check
 * failed (<code>): <detail>} and exits 3; a local failure prints {@code error: <detail>} (or {@code
 * error (<code>): <detail>} when it carries a reason) and exits 1. Codes are kebab-case, and no
 * line repeats its code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliOutputShapeTest {
  private static final Pattern SHAPE =
      Pattern.compile("^(refused|check failed|error)(?: \\(([a-z0-9]+(?:-[a-z0-9]+)*)\\))?: (.+)$");

  /** A vetKey that is a valid G1 point but nobody's: the compressed generator of G1. */
  private static final String G1_GENERATOR =
      "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb";

  Path dir;
  Deployment d;
  String url;
  Path controllerPem;
  Path strangerPem;
  String verifierKey;
  String strangerPrincipal;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    d = Deployment.start(DeploymentConfig.embedded(dir.resolve("data"), 0));
    url = "http://127.0.0.1:" + d.port();
    Identity controller = Identity.generate();
    d.plane().init(controller.principal());
    controllerPem = dir.resolve("controller.pem");
    strangerPem = dir.resolve("stranger.pem");
    controller.save(controllerPem);
    Identity stranger = Identity.generate();
    stranger.save(strangerPem);
    strangerPrincipal = stranger.principal().toText();
    verifierKey = d.auditVerifierKey();
    Files.writeString(
        dir.resolve("policy.json"),
        "{\"allowed_tee_types\":[\"sim\"],\"accepted_tcb_statuses\":[\"NotApplicable\"]}");
    Files.writeString(dir.resolve("plain.txt"), "hello");
  }

  @AfterAll
  void stop() {
    d.close();
  }

  @Test
  void everyRefusedCommandPathPrintsOneRefusedLineAndExits1() {
    String policy = dir.resolve("policy.json").toString();
    String plain = dir.resolve("plain.txt").toString();
    List<List<String>> asStranger =
        List.of(
            List.of("node", "list"),
            List.of("node", "show", "n1"),
            List.of("node", "deactivate", "n1", "--reason", "test"),
            List.of("policy", "set", "w", policy),
            List.of("policy", "show", "w"),
            List.of("principal", "grant", "aaaaa-aa", "operator"),
            List.of("principal", "revoke", "aaaaa-aa", "operator"),
            List.of("principal", "list"),
            // audit checkpoint (and verify of this empty log) read only public resources now
            List.of("audit", "tail"),
            List.of("audit", "show", "0"),
            List.of("key", "derive", "--context", "app", "--input-self"),
            List.of("key", "derive", "--context", "dooor/node-key", "--input-text", "n1"));
    for (List<String> args : asStranger) {
      refused(run(strangerPem, args), args);
    }
    List<List<String>> asController =
        List.of(
            List.of("policy", "show", "nobody-set-this"),
            List.of("principal", "revoke", controllerPrincipal(), "controller"),
            List.of("node", "show", "nobody"),
            List.of("key", "public-key", "--context", "a\u0001b"),
            List.of(
                "ibe",
                "encrypt",
                "--context",
                "a\u0001b",
                "--to",
                "n1",
                "--in",
                plain,
                "--out",
                dir.resolve("x.ibe").toString()));
    for (List<String> args : asController) {
      refused(run(controllerPem, args), args);
    }
    List<String> admit =
        List.of(
            "node",
            "admit",
            "--id",
            "n9",
            "--workload",
            "production",
            "--identity-out",
            dir.resolve("n9.pem").toString(),
            "--data",
            dir.resolve("data").toString(),
            "--server",
            url);
    refused(CliRun.of(admit), admit);
  }

  @Test
  void aFailedCheckPrintsOneCheckFailedLineAndExits3() throws Exception {
    Path plain = dir.resolve("plain.txt");
    Path ct = dir.resolve("to-n1.ibe");
    List<String> encrypt =
        List.of(
            "ibe",
            "encrypt",
            "--context",
            "dooor/node-key",
            "--to",
            "n1",
            "--in",
            plain.toString(),
            "--out",
            ct.toString());
    assertThat(run(controllerPem, encrypt).exit()).isZero();
    Path vetkey = dir.resolve("not-n1.vetkey");
    Files.writeString(vetkey, G1_GENERATOR);
    List<String> decrypt =
        List.of(
            "ibe",
            "decrypt",
            "--vetkey",
            vetkey.toString(),
            "--in",
            ct.toString(),
            "--out",
            dir.resolve("p.txt").toString());
    CliRun wrongKey = CliRun.of(decrypt);
    shaped(wrongKey, decrypt, "check failed", 3);
    assertThat(wrongKey.err()).startsWith("check failed (ibe-decryption-failed): ");
    String otherKey = Deployment.auditVerifierKey(dir.resolve("other-data"));
    List<String> verify = List.of("audit", "verify", "--key", otherKey);
    shaped(run(controllerPem, verify), verify, "check failed", 3);
  }

  @Test
  void aLocalFailurePrintsOneErrorLineAndExits1() throws Exception {
    List<List<String>> cases = new ArrayList<>();
    cases.add(List.of("node", "list", "--identity", dir.resolve("none.pem").toString()));
    cases.add(
        List.of(
            "node",
            "list",
            "--server",
            "http://127.0.0.1:9",
            "--identity",
            strangerPem.toString()));
    cases.add(
        List.of(
            "policy",
            "set",
            "w",
            dir.resolve("none.json").toString(),
            "--server",
            url,
            "--identity",
            controllerPem.toString()));
    cases.add(List.of("identity", "show", "--identity", dir.resolve("plain.txt").toString()));
    cases.add(
        List.of(
            "keyshare",
            "start",
            "--share",
            dir.resolve("plain.txt").toString(),
            "--sealing-key",
            "file:" + dir.resolve("plain.txt"),
            "--control-plane",
            strangerPrincipal));
    for (List<String> args : cases) {
      shaped(CliRun.of(args), args, "error", 1);
    }
  }

  private String controllerPrincipal() {
    return d.plane().store().principals().keySet().iterator().next().toText();
  }

  private CliRun run(Path identity, List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--server", url, "--identity", identity.toString()));
    return CliRun.of(all);
  }

  private static void refused(CliRun run, List<String> args) {
    shaped(run, args, "refused", 1);
  }

  /** The first line of standard error has the shape, kind and exit code; the code is said once. */
  static void shaped(CliRun run, List<String> args, String kind, int exit) {
    String what = args + " printed:\n" + run.out() + run.err();
    assertThat(run.exit()).as(what).isEqualTo(exit);
    String first = run.err().lines().findFirst().orElse("");
    Matcher m = SHAPE.matcher(first);
    assertThat(m.matches()).as("shape of %s", what).isTrue();
    assertThat(m.group(1)).as(what).isEqualTo(kind);
    if (!kind.equals("error")) {
      assertThat(m.group(2)).as("a code: " + what).isNotNull();
    }
    if (m.group(2) != null) {
      String code = m.group(2);
      String rest = normal(run.err()).replaceFirst(Pattern.quote(normal("(" + code + ")")), "");
      assertThat(rest).as("code said once: " + what).doesNotContain(code);
      assertThat(rest).as("no other code form: " + what).doesNotContain(codeTail(code));
    }
    assertThat(run.err()).as(what).doesNotContain("Exception", "io.dooor.", "\tat ");
  }

  /** Lower case, snake_case as kebab-case. */
  private static String normal(String s) {
    return s.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * A module-prefixed code without its prefix ({@code vetkd-invalid-encoding}: invalid-encoding).
   */
  private static String codeTail(String code) {
    int dash = code.indexOf('-');
    String tail = dash < 0 ? code : code.substring(dash + 1);
    return tail.contains("-") ? tail + ":" : "(" + tail + ")";
  }
}
