package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The DER parsers of keys, and the principal text parser, on arbitrary input. */
class SpkiParserFuzzTest {
  private static final byte[][] SPKI_TEMPLATES = {
    Bytes.fromHex(TestKeys.OPENSSL_ED25519_SPKI).toArray(),
    Bytes.fromHex(TestKeys.OPENSSL_P256_SPKI).toArray(),
    Bytes.fromHex(TestKeys.OPENSSL_SECP256K1_SPKI).toArray(),
  };
  private static final String[] PEM_TEMPLATES = {
    TestKeys.OPENSSL_ED25519_PEM,
    TestKeys.OPENSSL_P256_PEM,
    TestKeys.OPENSSL_SECP256K1_PEM,
    TestKeys.OPENSSL_P256_SEC1_PEM,
  };

  /** Valid keys with a few bytes changed and maybe cut short: reaches the deep checks quickly. */
  @FuzzTest(maxDuration = "10s")
  void mutatedSpkiParsesOrRefuses(FuzzedDataProvider in) {
    spkiParsesOrRefuses(mutate(SPKI_TEMPLATES[in.consumeInt(0, 2)], in));
  }

  @FuzzTest(maxDuration = "10s")
  void mutatedPrivateKeyParsesOrRefuses(FuzzedDataProvider in) {
    String pem = PEM_TEMPLATES[in.consumeInt(0, PEM_TEMPLATES.length - 1)];
    String label = pem.substring(11, pem.indexOf("-----", 11));
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = mutate(Bytes.fromBase64(b64).toArray(), in);
    String mutated =
        "-----BEGIN "
            + label
            + "-----\n"
            + Bytes.of(der).base64()
            + "\n-----END "
            + label
            + "-----";
    try {
      Identity.fromPem(mutated);
    } catch (IdentityException expected) {
      // the only allowed failure
    }
  }

  private static byte[] mutate(byte[] template, FuzzedDataProvider in) {
    byte[] b = template.clone();
    int edits = in.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      b[in.consumeInt(0, b.length - 1)] = in.consumeByte();
    }
    return Arrays.copyOf(b, in.consumeInt(0, b.length + 2));
  }

  @FuzzTest(maxDuration = "10s")
  void spkiParsesOrRefuses(byte[] data) {
    try {
      CallerPublicKey key = PublicKeys.parseSpki(Bytes.of(data));
      assertThat(key.spki()).isEqualTo(Bytes.of(data));
      assertThat(key.principal()).isEqualTo(Principal.selfAuthenticating(data));
    } catch (AuthException expected) {
      // the only allowed failure
    }
  }

  @FuzzTest(maxDuration = "10s")
  void privateKeyParsesOrRefuses(byte[] data) {
    String pkcs8 =
        "-----BEGIN PRIVATE KEY-----\n" + Bytes.of(data).base64() + "\n-----END PRIVATE KEY-----";
    String sec1 = pkcs8.replace("PRIVATE KEY", "EC PRIVATE KEY");
    for (String pem : new String[] {pkcs8, sec1, new String(data, StandardCharsets.ISO_8859_1)}) {
      try {
        Identity id = Identity.fromPem(pem);
        assertThat(Identity.fromPem(id.toPem()).principal()).isEqualTo(id.principal());
      } catch (IdentityException expected) {
        // the only allowed failure
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void principalTextParsesOrRefuses(byte[] data) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    try {
      assertThat(Principal.parse(text).toText()).isEqualTo(text);
    } catch (IllegalArgumentException expected) {
      // Principal.parse's documented failure
    }
  }
}
