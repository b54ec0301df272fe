package io.dooor.agent.shards;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.auth.SignedRequest;
import io.dooor.common.Bytes;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What a shard request brings from the network before anything is checked: the raw path parses to a
 * shard address or is refused with a 4xx naming its field, and the signature headers a shard server
 * reads are refused with an AuthException, never another exception.
 */
class ShardRequestFuzzTest {
  private static final RequestVerifier VERIFIER =
      new RequestVerifier(Clock.systemUTC(), new InMemoryNonceRegistry(Clock.systemUTC()));

  @FuzzTest(maxDuration = "10s")
  void pathParsesOrIsRefusedNamingItsField(byte[] data) {
    String path = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
    try {
      ShardAddress at = ShardAddress.parsePath(path);
      if (!at.path().equals(path)) {
        throw new AssertionError("two paths for one shard: " + path + " and " + at.path());
      }
    } catch (ShardRequestException e) {
      if (e.status() < 400 || e.status() >= 500 || e.field().isEmpty()) {
        throw new AssertionError("refusal without a 4xx naming a field: " + e.status(), e);
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void signatureHeadersAreRefusedCleanly(FuzzedDataProvider data) {
    Map<String, List<String>> headers =
        Map.of(
            "Signature-Input", List.of(data.consumeString(300)),
            "Signature", List.of(data.consumeString(200)),
            "Content-Digest", List.of(data.consumeString(120)),
            "Dooor-Public-Key", List.of(data.consumeRemainingAsString()));
    SignedRequest req =
        new SignedRequest("PUT", "/v1/shards/x/0", "", headers, Bytes.of(new byte[0]));
    try {
      VERIFIER.verifyStreamed(req, Bytes.of(new byte[32]));
      throw new AssertionError("random headers authenticated");
    } catch (AuthException expected) {
      // the only allowed failure
    }
  }
}
