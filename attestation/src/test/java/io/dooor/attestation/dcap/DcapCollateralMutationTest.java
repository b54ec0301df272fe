package io.dooor.attestation.dcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dooor.attestation.dcap.DcapVectors.Sample;
import io.dooor.attestation.intel.CollateralRequest;
import io.dooor.attestation.intel.IntelCollateral;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * One-byte mutations (xor 0x01) at a stride through every collateral item of the two valid dcap-qvl
 * samples: TCB info and QE identity bodies and signatures, issuer chains, PCK and root CRLs. Each
 * must be refused, naming a check that guards the item.
 */
class DcapCollateralMutationTest {
  private record Item(
      String name,
      int stride,
      Set<String> guards,
      java.util.function.Function<IntelCollateral, Bytes> get,
      BiFunction<IntelCollateral, Bytes, IntelCollateral> set) {}

  private static final Set<String> ROOT_CRL_GUARDS =
      Set.of(
          "root_ca_crl_format",
          "root_ca_crl_issuer",
          "tcb_info_issuer_chain",
          "qe_identity_issuer_chain",
          "pck_crl_issuer_chain",
          "pck_chain",
          "pck_crl");

  private static final List<Item> ITEMS =
      List.of(
          new Item(
              "tcb_info",
              11,
              Set.of("tcb_info_signature"),
              IntelCollateral::tcbInfoBody,
              (c, b) ->
                  new IntelCollateral(
                      c.pckCrlIssuerChain(),
                      c.rootCaCrl(),
                      c.pckCrl(),
                      c.tcbInfoIssuerChain(),
                      b,
                      c.tcbInfoSignature(),
                      c.qeIdentityIssuerChain(),
                      c.qeIdentityBody(),
                      c.qeIdentitySignature())),
          new Item(
              "tcb_info_signature",
              2,
              Set.of("tcb_info_signature"),
              IntelCollateral::tcbInfoSignature,
              (c, b) ->
                  new IntelCollateral(
                      c.pckCrlIssuerChain(),
                      c.rootCaCrl(),
                      c.pckCrl(),
                      c.tcbInfoIssuerChain(),
                      c.tcbInfoBody(),
                      b,
                      c.qeIdentityIssuerChain(),
                      c.qeIdentityBody(),
                      c.qeIdentitySignature())),
          new Item(
              "qe_identity",
              7,
              Set.of("qe_identity_signature"),
              IntelCollateral::qeIdentityBody,
              (c, b) ->
                  new IntelCollateral(
                      c.pckCrlIssuerChain(),
                      c.rootCaCrl(),
                      c.pckCrl(),
                      c.tcbInfoIssuerChain(),
                      c.tcbInfoBody(),
                      c.tcbInfoSignature(),
                      c.qeIdentityIssuerChain(),
                      b,
                      c.qeIdentitySignature())),
          new Item(
              "qe_identity_signature",
              2,
              Set.of("qe_identity_signature"),
              IntelCollateral::qeIdentitySignature,
              (c, b) ->
                  new IntelCollateral(
                      c.pckCrlIssuerChain(),
                      c.rootCaCrl(),
                      c.pckCrl(),
                      c.tcbInfoIssuerChain(),
                      c.tcbInfoBody(),
                      c.tcbInfoSignature(),
                      c.qeIdentityIssuerChain(),
                      c.qeIdentityBody(),
                      b)),
          new Item(
              "tcb_info_issuer_chain",
              13,
              Set.of("tcb_info_issuer_chain"),
              IntelCollateral::tcbInfoIssuerChain,
              (c, b) ->
                  new IntelCollateral(
                      c.pckCrlIssuerChain(),
                      c.rootCaCrl(),
                      c.pckCrl(),
                      b,
                      c.tcbInfoBody(),
                      c.tcbInfoSignature(),
                      c.qeIdentityIssuerChain(),
                      c.qeIdentityBody(),
                      c.qeIdentitySignature())),
          new Item(
              "qe_identity_issuer_chain",
              13,
              Set.of("qe_identity_issuer_chain"),
              IntelCollateral::qeIdentityIssuerChain,
              (c, b) ->
                  new IntelCollateral(
                      c.pckCrlIssuerChain(),
                      c.rootCaCrl(),
                      c.pckCrl(),
                      c.tcbInfoIssuerChain(),
                      c.tcbInfoBody(),
                      c.tcbInfoSignature(),
                      b,
                      c.qeIdentityBody(),
                      c.qeIdentitySignature())),
          new Item(
              "pck_crl_issuer_chain",
              13,
              Set.of("pck_crl_issuer_chain"),
              IntelCollateral::pckCrlIssuerChain,
              (c, b) ->
                  new IntelCollateral(
                      b,
                      c.rootCaCrl(),
                      c.pckCrl(),
                      c.tcbInfoIssuerChain(),
                      c.tcbInfoBody(),
                      c.tcbInfoSignature(),
                      c.qeIdentityIssuerChain(),
                      c.qeIdentityBody(),
                      c.qeIdentitySignature())),
          new Item(
              "root_ca_crl",
              2,
              ROOT_CRL_GUARDS,
              IntelCollateral::rootCaCrl,
              (c, b) ->
                  new IntelCollateral(
                      c.pckCrlIssuerChain(),
                      b,
                      c.pckCrl(),
                      c.tcbInfoIssuerChain(),
                      c.tcbInfoBody(),
                      c.tcbInfoSignature(),
                      c.qeIdentityIssuerChain(),
                      c.qeIdentityBody(),
                      c.qeIdentitySignature())),
          new Item(
              "pck_crl",
              9,
              Set.of("pck_crl_format", "pck_crl", "pck_crl_issuer_matches_pck_ca"),
              IntelCollateral::pckCrl,
              (c, b) ->
                  new IntelCollateral(
                      c.pckCrlIssuerChain(),
                      c.rootCaCrl(),
                      b,
                      c.tcbInfoIssuerChain(),
                      c.tcbInfoBody(),
                      c.tcbInfoSignature(),
                      c.qeIdentityIssuerChain(),
                      c.qeIdentityBody(),
                      c.qeIdentitySignature())));

