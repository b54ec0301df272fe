package io.dooor.cli;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.attestation.HardwareVerifiers;
import io.dooor.attestation.dcap.Check;
import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.dcap.QuoteReport;
import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.PolicyBodies;
import io.dooor.common.Bytes;
import io.dooor.core.Policy;
import io.dooor.core.PolicyEvaluator;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dooor attest verify}: verifies TEE evidence offline and prints a readable verdict. */
@Command(
    mixinStandardHelpOptions = true,
    name = "attest",
    description = "Verify TEE evidence offline.",
    subcommands = AttestCommand.Verify.class)
final class AttestCommand {
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Verify a quote, report or attestation document; exit 0 if genuine (and admitted by"
              + " --policy), 1 if not.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "Evidence file (raw bytes; see --base64)")
    Path file;

    @Option(names = "--type", required = true, description = "tdx, sgx, snp or nitro")
    String type;

    @Option(
        names = "--trust",
        required = true,
        description = "Folder of vendor root certificates (pinned by fingerprint)")
    Path trust;

    /** Where Intel collateral comes from: offline files, or a PCS/PCCS. */
    static final class IntelSource {
      @Option(names = "--collateral", description = "Intel collateral file or folder (repeatable)")
      List<Path> files = List.of();

      @Option(
          names = "--pccs",
          description =
              "Intel PCS or a PCCS (v4 API) base URL, e.g. https://pccs.example:8081/ or "
                  + "https://api.trustedservices.intel.com/; what it serves is verified")
      URI pccs;
    }

    @ArgGroup(exclusive = true)
    IntelSource intel = new IntelSource();

    @Option(
        names = "--kds",
        description =
            "AMD KDS (or a mirror) base URL for SNP VCEKs, chains and CRLs, e.g."
                + " https://kdsintf.amd.com; default: the trust folder only")
    URI kds;

    @Option(
        names = "--policy",
        description =
            "Workload policy JSON (as for `dooor policy set`) to judge the verified claims")
    Path policy;

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
      Policy judge = policy == null ? null : readPolicy(when);
      List<EvidenceVerifier> verifiers = verifiers(Clock.fixed(when, ZoneOffset.UTC));
      if ((tee == TeeType.TDX || tee == TeeType.SGX) && !json) {
        printChecks(((DcapEvidenceVerifier) verifiers.get(0)).inspect(evidence, when));
      }
      VerifiedEvidence v;
      try {
        v = new AttestationVerifier(verifiers).verify(tee, evidence, when);
      } catch (EvidenceException e) {
        report(false, null, e.failedChecks(), null);
        return 1;
      }
      List<String> refused = judge == null ? List.of() : PolicyEvaluator.failures(judge, v);
      report(refused.isEmpty(), v, refused, judge);
      return refused.isEmpty() ? 0 : 1;
    }

    /** The collateral sources judge freshness at the verification instant too ({@code clock}). */
    private List<EvidenceVerifier> verifiers(Clock clock) throws Exception {
      return HardwareVerifiers.create(trust, intel.files, intel.pccs, kds, clock);
    }

    private Policy readPolicy(Instant when) throws Exception {
      String name = policy.getFileName().toString().replaceFirst("\\.json$", "");
      try {
        Dto.PolicyBody body = Json.read(Files.readAllBytes(policy), Dto.PolicyBody.class);
        return PolicyBodies.spec(name.isBlank() ? "offline" : name, body).draft(when);
      } catch (ApiProblem e) {
        throw new ParameterException(
            spec.commandLine(),
            "bad policy "
                + policy
                + (e.field() == null ? "" : " (field " + e.field() + ")")
                + ": "
                + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "bad policy " + policy + ": " + e.getMessage());
      }
    }

    private static void printChecks(QuoteReport r) {
      for (Check c : r.checks()) {
        Output.line((c.passed() ? "  pass  " : "  FAIL  ") + c.name() + ": " + c.detail());
      }
    }

    private void report(boolean ok, VerifiedEvidence v, List<String> failed, Policy judged) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("verdict", ok ? "valid" : v == null ? "invalid" : "refused by policy");
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
      if (judged != null) {
        out.put("policy", judged.workload());
      }
      out.put("failed_checks", failed);
      if (json) {
        Output.json(out);
        return;
      }
      out.forEach((k, val) -> Output.line(k + ": " + val));
    }
  }
}
