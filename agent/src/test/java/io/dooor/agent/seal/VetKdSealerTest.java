package io.dooor.agent.seal;

import static io.dooor.agent.seal.SimSealerTest.SECRET;
import static io.dooor.agent.seal.SimSealerTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dooor.agent.EvidenceSource;
import io.dooor.agent.SimEvidenceSource;
import io.dooor.agent.seal.SealingException.Reason;
import io.dooor.attestation.sim.SimEvidenceVerifier;
import io.dooor.attestation.sim.SimTee;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * vetKD sealing end to end with real cryptography: sim evidence verified by the real sim verifier,
 * vetKeys from a real in-process 2-of-3 vetKD service, decrypt-and-verify in the agent. The same
 * measurement unseals with fresh transport keys; another measurement does not, even with the blob's
 * stored input rewritten; a changed policy, deployment key or lying answer is refused.
 */
class VetKdSealerTest {
  private static final String WORKLOAD = "payments";
  private final SimTee tee = SimTee.generate(Clock.systemUTC());
  private VetKdService vetkd;
  private FakeSealingControlPlane plane;

  @BeforeEach
  void start() throws Exception {
    vetkd = VetKdService.inProcess(2, 3);
    plane = controlPlane(vetkd);
    plane.allowedMeasurements.add(measurement(1).hex());
    plane.allowedMeasurements.add(measurement(2).hex());
  }

  @AfterEach
  void stop() {
    vetkd.close();
  }

  @Test
  void theSameMeasurementUnsealsWithFreshTransportKeys() throws Exception {
    Bytes sealed = sealer(1, plane).seal(SECRET);
    assertThat(sealer(1, plane).unseal(sealed)).isEqualTo(SECRET);
    assertThat(plane.requests.get(0).get("transport_public_key").asText())
        .isNotEqualTo(plane.requests.get(1).get("transport_public_key").asText());
  }

  @Test
  void theRequestIsTheWireContract() throws Exception {
    sealer(1, plane).seal(SECRET);
    var body = plane.requests.get(0);
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder("workload", "tee_type", "evidence", "transport_public_key");
    assertThat(body.get("workload").asText()).isEqualTo(WORKLOAD);
    assertThat(body.get("tee_type").asText()).isEqualTo("sim");
    assertThat(Bytes.fromBase64(body.get("transport_public_key").asText()).length()).isEqualTo(48);
  }

  @Test
  void anotherMeasurementDoesNotUnseal() throws Exception {
    Bytes sealed = sealer(1, plane).seal(SECRET);
    assertRefused(sealer(2, plane), sealed, Reason.MEASUREMENT_CHANGED);
  }

  @Test
  void anotherMeasurementDoesNotUnsealEvenWithTheStoredInputRewritten() throws Exception {
    Bytes sealed = sealer(1, plane).seal(SECRET);
    Bytes other =
        FakeSealingControlPlane.input(WORKLOAD, Map.of("MEASUREMENT", measurement(2).hex()));
    byte[] forged = sealed.toArray();
    int inputAt =
        indexOf(
            forged,
            FakeSealingControlPlane.input(WORKLOAD, Map.of("MEASUREMENT", measurement(1).hex()))
                .toArray());
    System.arraycopy(other.toArray(), 0, forged, inputAt, other.length());
    assertRefused(sealer(2, plane), Bytes.of(forged), Reason.UNSEAL_FAILED);
  }

  @Test
  void aMeasurementRemovedFromThePolicyGetsNoKey() throws Exception {
    Bytes sealed = sealer(1, plane).seal(SECRET);
    plane.allowedMeasurements.remove(measurement(1).hex());
    assertRefused(sealer(1, plane), sealed, Reason.KEY_REFUSED);
  }

  @Test
  void anotherDeploymentKeyIsRefusedByName() throws Exception {
    Bytes sealed = sealer(1, plane).seal(SECRET);
    try (VetKdService other = VetKdService.inProcess(2, 3)) {
      FakeSealingControlPlane otherPlane = controlPlane(other);
      otherPlane.allowedMeasurements.add(measurement(1).hex());
      assertRefused(sealer(1, otherPlane), sealed, Reason.KEY_CHANGED);
    }
  }

  @Test
  void anAnswerThatDoesNotVerifyIsRefused() throws Exception {
    SealingKeyApi lying =
        req -> {
          Dto.SealingKeyView v = plane.sealingKey(req);
          Bytes input = Bytes.fromBase64(v.input());
          byte[] flipped = input.toArray();
          flipped[flipped.length - 1] ^= 1;
          return new Dto.SealingKeyView(
              v.context(), Bytes.of(flipped).base64(), v.encryptedKey(), v.derivedPublicKey());
        };
    assertThatThrownBy(() -> new VetKdSealer(WORKLOAD, source(1), lying).seal(SECRET))
        .isInstanceOfSatisfying(
            SealingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_INVALID));
    SealingKeyApi otherWorkload =
        req ->
            plane.sealingKey(
                new Dto.SealingKeyRequest(
                    "other", req.teeType(), req.evidence(), req.transportPublicKey()));
    assertThatThrownBy(() -> new VetKdSealer(WORKLOAD, source(1), otherWorkload).seal(SECRET))
        .isInstanceOfSatisfying(
            SealingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_INVALID))
        .hasMessageContaining("not for workload");
  }

  @Test
  void aControlPlaneThatCannotAnswerNowIsAnIoFailure() {
    plane.failWith = 503;
    assertThatThrownBy(() -> sealer(1, plane).seal(SECRET)).isInstanceOf(IOException.class);
  }

  @Test
  void overHttpTheCallIsASignedPostOfTheContract() throws Exception {
    List<String> seen = new ArrayList<>();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        SealingKeyApi.PATH,
        exchange -> {
          seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          seen.add(String.valueOf(exchange.getRequestHeaders().containsKey("Signature")));
          byte[] body = exchange.getRequestBody().readAllBytes();
          byte[] answer;
          int status = 200;
          try {
            answer = Json.write(plane.sealingKey(Json.read(body, Dto.SealingKeyRequest.class)));
          } catch (Exception e) {
            status = 500;
            answer = new byte[0];
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    http.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
      SealingKeyApi api = SealingKeyApi.over(base);
      Bytes sealed = new VetKdSealer(WORKLOAD, source(1), api).seal(SECRET);
      assertThat(new VetKdSealer(WORKLOAD, source(1), SealingKeyApi.over(base)).unseal(sealed))
          .isEqualTo(SECRET);
    } finally {
      http.stop(0);
    }
    assertThat(seen).startsWith("POST /v1/sealing-keys", "true");
  }

  private VetKdSealer sealer(int m, SealingKeyApi api) {
    return new VetKdSealer(WORKLOAD, source(m), api);
  }

  private EvidenceSource source(int m) {
    return new SimEvidenceSource(tee, measurement(m), Bytes.of(new byte[16]), false);
  }

  private FakeSealingControlPlane controlPlane(VetKdService service) {
    return new FakeSealingControlPlane(
        service, new SimEvidenceVerifier(tee.rootPublicKey(), Duration.ofMinutes(5)));
  }

  private static Bytes measurement(int tag) {
    byte[] m = new byte[48];
    m[0] = (byte) tag;
    return Bytes.of(m);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (ByteBuffer.wrap(haystack, i, needle.length).equals(ByteBuffer.wrap(needle))) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
