package io.dooor.agent.seal;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.attestation.sim.SimEvidenceVerifier;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.core.SealingKeys;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.VerifiedEvidence;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The control plane's side of {@code POST /v1/sealing-keys} as the wire contract states it, over a
 * real in-process vetKD key service (2-of-3 holders) and the real sim evidence verifier: decode the
 * JSON, verify the evidence, check that its report data binds the transport key, check the
 * measurement against the workload's policy, derive the vetKey for context "dooor/seal" and input
 * UTF-8(workload) || 0x00 || SHA-256(canonical measurements), and answer in JSON. Every request and
 * answer goes through the JSON codec, so the snake_case field names are checked too.
 */
final class FakeSealingControlPlane implements SealingKeyApi {
  static final Bytes CANISTER = Bytes.of("dooor-test-deployment".getBytes(StandardCharsets.UTF_8));
  static final Bytes CONTEXT = Bytes.of(SealingKeys.CONTEXT.getBytes(StandardCharsets.UTF_8));

  final VetKdService vetkd;
  private final SimEvidenceVerifier verifier;
  final Set<String> allowedMeasurements = new CopyOnWriteArraySet<>();
  final List<JsonNode> requests = new ArrayList<>();
  Integer failWith;

  FakeSealingControlPlane(VetKdService vetkd, SimEvidenceVerifier verifier) {
    this.vetkd = vetkd;
    this.verifier = verifier;
  }

  @Override
  public Dto.SealingKeyView sealingKey(Dto.SealingKeyRequest request)
      throws ApiException, IOException {
    byte[] wire = Json.write(request);
    requests.add(Json.MAPPER.readTree(wire));
    Dto.SealingKeyView view = answer(Json.MAPPER.readValue(wire, Dto.SealingKeyRequest.class));
    return Json.MAPPER.readValue(Json.write(view), Dto.SealingKeyView.class);
  }

  private Dto.SealingKeyView answer(Dto.SealingKeyRequest req) throws ApiException {
    if (failWith != null) {
      throw new ApiException(failWith, "unavailable", "try later", List.of());
    }
    Bytes tpk = Bytes.fromBase64(req.transportPublicKey());
    VerifiedEvidence v = verify(req);
    if (!v.reportData().equals(SealingKeys.reportData(tpk))) {
      throw refused("report_data_binding", "the evidence does not bind the transport key");
    }
    if (!allowedMeasurements.contains(v.measurements().get("MEASUREMENT"))) {
      throw refused("policy", "measurement not in the workload's policy");
    }
    Bytes input = input(req.workload(), v.measurements());
    try {
      Bytes encrypted =
          vetkd.derive(CANISTER, CONTEXT, input, TransportPublicKey.parse(tpk)).toBytes();
      return new Dto.SealingKeyView(
          CONTEXT.base64(),
          input.base64(),
          encrypted.base64(),
          vetkd.publicKey(CANISTER, CONTEXT).toBytes().base64());
    } catch (VetKdException e) {
      throw new ApiException(400, "vetkd", e.getMessage(), List.of());
    }
  }

  private VerifiedEvidence verify(Dto.SealingKeyRequest req) throws ApiException {
    try {
      return verifier.verify(
          TeeType.parse(req.teeType()), Bytes.fromBase64(req.evidence()), Instant.now());
    } catch (EvidenceException e) {
      throw refused("evidence", e.getMessage());
    }
  }

  /** The control plane's own rule: the workload and the digest of its sealed measurements. */
  static Bytes input(String workload, Map<String, String> measurements) {
    return SealingKeys.input(workload, SealingKeys.sealed(TeeType.SIM, measurements));
  }

  private static ApiException refused(String code, String detail) {
    return new ApiException(403, code, detail, List.of(code));
  }
}
