package io.dooor.cli;

import io.dooor.audit.AuditEntry;
import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.Cosignature;
import io.dooor.audit.CosignerKey;
import io.dooor.audit.LogReplay;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.audit.VerifiedEntry;
import io.dooor.audit.WitnessPolicy;
import io.dooor.client.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One auditor's run against a remote log ({@code dooor audit verify} and {@code audit checkpoint}):
 * the checks in order, what each established, and the first that failed, named. Every check builds
 * on the latest checkpoint, whose signature is checked first.
 */
final class AuditCheck {
  private final RemoteLog remote;
  private final String key;
  private final List<Map<String, Object>> checks = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();
  private AuditVerifier verifier;
  private VerifiedCheckpoint latest;
  private String current = "verifier key";
  private AuditException failure;

  AuditCheck(RemoteLog remote, String key) {
    this.remote = remote;
    this.key = key;
  }

  /** Parses the key, fetches the latest checkpoint and checks its signature. */
  VerifiedCheckpoint latest() throws AuditException {
    return latest("checkpoint");
  }

  /**
   * Parses the key, fetches the checkpoint at {@code path} ({@code checkpoint}, the published one,
   * or {@code checkpoint/latest}) and checks its signature.
   */
  VerifiedCheckpoint latest(String path) throws AuditException {
    current = "verifier key";
    verifier = AuditVerifier.of(key);
    current = "latest checkpoint";
    latest = remote.latest(verifier, path);
    done(
        "checkpoint",
        "latest checkpoint: size "
            + latest.size()
            + ", root "
            + root(latest)
            + ", signature by "
            + verifier.key().name()
            + " valid",
        Map.of("size", latest.size(), "root", root(latest)));
    return latest;
  }

