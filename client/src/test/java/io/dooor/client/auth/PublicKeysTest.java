package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.AuthException.Reason;
import io.dooor.common.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PublicKeys#parseSpki}: exactly three key types, canonical DER, valid points. */
class PublicKeysTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ED25519, " + TestKeys.OPENSSL_ED25519_SPKI + ", " + TestKeys.OPENSSL_ED25519_PRINCIPAL,
    "ECDSA_P256, " + TestKeys.OPENSSL_P256_SPKI + ", " + TestKeys.OPENSSL_P256_PRINCIPAL,
    "SECP256K1, " + TestKeys.OPENSSL_SECP256K1_SPKI + ", " + TestKeys.OPENSSL_SECP256K1_PRINCIPAL,
  })
  void acceptsOpenSslKeys(KeyType type, String spkiHex, String principal) throws Exception {
    CallerPublicKey key = PublicKeys.parseSpki(Bytes.fromHex(spkiHex));
    assertThat(key.type()).isEqualTo(type);
    assertThat(key.spki()).isEqualTo(Bytes.fromHex(spkiHex));
    assertThat(key.principal().toText()).isEqualTo(principal);
    assertThat(key.toString()).contains(principal);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "RSA, " + TestKeys.RSA_1024_SPKI + ", 1.2.840.113549.1.1.1",
    "P-384, " + TestKeys.P384_SPKI + ", 1.3.132.0.34",
    "X25519, " + TestKeys.X25519_SPKI + ", 1.3.101.110",
    "Ed448, " + TestKeys.ED448_SPKI + ", 1.3.101.113",
    "compressed P-256, " + TestKeys.P256_COMPRESSED_SPKI + ", compressed",
    "explicit secp256k1, " + TestKeys.SECP256K1_EXPLICIT_SPKI + ", named curve",
  })
  void refusesOtherKeysByName(String name, String spkiHex, String named) {
    assertThatThrownBy(() -> PublicKeys.parseSpki(Bytes.fromHex(spkiHex)))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining(named)
        .satisfies(e -> assertThat(((AuthException) e).reason()).isEqualTo(Reason.UNSUPPORTED_KEY));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // Ed25519 with a NULL parameter (RFC 8410 §3: parameters MUST be absent)
    "ed25519 params, 302c300706032b65700500032100"
        + "29bccde63a0f0b17963dac76175c53a13592506ebf64ad6a3cfaed3f5a74fb83",
    // long-form length where the short form fits: not DER
    "long length, 30812a300506032b6570032100"
        + "29bccde63a0f0b17963dac76175c53a13592506ebf64ad6a3cfaed3f5a74fb83",
    "trailing byte, 302a300506032b657003210029bccde63a0f0b17963dac76175c53a13592506ebf64ad6a3c"
        + "faed3f5a74fb8300",
    "short key, 3029300506032b6570032000"
        + "29bccde63a0f0b17963dac76175c53a13592506ebf64ad6a3cfaed3f5a74fb",
    "unused bits, 302a300506032b657003210129bccde63a0f0b17963dac76175c53a13592506ebf64ad6a3cfa"
        + "ed3f5a74fb83",
    "truncated, 302a300506032b6570032100",
    "empty, ''",
    "not a sequence, 0400",
    // P-256 point with y+1: not on the curve
    "off curve, 3059301306072a8648ce3d020106082a8648ce3d03010703420004d3ef2f0364ff55d095fc2aa"
        + "da346811d38524d83e51c9babb68e66f10b45cce6c81062a96108f24201693b71a166324472e86c237a"
        + "8663a07d018f48ebd955d5",
    // Ed25519 point of order 8 (small order): refused by full validation
    "small order, 302a300506032b6570032100"
        + "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    // Ed25519 y >= p: not canonical
    "non-canonical y, 302a300506032b6570032100"
        + "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  })
  void refusesMalformedKeys(String name, String hex) {
    assertThatThrownBy(
            () -> PublicKeys.parseSpki(hex.isEmpty() ? Bytes.empty() : Bytes.fromHex(hex)))
        .isInstanceOf(AuthException.class)
        .satisfies(
            e ->
                assertThat(((AuthException) e).reason())
                    .as(e.getMessage())
                    .isEqualTo(Reason.MALFORMED_PUBLIC_KEY));
  }

  @Test
  void generatedKeysParseBackToThemselves() throws Exception {
    for (KeyType type : KeyType.values()) {
      Identity id = Identity.generate(type);
      CallerPublicKey key = PublicKeys.parseSpki(id.publicKeySpki());
      assertThat(key).isEqualTo(id.publicKey());
      assertThat(key.principal()).isEqualTo(id.principal());
      Bytes msg = Bytes.of(new byte[] {1, 2, 3});
      key.verify(msg, id.sign(msg));
    }
  }
}
