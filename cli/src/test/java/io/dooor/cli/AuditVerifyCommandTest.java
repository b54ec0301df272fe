package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.audit.AuditEntry;
import io.dooor.audit.Checkpoint;
import io.dooor.audit.CheckpointSigner;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code dooor audit checkpoint} and {@code dooor audit verify --since/--entry} against a real
 * control plane (SQLite, signed HTTP on loopback): an auditor saves a checkpoint, the log grows,
 * and the CLI proves the new checkpoint extends the saved one and contains given entries; a forged,
 * foreign-history or larger saved checkpoint, an entry altered in the database, and entries
 * altered, deleted or reordered behind the server's back (found by the replay), each fail with the
 * check, the reason (its kebab-case code) and the position named and exit code 3.
 */
class AuditVerifyCommandTest {
  @TempDir Path dir;
  private Deployment d;
  private ApiClient admin;
  private Path pem;

  @BeforeEach
  void start() throws Exception {
    d = Deployment.start(DeploymentConfig.embedded(dir.resolve("data"), 0));
    Identity controller = Identity.generate();
    pem = dir.resolve("controller.pem");
    controller.save(pem);
    d.plane().init(controller.principal());
    admin = new ApiClient(URI.create("http://127.0.0.1:" + d.port()), controller);
    change(3);
    d.publishCheckpoint();
  }

  @AfterEach
  void stop() {
    d.close();
  }

  @Test
  void savedCheckpointIsExtendedByTheLatestAndEntriesAreIncluded() throws Exception {
    Path saved = dir.resolve("old.checkpoint");
    CliRun save = audit("checkpoint", "--out", saved.toString());
    assertThat(save.exit()).as(save.err()).isZero();
    assertThat(save.out()).contains("signature by dooor.dev/log/", "saved: checkpoint of size");
    long oldSize = sizeOf(Files.readString(saved, StandardCharsets.UTF_8));

    change(4);
    long newSize = sizeOf(d.publishCheckpoint());
    assertThat(newSize).isGreaterThan(oldSize);

    CliRun v =
        audit("verify", "--since", saved.toString(), "--entry", "0", "--entry", "" + oldSize);
    assertThat(v.exit()).as(v.err()).isZero();
    assertThat(v.out())
        .contains("consistent: saved checkpoint " + saved + " (size " + oldSize)
        .contains("included: entry 0 (")
        .contains("included: entry " + oldSize + " (policy.set")
        .doesNotContain("replayed");
    assertThat(v.err()).isEmpty();

    CliRun json = audit("verify", "--since", saved.toString(), "--replay", "--json");
    assertThat(json.exit()).as(json.err()).isZero();
    assertThat(json.out()).contains("\"verdict\":\"valid\"", "\"check\":\"replay\"");

    CliRun again = audit("verify", "--since", saved.toString(), "--save", saved.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("saved: checkpoint of size");
    assertThat(sizeOf(Files.readString(saved, StandardCharsets.UTF_8))).isGreaterThan(oldSize);
  }

  @Test
  void forgedSavedCheckpointIsRefused() throws Exception {
    Path saved = dir.resolve("old.checkpoint");
    assertThat(audit("checkpoint", "--out", saved.toString()).exit()).isZero();
    List<String> lines = new ArrayList<>(Files.readAllLines(saved, StandardCharsets.UTF_8));
    lines.set(2, Bytes.of(new byte[32]).base64()); // another root under the same signature
    Files.write(saved, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

    CliRun v = audit("verify", "--since", saved.toString());
    assertThat(v.exit()).isEqualTo(3);
    assertThat(v.err())
        .startsWith(
            "check failed (signature-invalid): audit log INVALID: saved checkpoint " + saved);
    assertThat(v.out()).contains("latest checkpoint: size").doesNotContain("consistent");
  }

  @Test
  void savedCheckpointOfAnotherHistoryIsInconsistent() throws Exception {
    CheckpointSigner signer = logSigner();
    long size = sizeOf(d.publishCheckpoint());
    Path fork = dir.resolve("fork.checkpoint");
    Bytes otherRoot = Bytes.of(new byte[32]);
    Files.writeString(fork, signer.sign(Checkpoint.of(signer.origin(), size - 1, otherRoot)));

    CliRun v = audit("verify", "--since", fork.toString());
    assertThat(v.exit()).isEqualTo(3);
    assertThat(v.err())
        .contains("INVALID: consistency of saved checkpoint " + fork + " (size " + (size - 1))
        .startsWith("check failed (root-mismatch): ");

    Path ahead = dir.resolve("ahead.checkpoint");
    Files.writeString(ahead, signer.sign(Checkpoint.of(signer.origin(), size + 5, otherRoot)));
    CliRun rolledBack = audit("verify", "--since", ahead.toString());
    assertThat(rolledBack.exit()).isEqualTo(3);
    assertThat(rolledBack.err()).contains("(tree-size-order)", "the log shrank");
  }

  @Test
  void entryAlteredInTheDatabaseIsNotIncluded() throws Exception {
    long size = sizeOf(d.publishCheckpoint());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/dooor.db"));
        PreparedStatement read = c.prepareStatement("SELECT entry FROM audit_entry WHERE seq = 1");
        PreparedStatement write =
            c.prepareStatement("UPDATE audit_entry SET entry = ? WHERE seq = 1")) {
      AuditEntry e;
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).isTrue();
        e = AuditEntry.decode(Bytes.of(rs.getBytes(1)));
      }
      AuditEntry altered =
          AuditEntry.of(
                  e.time(),
                  e.actor(),
                  e.action(),
                  e.subject(),
                  e.requestDigest(),
                  e.outcome(),
                  "rewritten",
                  e.details())
              .withSeq(1);
      write.setBytes(1, altered.encode().toArray());
      assertThat(write.executeUpdate()).isEqualTo(1);
    }
    assertThat(audit("verify", "--entry", "0").exit()).isZero();
    CliRun v = audit("verify", "--entry", "1");
    assertThat(v.exit()).isEqualTo(3);
    assertThat(v.err()).contains("INVALID: inclusion of entry 1", "(root-mismatch)");

