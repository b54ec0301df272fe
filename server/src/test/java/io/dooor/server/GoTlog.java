package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.audit.GoProgram;
import io.dooor.audit.TilePath;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.client.ApiClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's golang.org/x/mod/sumdb/note and sumdb/tlog check a running plane's log, fetched over HTTP:
 * the two signed checkpoints, the tree hash rebuilt from our C2SP tiles, inclusion proofs of chosen
 * entries and the consistency proof between the checkpoints, each also rebuilt by Go. Runs audit's
 * interop program ({@code audit/src/test/go/interop}); skipped, with the assumption named, where Go
 * or the x/mod sources are absent.
 */
final class GoTlog {
  private final ApiClient auditor;
  private final Path work;

  /** Checks through {@code auditor}'s requests, writing Go's inputs under {@code work}. */
  GoTlog(ApiClient auditor, Path work) {
    this.auditor = auditor;
    this.work = work;
  }

  void verify(VerifiedCheckpoint old, VerifiedCheckpoint now, String vkey, long... indexes)
      throws Exception {
    GoProgram.assumeAvailable();
    Files.createDirectories(work);
    Files.writeString(work.resolve("checkpoint"), now.note());
    Files.writeString(work.resolve("checkpoint.old"), old.note());
    Files.writeString(work.resolve("vkey"), vkey);
    writeTiles(now.size());
    List<String> lines = new ArrayList<>();
    for (long i : indexes) {
      lines.add("incl " + i + " " + entry(i) + " " + inclusion(i, now.size()));
    }
    lines.add("cons " + consistency(old.size(), now.size()));
    Files.write(work.resolve("proofs"), lines, StandardCharsets.UTF_8);
    assertThat(go("verify", work.toString())).isEqualTo("OK " + (lines.size() + 1) + " checks\n");
  }

  private String entry(long i) throws Exception {
    return auditor
        .get("/v1/audit/entries?from=" + i + "&to=" + (i + 1), JsonNode.class)
        .get(0)
        .get("entry")
        .asText();
  }

  private String inclusion(long i, long size) throws Exception {
    JsonNode p =
        auditor.get("/v1/audit/proof/inclusion?index=" + i + "&size=" + size, JsonNode.class);
    return AuditHttpTest.wire(p.get("hashes")).base64();
  }

  private String consistency(long from, long to) throws Exception {
    JsonNode p =
        auditor.get("/v1/audit/proof/consistency?from=" + from + "&to=" + to, JsonNode.class);
    return AuditHttpTest.wire(p.get("hashes")).base64();
  }

  /** Every tile of the tree of size {@code n}, full and partial, as served at /v1/audit/tile. */
  private void writeTiles(long n) throws Exception {
    for (int level = 0; (n >>> (8 * level)) > 0; level++) {
      long count = n >>> (8 * level);
      for (long k = 0; k * 256 < count; k++) {
        String path = new TilePath(level, k, (int) Math.min(256, count - 256 * k)).toString();
        HttpResponse<byte[]> res = auditor.raw("GET", "/v1/audit/" + path, new byte[0]);
        assertThat(res.statusCode()).as(path).isEqualTo(200);
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, res.body());
      }
    }
  }

  private String go(String... args) throws Exception {
    return GoProgram.run(work, args);
  }
}
