package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.agent.tee.HolderTsmFixture;
import io.dooor.attestation.AttestationVerifier;
import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.intel.OfflineCollateralBundle;
import io.dooor.attestation.pki.PkiVectors;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Policy;
import io.dooor.core.PolicySpec;
import io.dooor.core.ReportDataBinding;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import io.dooor.keyshare.HolderAttestationWire;
import io.dooor.keyshare.HolderTee;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.keyshare.KeyShareServer;
import io.dooor.server.KeyShareFolder;
import io.dooor.server.keyshare.HolderProcess;
import io.dooor.server.keyshare.PeerEvidence;
import io.dooor.vetkd.threshold.KeyShare;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key-share holder with hardware evidence ({@code keyshare start --evidence tsm --tee-type tdx}),
 * NOT run on TEE hardware: the holder's real code path (KeyShareServer over HTTP, {@link
 * HolderEvidence} over the agent's configfs-tsm source) runs against the documented configfs-tsm
 * interface in a temp folder, served by the agent's FakeTsmKernel, which answers with a TDX quote
 * recorded on real hardware carrying the report data written to inblob. The holder writes exactly
 * the binding its sim evidence carries (ReportDataBinding of the control plane's nonce and its
 * public key share); the control plane's real DCAP verifier then judges that evidence against a TDX
 * holder policy and refuses it naming the signature (the fake kernel cannot sign a quote for new
 * report data), while the recorded quote itself, over its own report data, passes the same verifier
 * and policy.
 */
class HolderEvidenceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void aHolderInATdxGuestWritesItsBindingToConfigfsTsmAndTheRealVerifierJudgesIt()
      throws Exception {
    Path root = Files.createDirectories(dir.resolve("tsm/report"));
    List<Bytes> inblobs = new CopyOnWriteArrayList<>();
    HolderTee tee = HolderEvidence.of(HolderTsmFixture.tdx(root, inblobs));
    assertThat(tee.type()).isEqualTo(TeeType.TDX);
    KeyShare share = KeyShareFolder.open(dir.resolve("data")).loadOrGenerate().get(0);
    Identity cp = Identity.generate();
    Clock clock =
        Clock.systemUTC(); // signed requests are fresh now; the quote is judged at its time
    EvidenceVerifier dcap = dcap();
    try (KeyShareServer holder =
        HolderProcess.create(share, cp.principal(), clock, tee, null, dcap).start("127.0.0.1", 0)) {
      URI url = URI.create("http://127.0.0.1:" + holder.port());
      Bytes nonce = Bytes.of(new SecureRandom().generateSeed(32));
      HttpResponse<byte[]> res = attest(cp, url, nonce);
      assertThat(res.statusCode()).isEqualTo(200);
      HolderAttestationWire.Verified answer = HolderAttestationWire.Answer.parse(res.body());
      Bytes key = share.publicKey().publicKeyShareBytes(share.index());
      Bytes expected = ReportDataBinding.expected(nonce, key);
      assertThat(answer.type()).isEqualTo(TeeType.TDX);
      assertThat(answer.publicKeyShare()).isEqualTo(key);
      assertThat(inblobs).as("written to configfs-tsm inblob").containsExactly(expected);
      assertThat(answer.evidence().slice(568, 632)).isEqualTo(expected);
      try (var left = Files.list(root)) {
        assertThat(left).as("report entry removed").isEmpty();
      }
      assertThatThrownBy(
              () ->
                  PeerEvidence.judge(
                      dcap,
                      holderPolicy(),
                      answer.type(),
                      answer.evidence(),
                      expected,
                      HolderTsmFixture.TDX_TIME))
          .isInstanceOf(ControlPlaneException.class)
          .hasMessageContaining("tdx evidence does not verify");
    }
  }

  @Test
  void theRecordedQuotePassesTheRealVerifierAndTheTdxHolderPolicy() throws Exception {
    VerifiedEvidence v =
        PeerEvidence.judge(
            dcap(),
            holderPolicy(),
            TeeType.TDX,
            HolderTsmFixture.recordedTdxQuote(),
            HolderTsmFixture.recordedTdxReportData(),
            HolderTsmFixture.TDX_TIME);
    assertThat(v.type()).isEqualTo(TeeType.TDX);
    Policy sim =
        new PolicySpec(
                "keyshare-holders",
                Set.of(TeeType.SIM),
                Map.of(),
                Map.of(),
                Set.of("NotApplicable"),
                false,
                Duration.ofSeconds(60),
                Duration.ofSeconds(60))
            .draft(HolderTsmFixture.TDX_TIME);
    assertThatThrownBy(
            () ->
                PeerEvidence.judge(
                    dcap(),
                    sim,
                    TeeType.TDX,
                    HolderTsmFixture.recordedTdxQuote(),
                    HolderTsmFixture.recordedTdxReportData(),
                    HolderTsmFixture.TDX_TIME))
        .hasMessageContaining("refuses tdx evidence");
  }

  private static EvidenceVerifier dcap() throws Exception {
    return new AttestationVerifier(
        List.of(
            new DcapEvidenceVerifier(
                OfflineCollateralBundle.load(List.of(HolderTsmFixture.tdxDir())),
                PkiVectors.anchors())));
  }

  /** A TDX holder policy whose reference MRTD and TCB status are the recorded quote's. */
  private static Policy holderPolicy() throws Exception {
    VerifiedEvidence v =
        dcap().verify(TeeType.TDX, HolderTsmFixture.recordedTdxQuote(), HolderTsmFixture.TDX_TIME);
    return new PolicySpec(
            "keyshare-holders",
            Set.of(TeeType.TDX),
            Map.of("MRTD", Set.of(v.measurements().get("MRTD"))),
            Map.of(),
            Set.of(v.tcbStatus()),
            v.debug(),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60))
        .draft(HolderTsmFixture.TDX_TIME);
  }

  private static HttpResponse<byte[]> attest(Identity cp, URI url, Bytes nonce) throws Exception {
    URI uri = url.resolve(HolderAttestationWire.ATTEST_PATH);
    byte[] body = HolderAttestationWire.Request.of(nonce).toJson();
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    new RequestSigner(cp).sign("POST", uri, Bytes.of(body)).forEach(req::header);
    HttpClient http = HttpKeyShareTransport.client(TIMEOUT);
    return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
