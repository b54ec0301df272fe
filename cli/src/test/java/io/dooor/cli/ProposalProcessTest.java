package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controllers change a policy with {@code dooor proposal} against a control plane process
 * started with {@code --approvals policy=2,role_grant=2}: the first controller's {@code policy set}
 * is recorded as a pending proposal, its own second approval is refused, and the other controller's
 * {@code proposal approve} applies it.
 */
class ProposalProcessTest {
  private static final Pattern PROPOSAL = Pattern.compile("proposal ([0-9a-f]{32}) \\(policy\\)");

  @TempDir Path dir;
  private String url;

  @Test
  void twoControllersApproveAPolicyChange() throws Exception {
    Path data = dir.resolve("data");
    assertThat(CliRun.of("init", "--data", data.toString()).exit()).isZero();
    Path alice = data.resolve("controller.pem");
    Path bob = dir.resolve("bob.pem");
    String bobPrincipal = CliRun.of("identity", "new", "--out", bob.toString()).out().trim();
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\"allowed_tee_types\": [\"sim\"]}", StandardCharsets.UTF_8);
    Path log = dir.resolve("server.log");
    Process server = ServerProcesses.start(data, log, "--approvals", "policy=2,role_grant=2");
    try {
      url = ServerProcesses.awaitListening(server, log).toString();
      assertThat(Files.readString(log, StandardCharsets.UTF_8))
          .contains("changes of kind policy need 2 controller approvals");
      CliRun granted = run(alice, "principal", "grant", bobPrincipal, "controller");
      assertThat(granted.out()).contains("(role_grant) applied: 1 of 1 approvals");

      CliRun proposed = run(alice, "policy", "set", "w", policy.toString());
      assertThat(proposed.exit()).isZero();
      assertThat(proposed.out()).contains("pending: 1 of 2 approvals");
      Matcher m = PROPOSAL.matcher(proposed.out());
      assertThat(m.find()).isTrue();
      String id = m.group(1);
      assertThat(run(alice, "policy", "show", "w").exit()).isEqualTo(1);
      assertThat(run(alice, "proposal", "ls").out()).contains(id + " (policy) pending");

      CliRun again = run(alice, "proposal", "approve", id);
      assertThat(again.exit()).isEqualTo(1);
      assertThat(again.err()).contains("refused (conflict)").contains("proposal.already_decided");

      CliRun wrong = run(bob, "proposal", "approve", id, "--digest", "ab".repeat(32));
      assertThat(wrong.exit()).isEqualTo(1);
      assertThat(wrong.err()).contains("proposal.digest_mismatch");

      CliRun shown = run(bob, "proposal", "show", id);
      assertThat(shown.out()).contains("workload w").contains("tee_type sim").contains("sha256");
      CliRun approved = run(bob, "proposal", "approve", id);
      assertThat(approved.exit()).isZero();
      assertThat(approved.out()).contains("approved: proposal " + id + " (policy) applied");
      assertThat(run(alice, "policy", "show", "w").exit()).isZero();
      assertThat(run(alice, "audit", "tail", "-n", "5").out()).contains("proposal.apply");
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private CliRun run(Path identity, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--identity", identity.toString()));
    return CliRun.of(all);
  }
}
