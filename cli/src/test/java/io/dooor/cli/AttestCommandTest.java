package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dooor.attestation.intel.PccsFixture;
import io.dooor.common.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dooor attest verify} on real vendor evidence: Intel collateral from an offline bundle or
 * from a PCCS on loopback serving the real PCS responses, judged by a workload policy file.
 */
class AttestCommandTest {
  private static final String UPTODATE = "tdx/dcap-qvl-tdx-v4-uptodate";
  private static final String UPTODATE_AT = "2025-07-04T10:16:31Z";
  private static final String DEBUG_TD = "tdx/trustee-tdx-v4-debug-td";
  private static final String DEBUG_TD_AT = "2023-06-28T08:03:58Z";

  @TempDir Path tmp;
  private Path root;

  @BeforeEach
  void vectors() {
    root = Path.of(System.getProperty("dooor.vectors", "../shared/vectors"), "attestation");
    assumeTrue(Files.isDirectory(root.resolve(UPTODATE)), "no attestation vectors at " + root);
  }

  private CliRun verifyUpToDate(String... extra) {
    String[] base = {
      "attest",
      "verify",
      root.resolve(UPTODATE).resolve("tdx_quote").toString(),
      "--type",
      "tdx",
      "--trust",
      root.resolve("roots").toString(),
      "--collateral",
      root.resolve(UPTODATE).resolve("tdx_quote_collateral.json").toString(),
      "--at",
      UPTODATE_AT
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliRun.of(all);
  }

  private Path policy(String name, String json) throws Exception {
    Path p = tmp.resolve(name + ".json");
    Files.writeString(p, json);
    return p;
  }

  @Test
  void genuineQuoteWithOfflineCollateralPrintsEveryCheckAndTheClaims() {
    CliRun r = verifyUpToDate();
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("  pass  quote_signature")
        .contains("verdict: valid")
        .contains("tcb_status: UpToDate")
        .contains("MRTD=");
  }

  @Test
  void policyAdmittingTheClaimsKeepsTheVerdictAndAWrongMrtdIsNamed() throws Exception {
    Path open = policy("tdx-any", "{\"allowed_tee_types\":[\"tdx\"]}");
    CliRun ok = verifyUpToDate("--policy", open.toString(), "--json");
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("\"policy\":\"tdx-any\"").contains("\"failed_checks\":[]");

    Path strict =
        policy(
            "strict",
            "{\"allowed_tee_types\":[\"tdx\"],\"reference_values\":{\"MRTD\":[\""
                + "00".repeat(48)
                + "\"]}}");
    CliRun refused = verifyUpToDate("--policy", strict.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("verdict: refused by policy").contains("MRTD");
  }

  @Test
  void malformedPolicyIsAUsageErrorNamingTheField() throws Exception {
    Path bad = policy("bad", "{\"reference_values\":{}}");
    CliRun r = verifyUpToDate("--policy", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("allowed_tee_types");
  }

  @Test
  void collateralFromAPccsVerifiesAndTheDefaultPolicyShapeRefusesTheDebugTd() throws Exception {
    Path sample = root.resolve(DEBUG_TD);
    try (PccsFixture pccs = PccsFixture.start(sample, Bytes.fromHex("50806f000000"))) {
      String[] args = {
        "attest",
        "verify",
        sample.resolve("tdx_quote_4.dat").toString(),
        "--type",
        "tdx",
        "--trust",
        root.resolve("roots").toString(),
        "--pccs",
        pccs.base().toString(),
        "--at",
        DEBUG_TD_AT
      };
      CliRun plain = CliRun.of(args);
      assertThat(plain.exit()).as(plain.out() + plain.err()).isZero();
      assertThat(plain.out()).contains("verdict: valid").contains("debug: true");
      assertThat(pccs.totalHits()).isEqualTo(4);

      Path noDebug = policy("no-debug", "{\"allowed_tee_types\":[\"tdx\"]}");
      String[] judged = java.util.Arrays.copyOf(args, args.length + 2);
      judged[args.length] = "--policy";
      judged[args.length + 1] = noDebug.toString();
      CliRun refused = CliRun.of(judged);
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.out()).contains("refused by policy").contains("debug");
    }
  }

  @Test
  void pccsAndOfflineCollateralAreExclusive() {
    CliRun r = verifyUpToDate("--pccs", "http://127.0.0.1:9/");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("mutually exclusive");
  }
}
