package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.ApiProblem;
import io.dooor.core.Principal;
import io.dooor.core.port.KeyService;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.service.VetKdKeyService;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The POST /v1/vetkd/derive body decoder on arbitrary and mutated input. */
class DeriveRequestFuzzTest {
  /** The real key service decodes the transport key (G1 decompression, subgroup check). */
  private static final KeyService KEYS = keys();

  private static final String VALID =
      "{\"context\":\"dooor/node-key\",\"input\":\"6e31\",\"transport_public_key\":\""
          + TransportSecretKey.generate().publicKey().toBytes().hex()
          + "\"}";

  @FuzzTest(maxDuration = "10s")
  void arbitraryBodiesDecodeOrAre400(byte[] body) {
    decodeOrRefuse(body);
  }

  /** A valid body with a few characters changed and maybe cut short. */
  @FuzzTest(maxDuration = "10s")
  void mutatedBodiesDecodeOrAre400(FuzzedDataProvider in) {
    byte[] b = VALID.getBytes(StandardCharsets.UTF_8);
    int edits = in.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      b[in.consumeInt(0, b.length - 1)] = in.consumeByte();
    }
    decodeOrRefuse(java.util.Arrays.copyOf(b, in.consumeInt(0, b.length)));
  }

  private static KeyService keys() {
    try {
      return new VetKdKeyService(
          VetKdService.inProcess(1, 1), Principal.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 1, 1}));
    } catch (VetKdException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void decodeOrRefuse(byte[] body) {
    Map<String, String> facts = new HashMap<>();
    try {
      DeriveRequest r = DeriveRequest.parse(body, facts, KEYS);
      assertThat(r.transportKey()).isNotNull();
      assertThat(r.context()).isNotEmpty();
      assertThat(facts).containsKeys("context", "input_sha256");
    } catch (ApiProblem expected) {
      assertThat(expected.status()).isEqualTo(400);
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