  /**
   * Requires the published checkpoint to carry cosignatures by {@code quorum} of {@code witnesses}
   * (C2SP tlog-cosignature), and the log's latest signed checkpoint to extend it (RFC 9162
   * §2.1.4.2); every later check then builds on the witnessed checkpoint. A log whose operator
   * rewrote history and signed again fails the consistency check here: the witnesses will not
   * cosign the new history, and the old cosigned root is not a prefix of it.
   */
  VerifiedCheckpoint witnessed(List<String> witnesses, Integer quorum) throws AuditException {
    current = "witness keys";
    List<CosignerKey> keys = new ArrayList<>();
    for (String w : witnesses) {
      keys.add(CosignerKey.parse(w));
    }
    WitnessPolicy policy;
    try {
      policy = new WitnessPolicy(keys, quorum == null ? keys.size() : quorum);
    } catch (IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_KEY, e.getMessage(), e);
    }
    current = "witnessed checkpoint";
    VerifiedCheckpoint signed = latest;
    VerifiedCheckpoint cosigned = remote.latest(verifier);
    List<Cosignature> cosignatures = policy.verify(cosigned);
    String by = String.join(", ", cosignatures.stream().map(c -> c.key().name()).toList());
    done(
        "witnessed",
        "witnessed checkpoint: size "
            + cosigned.size()
            + ", root "
            + root(cosigned)
            + ", cosigned by "
            + by
            + " ("
            + cosignatures.size()
            + " of the "
            + policy.quorum()
            + " required)",
        Map.of("size", cosigned.size(), "root", root(cosigned), "witnesses", by));
    current =
        "consistency of the witnessed checkpoint (size "
            + cosigned.size()
            + ") with the latest signed one (size "
            + signed.size()
            + ")";
    int hashes = remote.consistency(verifier, cosigned, signed);
    done(
        "consistency",
        "consistent: the witnessed checkpoint (size "
            + cosigned.size()
            + ") is a prefix of the latest signed one (size "
            + signed.size()
            + "); consistency proof of "
            + hashes
            + " hashes verified",
        Map.of("size", cosigned.size(), "latest", signed.size(), "hashes", hashes));
    latest = cosigned;
    return cosigned;
  }

  /** Checks the signed checkpoint saved in {@code file} and that the latest one extends it. */
  void consistentWith(Path file) throws AuditException {
    current = "saved checkpoint " + file;
    VerifiedCheckpoint old = verifier.verifyCheckpoint(read(file));
    current =
        "consistency of saved checkpoint "
            + file
            + " (size "
            + old.size()
            + ") with the latest (size "
            + latest.size()
            + ")";
    int hashes = remote.consistency(verifier, old, latest);
    done(
        "consistency",
        "consistent: saved checkpoint "
            + file
            + " (size "
            + old.size()
            + ", root "
            + root(old)
            + ") is a prefix of the latest (size "
            + latest.size()
            + "); consistency proof of "
            + hashes
            + " hashes verified",
        Map.of("file", file.toString(), "size", old.size(), "root", root(old), "hashes", hashes));
  }

  /** Checks that entry {@code index} is in the latest checkpoint. */
  void included(long index) throws AuditException {
    current =
        "inclusion of entry " + index + " in the latest checkpoint (size " + latest.size() + ")";
    VerifiedEntry v = remote.inclusion(verifier, latest, index);
    AuditEntry e = v.entry();
    done(
        "inclusion",
        "included: entry "
            + index
            + " ("
            + e.action()
            + " "
            + e.subject()
            + " "
            + e.outcome()
            + ") in size "
            + latest.size()
            + "; inclusion proof verified",
        Map.of("index", index, "action", e.action(), "subject", e.subject()));
  }

  /** Replays the whole log up to the latest checkpoint. */
  void replay() throws AuditException {
    current = "replay of the log up to size " + latest.size();
    LogReplay.Result r = remote.replay(verifier, latest);
    done(
        "replay",
        "replayed: "
            + r.entries()
            + " entries, each at its position; root "
            + r.root().base64()
            + " matches the checkpoint",
        Map.of("entries", r.entries(), "root", r.root().base64()));
  }

  /** Saves the latest (verified) checkpoint's signed note to {@code file}. */
  void save(Path file) throws AuditException {
    current = "saving the latest checkpoint to " + file;
    try {
      Files.writeString(file, latest.note(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AuditException(Reason.STORAGE, "cannot write " + file + ": " + e.getMessage(), e);
    }
    done(
        "saved",
        "saved: checkpoint of size " + latest.size() + " to " + file,
        Map.of("file", file.toString(), "size", latest.size()));
  }

  void failed(AuditException e) {
    failure = e;
  }

  boolean passed() {
    return failure == null;
  }

  /**
   * Prints what was checked (stdout) and the failure, if any, and returns the exit code: 0 when
   * every check passed; a log that did not verify is {@code check failed (<reason>): audit log
   * INVALID: ...} (stderr; stdout with --json), exit {@link Exits#CHECK_FAILED}; a request the
   * control plane refused is its refusal ({@link Exits#refused}), since a refusal says nothing
   * about the log.
   */
  int finish(boolean json) {
    Optional<ApiException> refusal = refusal();
    if (json) {
      Output.json(summary(refusal));
    } else {
      lines.forEach(Output::line);
    }
    if (passed()) {
      return Exits.OK;
    }
    if (refusal.isPresent()) {
      return json ? Exits.REFUSED : Exits.refused(refusal.get());
    }
    if (json) {
      return Exits.CHECK_FAILED;
    }
    return Exits.checkFailed(
        Exits.kebab(failure.reason()),
        "audit log INVALID: "
            + current
            + ": "
            + Exits.withoutCode(failure.reason().name(), failure.getMessage()));
  }

  private Map<String, Object> summary(Optional<ApiException> refusal) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("verdict", passed() ? "valid" : refusal.isPresent() ? "refused" : "invalid");
    out.put("checks", checks);
    if (!passed()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("check", current);
      f.put("reason", failure.reason().name());
      f.put("position", failure.position());
      f.put("message", failure.getMessage());
      refusal.ifPresent(r -> f.put("refused", r.code()));
      out.put("failure", f);
    }
    return out;
  }

  /** The control plane's refusal behind the failure, if that is what it was. */
  private Optional<ApiException> refusal() {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApiException a) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private void done(String check, String line, Map<String, Object> details) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("check", check);
    m.putAll(details);
    checks.add(m);
    lines.add(line);
  }

  private static String root(VerifiedCheckpoint cp) {
    return cp.checkpoint().rootHash().base64();
  }

  private static String read(Path file) throws AuditException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AuditException(Reason.NOT_FOUND, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