  @Test
  void everyCollateralItemIsGuarded() throws Exception {
    TrustAnchors anchors = DcapVectors.anchors();
    List<String> failures = new ArrayList<>();
    int total = 0;
    for (String name : List.of("dcap-qvl-tdx-v4-uptodate", "dcap-qvl-sgx-v3-swhardening")) {
      Sample s = DcapVectors.named(name);
      QuoteReport base =
          new DcapEvidenceVerifier(s.collateral(), anchors).inspect(s.quote(), s.at());
      assertTrue(base.passed(), name + " must verify unmutated: " + base.failedChecks());
      PckExtensions pck = base.verified().orElseThrow().pck();
      IntelCollateral good =
          s.collateral()
              .collateral(
                  new CollateralRequest(
                      name.contains("tdx"), pck.fmspc(), CollateralRequest.PckCa.PLATFORM));
      java.util.concurrent.atomic.AtomicReference<IntelCollateral> current =
          new java.util.concurrent.atomic.AtomicReference<>();
      DcapEvidenceVerifier v = new DcapEvidenceVerifier(req -> current.get(), anchors);
      for (Item item : ITEMS) {
        byte[] b = item.get().apply(good).toArray();
        for (int i = 0; i < b.length; i += item.stride()) {
          b[i] ^= 1;
          current.set(item.set().apply(good, Bytes.of(b)));
          b[i] ^= 1;
          QuoteReport r = v.inspect(s.quote(), s.at());
          total++;
          if (r.passed() || item.guards().stream().noneMatch(r.failedChecks()::contains)) {
            failures.add(name + " " + item.name() + " @" + i + ": failed " + r.failedChecks());
          }
        }
      }
    }
    assertTrue(total > 1_500, "ran " + total);
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " of "
            + total
            + " mishandled:\n"
            + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
  }
}
