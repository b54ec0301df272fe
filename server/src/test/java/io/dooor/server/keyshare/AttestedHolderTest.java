package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.attestation.sim.SimEvidenceVerifier;
import io.dooor.attestation.sim.SimTee;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Policy;
import io.dooor.core.PolicySpec;
import io.dooor.core.ReportDataBinding;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.keyshare.HolderAttestationWire;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.keyshare.KeyShareServer;
import io.dooor.server.KeyShareFolder;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.KeyShare;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One holder with a control-plane policy on a real socket, asked by the control plane's {@link
 * HolderAttestations}: derivations are refused (403) until the control plane has presented sim
 * evidence that passes the policy; then the holder's own evidence passes the holder policy and it
 * answers; a control plane presenting another measurement is refused (and derivations with it); a
 * challenge answers one attestation only.
 */
class AttestedHolderTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final Clock clock = Clock.systemUTC();
  private final SimTee root = SimTee.generate(clock);
  private final EvidenceVerifier verifier =
      new AttestationVerifier(
          List.of(new SimEvidenceVerifier(root.rootPublicKey(), Duration.ofMinutes(5))));
  private final Identity cp = Identity.generate();
  private final HttpClient http = HttpKeyShareTransport.client(TIMEOUT);

  private static Policy sim(String name, Bytes measurement) {
    return new PolicySpec(
            name,
            Set.of(TeeType.SIM),
            Map.of("MEASUREMENT", Set.of(measurement.hex())),
            Map.of(),
            Set.of("NotApplicable"),
            false,
            Duration.ofSeconds(60),
            Duration.ofSeconds(60))
        .draft(Instant.now());
  }

  @Test
  void derivationsWaitForTheControlPlanesEvidenceAndChallengesAreOneTime(@TempDir Path dir)
      throws Exception {
    KeyShare share = KeyShareFolder.open(dir).loadOrGenerate().get(0);
    try (KeyShareServer holder =
        HolderProcess.create(
                share,
                cp.principal(),
                clock,
                SimControlPlaneTee.holder(
                    root, share.index(), SimControlPlaneTee.HOLDER_MEASUREMENT),
                sim("control-plane", SimControlPlaneTee.CONTROL_PLANE_MEASUREMENT),
                verifier)
            .start("127.0.0.1", 0)) {
      URI url = URI.create("http://127.0.0.1:" + holder.port());
      HttpKeyShareTransport transport = HttpKeyShareTransport.create(url, cp, TIMEOUT);
      Bytes request =
          DeriveShareRequest.of(
                  Bytes.empty(),
                  Bytes.empty(),
                  Bytes.empty(),
                  TransportSecretKey.generate().publicKey())
              .toBytes();
      assertThatThrownBy(() -> transport.exchange(request))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("has not presented evidence");

      // a control plane presenting another measurement is refused, named by the holder
      HolderAttestations impostor =
          attestations(
              share, url, SimControlPlaneTee.holder(root, 9, Bytes.fromHex("0c".repeat(48))));
      impostor.round();
      assertThat(impostor.standings().get(share.index()).reason())
          .contains("HTTP 422")
          .contains("policy-refused");
      assertThatThrownBy(() -> transport.exchange(request)).hasMessageContaining("HTTP 403");

      HolderAttestations attested = attestations(share, url, SimControlPlaneTee.of(root));
      attested.round();
      HolderAttestations.Standing s = attested.standings().get(share.index());
      assertThat(s.admittedAt(Instant.now())).as(s.describe()).isTrue();
      attested.require(share.index());
      assertThat(transport.exchange(request).length()).isGreaterThan(0);

      // one challenge, one attestation
      RequestSigner signer = new RequestSigner(cp);
      URI challengeUri = url.resolve(HolderAttestationWire.CHALLENGE_PATH);
      HttpRequest.Builder get = HttpRequest.newBuilder(challengeUri).GET();
      signer.sign("GET", challengeUri, Bytes.empty()).forEach(get::header);
      Bytes challenge =
          HolderAttestationWire.Challenge.parse(
              http.send(get.build(), HttpResponse.BodyHandlers.ofByteArray()).body());
      Bytes evidence =
          SimControlPlaneTee.of(root)
              .evidence(ReportDataBinding.expected(challenge, cp.publicKeySpki()));
      byte[] body =
          HolderAttestationWire.Request.of(Bytes.of(new byte[32]), challenge, TeeType.SIM, evidence)
              .toJson();
      assertThat(post(signer, url, body).statusCode()).isEqualTo(200);
      HttpResponse<String> replay = post(signer, url, body);
      assertThat(replay.statusCode()).isBetween(400, 499);
      assertThat(replay.body()).contains("challenge-missing");
    }
  }

  private HttpResponse<String> post(RequestSigner signer, URI url, byte[] body) throws Exception {
    URI uri = url.resolve(HolderAttestationWire.ATTEST_PATH);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signer.sign("POST", uri, Bytes.of(body)).forEach(req::header);
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HolderAttestations attestations(KeyShare share, URI url, SimControlPlaneTee cpTee) {
    return new HolderAttestations(
        new HolderSet(
            Map.of(share.index(), url),
            sim("keyshare-holders", SimControlPlaneTee.HOLDER_MEASUREMENT),
            1,
            Set.of(share.index())),
        verifier,
        share.publicKey(),
        cp,
        cpTee,
        http,
        TIMEOUT,
        clock);
  }
}
