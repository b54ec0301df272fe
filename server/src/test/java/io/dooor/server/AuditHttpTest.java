package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.ConsistencyProof;
import io.dooor.audit.InclusionProof;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit read API over real HTTP: the inclusion and consistency proof replies encode their
 * hashes the same way (one base64 string per 32-byte hash), the proofs verify against signed
 * checkpoints, and the OpenAPI document describes both with that one schema.
 */
class AuditHttpTest extends SimPlaneHttpFixture {
  @Test
  void bothProofRoutesEncodeHashesAlikeAndVerify() throws Exception {
    AuditVerifier v = AuditVerifier.of(d.auditVerifierKey());
    VerifiedCheckpoint older = v.verifyCheckpoint(d.publishCheckpoint());
    for (int i = 0; i < 5; i++) {
      admin.put(
          "/v1/policies/w" + i,
          new Dto.PolicyBody(
              List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L),
          Dto.PolicyView.class);
    }
    VerifiedCheckpoint newer = v.verifyCheckpoint(d.publishCheckpoint());
    assertThat(newer.size()).isGreaterThan(older.size());

    JsonNode inc =
        admin.get("/v1/audit/proof/inclusion?index=1&size=" + newer.size(), JsonNode.class);
    assertThat(inc.get("index").asLong()).isEqualTo(1);
    assertThat(inc.get("size").asLong()).isEqualTo(newer.size());
    JsonNode entries = admin.get("/v1/audit/entries?from=1&to=2", JsonNode.class);
    Bytes entry = Bytes.fromBase64(entries.get(0).get("entry").asText());
    v.verifyInclusion(newer, entry, InclusionProof.parse(1, newer.size(), wire(inc.get("hashes"))));

    JsonNode con =
        admin.get(
            "/v1/audit/proof/consistency?from=" + older.size() + "&to=" + newer.size(),
            JsonNode.class);
    assertThat(con.get("from").asLong()).isEqualTo(older.size());
    assertThat(con.get("to").asLong()).isEqualTo(newer.size());
    v.verifyConsistency(
        older, newer, ConsistencyProof.parse(older.size(), newer.size(), wire(con.get("hashes"))));
  }

  @Test
  void openApiDescribesBothProofsWithOneHashEncoding() throws Exception {
    JsonNode doc;
    try (InputStream in = url.resolve("/v1/openapi.json").toURL().openStream()) {
      doc = Json.MAPPER.readTree(in.readAllBytes());
    }
    JsonNode schemas = doc.get("components").get("schemas");
    JsonNode inclusion = schemas.get("InclusionProof").get("properties").get("hashes");
    JsonNode consistency = schemas.get("ConsistencyProof").get("properties").get("hashes");
    assertThat(inclusion).isEqualTo(consistency);
    assertThat(inclusion.get("type").asText()).isEqualTo("array");
    assertThat(inclusion.get("items").get("contentEncoding").asText()).isEqualTo("base64");
    for (String p :
        List.of(
            "/v1/audit/checkpoint",
            "/v1/audit/entries",
            "/v1/audit/proof/inclusion",
            "/v1/audit/proof/consistency",
            "/v1/audit/tile/{path}")) {
      assertThat(doc.get("paths").has(p)).as(p).isTrue();
    }
  }

  /** Every element a base64 string of exactly 32 bytes; returns them concatenated. */
  static Bytes wire(JsonNode hashes) {
    assertThat(hashes.isArray()).as("hashes is a JSON array").isTrue();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonNode h : hashes) {
      assertThat(h.isTextual()).isTrue();
      byte[] b = Base64.getDecoder().decode(h.asText());
      assertThat(b).hasSize(32);
      out.writeBytes(b);
    }
    return Bytes.of(out.toByteArray());
  }
}
