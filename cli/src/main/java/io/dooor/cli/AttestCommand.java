package io.dooor.cli;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.attestation.HardwareVerifiers;
import io.dooor.attestation.dcap.Check;
import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.dcap.QuoteReport;
import io.dooor.core.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dooor attest verify}: verifies TEE evidence offline and prints a readable verdict. */
@Command(
    name = "attest",
    description = "Verify TEE evidence offline.",
    subcommands = AttestCommand.Verify.class)
final class AttestCommand {
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Verify a quote, report or attestation document; exit 0 if genuine, 1 if not.")
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", description = "Evidence file (raw bytes; see --base64)")
    Path file;

    @Option(names = "--type", required = true, description = "tdx, sgx, snp or nitro")
    String type;

    @Option(
        names = "--trust",
        required = true,
        description = "Folder of vendor root certificates (pinned by fingerprint)")
    Path trust;

    @Option(names = "--collateral", description = "Intel collateral file or folder (repeatable)")
    List<Path> collateral = List.of();

    @Option(names = "--at", description = "Verification instant (ISO-8601); default now")
    Instant at;

    @Option(names = "--base64", description = "The file holds base64 text")
    boolean base64;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() throws Exception {
      TeeType tee = TeeType.parse(type);
      byte[] raw = Files.readAllBytes(file);
      Bytes evidence =
          base64
              ? Bytes.fromBase64(new String(raw, StandardCharsets.US_ASCII).strip())
              : Bytes.of(raw);
      Instant when = at != null ? at : Instant.now();
      List<EvidenceVerifier> verifiers = HardwareVerifiers.fromFiles(trust, collateral);
      if ((tee == TeeType.TDX || tee == TeeType.SGX) && !json) {
        printChecks(((DcapEvidenceVerifier) verifiers.get(0)).inspect(evidence, when));
      }
      try {
        VerifiedEvidence v = new AttestationVerifier(verifiers).verify(tee, evidence, when);
        report(true, v, List.of());
        return 0;
      } catch (EvidenceException e) {
        report(false, null, e.failedChecks());
        return 1;
      }
    }

    private static void printChecks(QuoteReport r) {
      for (Check c : r.checks()) {
        System.out.println((c.passed() ? "  pass  " : "  FAIL  ") + c.name() + ": " + c.detail());
      }
    }

    private void report(boolean ok, VerifiedEvidence v, List<String> failed) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("verdict", ok ? "valid" : "invalid");
      if (v != null) {
        out.put("tee_type", v.type().wireName());
        out.put("tcb_status", v.tcbStatus());
        out.put("advisory_ids", v.advisoryIds());
        out.put("debug", v.debug());
        out.put("platform_id", v.platformId());
        out.put("report_data", v.reportData().hex());
        out.put("measurements", new java.util.TreeMap<>(v.measurements()));
        out.put("numbers", new java.util.TreeMap<>(v.numbers()));
      }
      out.put("failed_checks", failed);
      if (json) {
        Output.json(out);
        return;
      }
      out.forEach((k, val) -> System.out.println(k + ": " + val));
    }
  }
}
