package io.dooor.provision.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The credential parser on arbitrary bytes and on mutated valid credentials: a 400 {@link
 * ApiProblem} whose message never repeats the input's secret, or a credential whose canonical
 * plaintext parses back to itself. Never another exception.
 */
class CredentialParserFuzzTest {
  private static final String SECRET = "SECRETSECRETSECRETSECRET";
  private static final byte[] TEMPLATE =
      ("{\"kind\":\"aws-keys\",\"access_key_id\":\"AKIAEXAMPLE00000001\","
              + "\"secret_access_key\":\""
              + SECRET
              + "\",\"session_token\":\"tok\"}")
          .getBytes(StandardCharsets.UTF_8);

  @FuzzTest(maxDuration = "30s")
  void parsesOrRefuses(byte[] data) {
    try {
      CredentialParser.Parsed p = CredentialParser.parse("aws", data);
      byte[] plain = p.plaintext().toArray();
      String withKind =
          "{\"kind\":\""
              + p.kind()
              + "\","
              + new String(plain, StandardCharsets.UTF_8).substring(1);
      assertThat(
              CredentialParser.parse("aws", withKind.getBytes(StandardCharsets.UTF_8)).plaintext())
          .isEqualTo(p.plaintext());
    } catch (ApiProblem e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).doesNotContain(SECRET.substring(0, 12));
    }
  }

  @FuzzTest(maxDuration = "30s")
  void mutatedCredentialParsesOrRefuses(FuzzedDataProvider in) {
    byte[] b = TEMPLATE.clone();
    int edits = in.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      b[in.consumeInt(0, b.length - 1)] = in.consumeByte();
    }
    parsesOrRefuses(Arrays.copyOf(b, in.consumeInt(0, b.length + 2)));
  }
}
