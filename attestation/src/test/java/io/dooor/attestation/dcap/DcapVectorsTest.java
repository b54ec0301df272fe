package io.dooor.attestation.dcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.attestation.dcap.DcapVectors.Sample;
import io.dooor.attestation.pki.TrustAnchors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every Intel sample gives exactly its manifest's verdict at its verification_time: verdict, TCB
 * status, advisories, debug, and the failing check(s) (also each check the manifest's helper ran).
 * All failures are collected and reported at once.
 */
class DcapVectorsTest {
  /** The manifest helper's check names, by prefix, onto ours. */
  private static final Map<String, String> HELPER_TO_OURS =
      Map.ofEntries(
          Map.entry("quote_signature", "quote_signature"),
          Map.entry("qe_report_signature", "qe_report_signature"),
          Map.entry("qe_report_data_binds_attestation_key", "qe_report_data_binds_attestation_key"),
          Map.entry("pck_chain", "pck_chain"),
          Map.entry("pck_crl_signed_by_pck_ca", "pck_chain"),
          Map.entry("pck_crl_issuer_matches_pck_ca", "pck_crl_issuer_matches_pck_ca"),
          Map.entry("pck_leaf_not_revoked", "pck_revoked"),
          Map.entry("pck_ca_not_revoked_by_root_crl", "pck_revoked"),
          Map.entry("root_ca_crl_signed_by_root", "tcb_info_issuer_chain"),
          Map.entry("tcb_info_issuer_chain", "tcb_info_issuer_chain"),
          Map.entry("tcb_info_signature", "tcb_info_signature"),
          Map.entry("qe_identity_issuer_chain", "qe_identity_issuer_chain"),
          Map.entry("qe_identity_signature", "qe_identity_signature"),
          Map.entry("tcb_info_fmspc_matches_pck", "tcb_info_fmspc_matches_pck"),
          Map.entry("tcb_info_pceid_matches_pck", "tcb_info_pceid_matches_pck"),
          Map.entry("qe_identity_match", "qe_identity_match"));

  @Test
  void everyIntelSampleGivesItsManifestVerdict() throws Exception {
    TrustAnchors anchors = DcapVectors.anchors();
    List<String> failures = new ArrayList<>();
    List<Sample> samples = DcapVectors.all();
    for (Sample s : samples) {
      DcapEvidenceVerifier v = new DcapEvidenceVerifier(s.collateral(), anchors);
      QuoteReport r = v.inspect(s.quote(), s.at());
      try {
        judge(s, r, failures);
      } catch (RuntimeException e) {
        failures.add(s.name() + ": " + e);
      }
    }
    assertTrue(samples.size() >= 13, "expected the 13 Intel samples, found " + samples.size());
    assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
  }

  private static void judge(Sample s, QuoteReport r, List<String> failures) {
    Set<String> failed = new TreeSet<>(r.failedChecks());
    String verdict = s.verdict();
    JsonNode ev = s.manifest().path("expected_verdict");
    if (s.negative()) {
      Set<String> want = mentioned(s.manifest().path("expected_failing_check").asText());
      expect(
          s,
          !r.passed() && failed.containsAll(want) && !want.isEmpty(),
          "must fail " + want + ", failed " + failed,
          failures);
    } else if (verdict.startsWith("valid for quote signature")) {
      Set<String> want =
          Set.of(
              "quote_signature",
              "qe_report_signature",
              "qe_report_data_binds_attestation_key",
              "pck_chain");
      boolean ok =
          want.stream().allMatch(c -> passed(r, c))
              && failed.equals(Set.of("collateral_available"));
      expect(
          s,
          ok,
          "chain-only sample: want "
              + want
              + " passed and only collateral_available"
              + " failed; failed "
              + failed,
          failures);
    } else if (verdict.contains("no matching TCB")
        || ev.path("tcb_status").asText().contains("no matching TCB")) {
      expect(
          s,
          failed.equals(Set.of("tcb_level_match")),
          "must fail exactly tcb_level_match, failed " + failed,
          failures);
    } else {
      String status =
          ev.has("tcb_status")
              ? ev.get("tcb_status").asText()
              : s.manifest().at("/tcb_evaluation/platform_tcb_status").asText();
      expect(s, r.passed(), "must verify, failed " + failed + " " + r.checks(), failures);
      r.verified()
          .ifPresent(
              q -> {
                expect(
                    s,
                    q.tcbStatus().wireName().equals(status),
                    "TCB status " + q.tcbStatus().wireName() + ", want " + status,
                    failures);
                List<String> adv = strings(s.manifest().at("/tcb_evaluation/advisory_ids"));
                expect(
                    s,
                    new TreeSet<>(q.advisoryIds()).equals(new TreeSet<>(adv)),
                    "advisories " + q.advisoryIds() + ", want " + adv,
                    failures);
                boolean debug = verdict.contains("DEBUG");
                expect(s, q.debug() == debug, "debug " + q.debug() + ", want " + debug, failures);
              });
    }
    helperChecks(s, r, failures);
  }

  /**
   * The manifest helper's checks, grouped onto ours: ours fails exactly when one of the helper's
   * checks it covers failed (our "pck_chain" covers every link of the helper's chain checks).
   */
  private static void helperChecks(Sample s, QuoteReport r, List<String> failures) {
    Map<String, Boolean> want = new java.util.TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it =
            s.manifest().path("checks_run_by_helper").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String ours = ours(e.getKey());
      if (ours != null) {
        want.merge(ours, e.getValue().asText().startsWith("FAIL"), Boolean::logicalOr);
      }
    }
    want.forEach(
        (ours, fail) ->
            expect(
                s,
                fail == r.failedChecks().contains(ours),
                "helper says "
                    + ours
                    + (fail ? " fails" : " passes")
                    + ", ours "
                    + (r.failedChecks().contains(ours) ? "failed" : "did not fail"),
                failures));
  }

  private static String ours(String helper) {
    return HELPER_TO_OURS.entrySet().stream()
        .filter(e -> helper.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  private static Set<String> mentioned(String text) {
    Set<String> out = new TreeSet<>();
    for (String word : text.split("[^A-Za-z0-9_\\[\\]]+")) {
      String o = ours(word);
      if (o != null) {
        out.add(o);
      }
    }
    if (text.contains("quote signature also fails")) {
      out.add("quote_signature");
    }
    return out;
  }

  private static boolean passed(QuoteReport r, String name) {
    return r.checks().stream().anyMatch(c -> c.name().equals(name) && c.passed());
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static void expect(Sample s, boolean ok, String what, List<String> failures) {
    if (!ok) {
      failures.add(s.name() + ": " + what);
    }
  }

  @Test
  void sampleCountIsStable() throws Exception {
    assertEquals(13, DcapVectors.all().size());
  }
}
