package io.dooor.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.SignatureException;
import org.junit.jupiter.api.Test;

/** Key validation, signing round trips and redaction of the toolbox's signature keys. */
class SignatureKeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MSG = "message".getBytes(StandardCharsets.US_ASCII);

  @Test
  void ed25519RefusesSmallOrderAndNonCanonicalKeys() {
    // the identity (order 1), a point of order 8, y = p (non-canonical form of y = 0)
    String[] bad = {
      "0100000000000000000000000000000000000000000000000000000000000000",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };
    for (String hex : bad) {
      assertThatThrownBy(() -> Ed25519PublicKey.parse(Bytes.fromHex(hex)))
          .as(hex)
          .isInstanceOf(InvalidKeyException.class);
    }
    assertThatThrownBy(() -> Ed25519PublicKey.parse(Bytes.of(new byte[31])))
        .hasMessageContaining("32 bytes");
  }

  @Test
  void ed25519SignsRfc8032Test1() throws Exception {
    // RFC 8032 §7.1 TEST 1 (empty message)
    Ed25519PrivateKey key =
        Ed25519PrivateKey.fromSeed(
            Bytes.fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                .toArray());
    assertThat(key.publicKey().encoded().hex())
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] sig = key.sign(new byte[0]);
    assertThat(Bytes.of(sig).hex())
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    key.publicKey().verify(new byte[0], sig);
    sig[0] ^= 1;
    assertThatThrownBy(() -> key.publicKey().verify(new byte[0], sig))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void ed25519KeyFilesAreTheJdkEncodings() throws Exception {
    java.security.KeyPair kp =
        java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Ed25519PrivateKey k =
        Ed25519PrivateKey.parsePkcs8(SecretBytes.of(kp.getPrivate().getEncoded()));
    assertThat(k.publicKey().spki()).isEqualTo(Bytes.of(kp.getPublic().getEncoded()));
    assertThat(k.pkcs8().toArray()).isEqualTo(kp.getPrivate().getEncoded());
    assertThat(Ed25519PublicKey.parseSpki(k.publicKey().spki())).isEqualTo(k.publicKey());
    byte[] withNull = Bytes.fromHex("302c300706032b65700500032100").toArray();
    byte[] spki = java.util.Arrays.copyOf(withNull, withNull.length + 32);
    System.arraycopy(k.publicKey().encoded().toArray(), 0, spki, withNull.length, 32);
    assertThatThrownBy(() -> Ed25519PublicKey.parseSpki(Bytes.of(spki)))
        .hasMessageContaining("parameters must be absent");
  }

  @Test
  void ecdsaSignsLowSAndVerifiesOnEveryCurve() throws Exception {
    for (EcCurve curve : EcCurve.values()) {
      EcdsaPrivateKey key = EcdsaPrivateKey.generate(curve, RANDOM);
      byte[] rs = key.sign(MSG);
      assertThat(rs).hasSize(2 * curve.size());
      BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rs, curve.size(), rs.length));
      assertThat(s).isLessThanOrEqualTo(curve.order().shiftRight(1));
      assertThat(key.sign(MSG)).as("RFC 6979: deterministic").isEqualTo(rs);
      key.publicKey().verifyRaw(MSG, rs);
      EcdsaPublicKey.of(key.publicKey().jcaKey()).verifyRaw(MSG, rs);
      assertThatThrownBy(
              () -> key.publicKey().verifyRaw("other".getBytes(StandardCharsets.US_ASCII), rs))
          .isInstanceOf(SignatureException.class);
    }
  }

  @Test
  void secp256k1RefusesHighSWhereP256AcceptsIt() throws Exception {
    for (EcCurve curve : new EcCurve[] {EcCurve.P256, EcCurve.SECP256K1}) {
      EcdsaPrivateKey key = EcdsaPrivateKey.generate(curve, RANDOM);
      byte[] rs = key.sign(MSG);
      int n = curve.size();
      BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 0, n));
      BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rs, n, 2 * n));
      BigInteger highS = curve.order().subtract(s);
      if (curve == EcCurve.P256) {
        key.publicKey().verifyRs(MSG, r, highS);
      } else {
        assertThatThrownBy(() -> key.publicKey().verifyRs(MSG, r, highS))
            .hasMessageContaining("above n/2");
      }
    }
  }

  @Test
  void ecdsaRefusesPointsOffTheCurveAndBadScalars() {
    byte[] p = new byte[65];
    p[0] = 4;
    p[64] = 1;
    assertThatThrownBy(() -> EcdsaPublicKey.fromUncompressed(EcCurve.P256, Bytes.of(p)))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> EcdsaPublicKey.fromXy(EcCurve.P384, Bytes.of(new byte[64])))
        .hasMessageContaining("want 96");
    byte[] n = new byte[32];
    System.arraycopy(EcCurve.SECP256K1.order().toByteArray(), 1, n, 0, 32);
    assertThatThrownBy(() -> EcdsaPrivateKey.fromScalar(EcCurve.SECP256K1, SecretBytes.of(n)))
        .hasMessageContaining("out of range");
  }

  @Test
  void privateKeysPrintNoSecret() {
    Ed25519PrivateKey ed = Ed25519PrivateKey.generate(RANDOM);
    EcdsaPrivateKey ec = EcdsaPrivateKey.generate(EcCurve.P256, RANDOM);
    assertThat(ed.toString()).doesNotContain(Bytes.of(ed.seed().toArray()).hex());
    assertThat(ec.toString()).doesNotContain(Bytes.of(ec.scalar().toArray()).hex());
    assertThat(ed.toString()).contains(ed.publicKey().encoded().hex());
  }
}