    CliRun beyond = audit("verify", "--entry", "" + (size + 100));
    assertThat(beyond.exit()).isEqualTo(3);
    assertThat(beyond.err()).contains("(index-out-of-range)");
  }

  /** Ways to tamper with the stored log behind the server's back, and the reason each is named. */
  enum Tamper {
    ALTER("entry-mismatch"),
    DELETE("entry-missing"),
    SWAP("sequence-mismatch");

    final String reason;

    Tamper(String reason) {
      this.reason = reason;
    }
  }

  @ParameterizedTest
  @EnumSource(Tamper.class)
  void replayNamesTheFirstTamperedPosition(Tamper how) throws Exception {
    change(4);
    d.publishCheckpoint();
    assertThat(audit("verify").exit()).isZero();
    try (Connection c =
        DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/dooor.db"))) {
      switch (how) {
        case ALTER -> rewriteReason(c, 3);
        case DELETE -> {
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM audit_entry WHERE seq = 3")) {
            assertThat(del.executeUpdate()).isEqualTo(1);
          }
        }
        case SWAP -> {
          byte[] third = entryBytes(c, 3);
          byte[] fourth = entryBytes(c, 4);
          writeEntry(c, 3, fourth);
          writeEntry(c, 4, third);
        }
      }
    }
    CliRun v = audit("verify");
    assertThat(v.exit()).as(how + ": " + v.out() + v.err()).isEqualTo(3);
    assertThat(v.err()).contains("INVALID: replay", "(" + how.reason + ")", "(entry 3)");
  }

  private static byte[] entryBytes(Connection c, long seq) throws Exception {
    try (PreparedStatement read =
        c.prepareStatement("SELECT entry FROM audit_entry WHERE seq = ?")) {
      read.setLong(1, seq);
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getBytes(1);
      }
    }
  }

  private static void writeEntry(Connection c, long seq, byte[] entry) throws Exception {
    try (PreparedStatement write =
        c.prepareStatement("UPDATE audit_entry SET entry = ? WHERE seq = ?")) {
      write.setBytes(1, entry);
      write.setLong(2, seq);
      assertThat(write.executeUpdate()).isEqualTo(1);
    }
  }

  private static void rewriteReason(Connection c, long seq) throws Exception {
    AuditEntry e = AuditEntry.decode(Bytes.of(entryBytes(c, seq)));
    AuditEntry altered =
        AuditEntry.of(
                e.time(),
                e.actor(),
                e.action(),
                e.subject(),
                e.requestDigest(),
                e.outcome(),
                "rewritten",
                e.details())
            .withSeq(seq);
    writeEntry(c, seq, altered.encode().toArray());
  }

  @Test
  void wrongKeyIsNamed() throws Exception {
    String other = CheckpointSigner.generate(logSigner().origin()).verifierKey().toString();
    CliRun v = audit("checkpoint", "--key", other);
    assertThat(v.exit()).isEqualTo(3);
    assertThat(v.err()).contains("INVALID: latest checkpoint", "(signature-invalid)");
  }

  private void change(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      admin.put(
          "/v1/policies/p" + i,
          new Dto.PolicyBody(
              List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L),
          Dto.PolicyView.class);
    }
  }

  private CheckpointSigner logSigner() throws Exception {
    return CheckpointSigner.parse(
        Files.readString(dir.resolve("data/audit-signer.key"), StandardCharsets.UTF_8).strip());
  }

  private static long sizeOf(String note) {
    return Long.parseLong(note.split("\n")[1]);
  }

  /** Runs {@code dooor audit ARGS} against the test server; the key defaults to the log's. */
  private CliRun audit(String... args) {
    List<String> all = new ArrayList<>(List.of("audit"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", "http://127.0.0.1:" + d.port(), "--identity", pem.toString()));
    if (!all.contains("--key")) {
      all.addAll(List.of("--key", d.auditVerifierKey()));
    }
    return CliRun.of(all);
  }
}
