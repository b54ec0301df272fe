package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.auth.internal.SfMember;
import io.dooor.client.auth.internal.StructuredFieldException;
import io.dooor.client.auth.internal.StructuredFieldParser;
import io.dooor.client.auth.internal.StructuredFieldSerializer;
import io.dooor.common.Bytes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Signature-Input / Signature / Content-Digest structured-field parser and the whole verifier
 * on arbitrary field values: only {@link StructuredFieldException} / {@link AuthException}, and
 * every parsed dictionary re-serializes to a fixed point.
 */
class SignatureFieldsFuzzTest {
  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
  private static final Identity ID = Identity.generate();
  private static final Map<String, String> VALID =
      new RequestSigner(ID, new TestClock(T0)).sign("POST", "/v1/x", "q=1", Bytes.empty());

  @FuzzTest(maxDuration = "10s")
  void dictionaryParserParsesOrRefuses(byte[] data) {
    String value = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
    Map<String, SfMember> parsed;
    try {
      parsed = StructuredFieldParser.parseDictionary(value);
    } catch (StructuredFieldException expected) {
      return;
    }
    String once = StructuredFieldSerializer.dictionary(parsed);
    try {
      String twice =
          StructuredFieldSerializer.dictionary(StructuredFieldParser.parseDictionary(once));
      assertThat(twice).isEqualTo(once);
    } catch (StructuredFieldException e) {
      throw new AssertionError("serialization of a parsed value does not parse: " + once, e);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void verifierRefusesGarbageCleanly(FuzzedDataProvider in) {
    Map<String, String> headers = new LinkedHashMap<>(VALID);
    for (String name :
        new String[] {"Signature-Input", "Signature", "Content-Digest", "Dooor-Public-Key"}) {
      if (in.consumeBoolean()) {
        headers.put(name, in.consumeString(300));
      }
    }
    String path = "/" + in.consumeString(20).replace("?", "").replace("#", "");
    SignedRequest request =
        SignedRequest.of(
            "POST", path, in.consumeString(20), headers, Bytes.of(in.consumeRemainingAsBytes()));
    try {
      new RequestVerifier(new TestClock(T0), new InMemoryNonceRegistry(new TestClock(T0)))
          .verify(request);
    } catch (AuthException expected) {
      // the only allowed failure
    }
  }
}
