package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.SealingKeys;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKey;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/sealing-keys (issue 12) over signed HTTP against the embedded threshold key service: the
 * released vetKey decrypts and verifies on the client under its input, is the same for the same
 * measurements and workload and another for another measurement or workload, and is refused for
 * report data that does not bind the transport key, for sim evidence under the production policy,
 * and for malformed fields (400 naming the field); every request is recorded as key.seal.
 */
class SealingKeyHttpTest extends SimPlaneHttpFixture {
  static final Bytes M1 = Bytes.fromHex("a1".repeat(48));
  static final Bytes M2 = Bytes.fromHex("b2".repeat(48));

  /** A signer holding no role: the evidence authenticates the request. */
  ApiClient signer() {
    return new ApiClient(url, Identity.generate());
  }

  /** Sim evidence measuring {@code m} whose report data is {@code reportData}. */
  Bytes evidence(Bytes reportData, Bytes m) {
    return d.simTee().orElseThrow().report(reportData, m, Bytes.of(new byte[16]), false).encode();
  }

  Dto.SealingKeyRequest request(String workload, Bytes m, TransportSecretKey tsk) {
    Bytes tpk = tsk.publicKey().toBytes();
    return new Dto.SealingKeyRequest(
        workload, "sim", evidence(SealingKeys.reportData(tpk), m).base64(), tpk.base64());
  }

  VetKey seal(String workload, Bytes m) throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    Dto.SealingKeyView v =
        signer().post("/v1/sealing-keys", request(workload, m, tsk), Dto.SealingKeyView.class);
    assertThat(new String(Bytes.fromBase64(v.context()).toArray(), StandardCharsets.UTF_8))
        .isEqualTo("dooor/seal");
    Bytes input = Bytes.fromBase64(v.input());
    assertThat(input).isEqualTo(SealingKeys.input(workload, Map.of("MEASUREMENT", m.hex())));
    return EncryptedVetKey.parse(Bytes.fromBase64(v.encryptedKey()))
        .decryptAndVerify(
            tsk, DerivedPublicKey.parse(Bytes.fromBase64(v.derivedPublicKey())), input);
  }

  @Test
  void sameMeasurementsSameKeyAnotherMeasurementOrWorkloadAnotherKey() throws Exception {
    policy("w2");
    VetKey a = seal("w", M1);
    assertThat(seal("w", M1)).as("same measurements, new transport key").isEqualTo(a);
    assertThat(seal("w", M2)).isNotEqualTo(a);
    assertThat(seal("w2", M1)).isNotEqualTo(a);
    Event e = lastEvent();
    assertThat(e.action()).isEqualTo("key.seal");
    assertThat(e.outcome()).isEqualTo(Event.Outcome.OK);
    assertThat(e.subject()).isEqualTo("seal:w2");
    assertThat(e.details()).containsEntry("rule", "sealing-key").containsEntry("tee", "sim");
  }

  @Test
  void reportDataThatDoesNotBindTheTransportKeyIsRefusedAndRecorded() {
    TransportSecretKey tsk = TransportSecretKey.generate();
    Bytes other = TransportSecretKey.generate().publicKey().toBytes();
    Dto.SealingKeyRequest r =
        new Dto.SealingKeyRequest(
            "w",
            "sim",
            evidence(SealingKeys.reportData(other), M1).base64(),
            tsk.publicKey().toBytes().base64());
    ApiException e = refused(r);
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.code()).isEqualTo("binding-mismatch");
    assertThat(e.failedChecks()).containsExactly("seal_report_data_binding");
    Event recorded = lastEvent();
    assertThat(recorded.action()).isEqualTo("key.seal");
    assertThat(recorded.outcome()).isEqualTo(Event.Outcome.REFUSED);
    assertThat(recorded.reason()).startsWith("binding-mismatch");
  }

  @Test
  void simEvidenceIsRefusedUnderTheProductionPolicy() {
    ApiException e = refused(request("unset", M1, TransportSecretKey.generate()));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.code()).isEqualTo("policy-refused");
    assertThat(e.failedChecks()).anyMatch(c -> c.startsWith("tee_type: sim"));
  }

  @Test
  void malformedFieldsAre400NamingTheFieldAndRecorded() throws Exception {
    Dto.SealingKeyRequest good = request("w", M1, TransportSecretKey.generate());
    Map<String, Dto.SealingKeyRequest> bad =
        Map.of(
            "workload",
            new Dto.SealingKeyRequest(null, "sim", good.evidence(), good.transportPublicKey()),
            "tee_type",
            new Dto.SealingKeyRequest("w", "tpm", good.evidence(), good.transportPublicKey()),
            "evidence",
            new Dto.SealingKeyRequest("w", "sim", "not base64!", good.transportPublicKey()),
            "transport_public_key",
            new Dto.SealingKeyRequest(
                "w", "sim", good.evidence(), Bytes.of(new byte[48]).base64()));
    for (Map.Entry<String, Dto.SealingKeyRequest> c : bad.entrySet()) {
      long before = events();
      HttpResponse<byte[]> res = signer().raw("POST", "/v1/sealing-keys", Json.write(c.getValue()));
      assertThat(res.statusCode()).as(c.getKey()).isEqualTo(400);
      Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
      assertThat(p.field()).as(c.getKey()).isEqualTo(c.getKey());
      assertThat(events()).as(c.getKey()).isEqualTo(before + 1);
      assertThat(lastEvent().action()).as(c.getKey()).isEqualTo("key.seal");
    }
    ApiException garbage =
        refused(new Dto.SealingKeyRequest("w", "sim", "AAAA", good.transportPublicKey()));
    assertThat(garbage.status()).isEqualTo(422);
    assertThat(garbage.code()).isEqualTo("evidence-invalid");
  }

  void policy(String workload) throws Exception {
    admin.put(
        "/v1/policies/" + workload,
        new Dto.PolicyBody(
            List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L),
        Dto.PolicyView.class);
  }

  ApiException refused(Dto.SealingKeyRequest r) {
    try {
      signer().post("/v1/sealing-keys", r, Dto.SealingKeyView.class);
    } catch (ApiException e) {
      return e;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("sealing key released");
  }
}
