package io.dooor.vetkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Round trips and refusals of the client-side API, with a locally held single (non-threshold) key.
 */
class ClientApiTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final Fr MSK = Fr.random(RNG);
  private static final MasterPublicKey MPK = MasterPublicKey.of(G2Point.generator().mul(MSK));
  private static final Bytes CANISTER = Bytes.fromHex("0000000000c0a0d00101");
  private static final Bytes CONTEXT = utf8("ctx");
  private static final Bytes INPUT = utf8("input");

  static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Server side of spec §4 with the whole derived secret (what [U] create_encrypted_key does). */
  static EncryptedVetKey issue(TransportPublicKey tpk) {
    Fr dsk =
        MSK.add(MPK.canisterOffset(CANISTER))
            .add(MPK.deriveCanisterKey(CANISTER).contextOffset(CONTEXT));
    G1Point h = dpk().augmentedHash(INPUT);
    Fr r = Fr.random(RNG);
    return EncryptedVetKey.of(
        G1Point.generator().mul(r), G2Point.generator().mul(r), tpk.point().mul(r).add(h.mul(dsk)));
  }

  static DerivedPublicKey dpk() {
    return MPK.deriveCanisterKey(CANISTER).deriveSubKey(CONTEXT);
  }

  static void fails(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void decryptAndVerifyRoundTripAndTampering() throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    EncryptedVetKey ek = issue(tsk.publicKey());
    VetKey k = EncryptedVetKey.parse(ek.toBytes()).decryptAndVerify(tsk, dpk(), INPUT);
    ek.verifyFor(dpk(), INPUT, tsk.publicKey());
    fails(Reason.SIGNATURE_INVALID, () -> ek.decryptAndVerify(tsk, dpk(), utf8("other")));
    fails(
        Reason.SIGNATURE_INVALID,
        () -> ek.decryptAndVerify(TransportSecretKey.generate(), dpk(), INPUT));
    EncryptedVetKey swapped =
        EncryptedVetKey.of(ek.c1().add(G1Point.generator()), ek.c2(), ek.c3());
    fails(Reason.ENCRYPTED_KEY_INCONSISTENT, () -> swapped.decryptAndVerify(tsk, dpk(), INPUT));
    fails(
        Reason.SIGNATURE_INVALID,
        () -> ek.verifyFor(dpk(), INPUT, TransportSecretKey.generate().publicKey()));
    assertThat(TransportSecretKey.fromBytes(Bytes.of(tsk.toBytes().toArray())).publicKey())
        .isEqualTo(tsk.publicKey());
    String vetKeyHex = Bytes.of(k.toBytes().toArray()).hex();
    String tskHex = Bytes.of(tsk.toBytes().toArray()).hex();
    assertThat(vetKeyHex).hasSize(96);
    assertThat(tskHex).hasSize(64);
    assertThat(k + " " + k.toBytes()).doesNotContainIgnoringCase(vetKeyHex);
    assertThat(tsk + " " + tsk.toBytes()).doesNotContainIgnoringCase(tskHex);
  }

  @Test
  void ibeRoundTripTamperingAndSeeds() throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    VetKey k = issue(tsk.publicKey()).decryptAndVerify(tsk, dpk(), INPUT);
    Bytes msg = Bytes.of(new byte[1024]);
    IbeCiphertext c = IbeCiphertext.encrypt(dpk(), INPUT, msg, IbeSeed.random());
    assertThat(c.toBytes().length()).isEqualTo(1024 + IbeCiphertext.OVERHEAD);
    assertThat(IbeCiphertext.parse(c.toBytes()).decrypt(k)).isEqualTo(msg);
    byte[] t = c.toBytes().toArray();
    t[t.length - 1] ^= 1;
    fails(Reason.IBE_DECRYPTION_FAILED, () -> IbeCiphertext.parse(Bytes.of(t)).decrypt(k));
    byte[] h = c.toBytes().toArray();
    h[7] = 2;
    fails(Reason.IBE_UNKNOWN_HEADER, () -> IbeCiphertext.parse(Bytes.of(h)));
    fails(Reason.INVALID_ENCODING, () -> IbeCiphertext.parse(c.toBytes().slice(0, 135)));
    fails(Reason.IBE_SEED_TOO_SHORT, () -> IbeSeed.fromBytes(Bytes.of(new byte[15])));
    IbeSeed s16 = IbeSeed.fromBytes(Bytes.of(new byte[16]));
    assertThat(IbeCiphertext.encrypt(dpk(), INPUT, msg, s16).decrypt(k)).isEqualTo(msg);
  }

  @Test
  void derivedKeyMaterialRoundTripAndRefusals() throws Exception {
    DerivedKeyMaterial dkm =
        VetKey.fromBytes(Bytes.of(G1Point.generator().toBytes())).asDerivedKeyMaterial();
    Bytes ct = dkm.encryptMessage(utf8("secret"), "ds", utf8("aad"));
    assertThat(dkm.decryptMessage(ct, "ds", utf8("aad"))).isEqualTo(utf8("secret"));
    fails(Reason.AEAD_DECRYPTION_FAILED, () -> dkm.decryptMessage(ct, "ds", utf8("aaD")));
    fails(Reason.AEAD_DECRYPTION_FAILED, () -> dkm.decryptMessage(ct, "other", utf8("aad")));
    fails(Reason.INVALID_ENCODING, () -> dkm.decryptMessage(ct.slice(0, 35), "ds", utf8("aad")));
    fails(
        Reason.INVALID_ENCODING, () -> dkm.decryptMessage(Bytes.of(new byte[40]), "ds", utf8("x")));
    fails(Reason.INVALID_ARGUMENT, () -> dkm.deriveSymmetricKey("ds", 0));
  }

  @Test
  void pointDecodersCheckEverything() throws Exception {
    fails(Reason.IDENTITY_NOT_ALLOWED, () -> DerivedPublicKey.parse(identityG2()));
    fails(Reason.IDENTITY_NOT_ALLOWED, () -> MasterPublicKey.parse(identityG2()));
    assertThat(TransportPublicKey.parse(Bytes.of(G1Point.identity().toBytes())).isUnencrypted())
        .isTrue();
    fails(Reason.POINT_NOT_IN_SUBGROUP, () -> TransportPublicKey.parse(nonSubgroupG1()));
    byte[] uncompressedFlag = G1Point.generator().toBytes();
    uncompressedFlag[0] &= 0x7f;
    fails(Reason.INVALID_ENCODING, () -> TransportPublicKey.parse(Bytes.of(uncompressedFlag)));
    byte[] xTooBig = new byte[48];
    java.util.Arrays.fill(xTooBig, (byte) 0xff);
    xTooBig[0] = (byte) 0x9f;
    fails(Reason.POINT_NOT_ON_CURVE, () -> TransportPublicKey.parse(Bytes.of(xTooBig)));
    byte[] infWithSign = G1Point.identity().toBytes();
    infWithSign[0] |= 0x20;
    fails(Reason.POINT_NOT_ON_CURVE, () -> TransportPublicKey.parse(Bytes.of(infWithSign)));
    fails(Reason.INVALID_ENCODING, () -> EncryptedVetKey.parse(Bytes.of(new byte[191])));
    byte[] order = Fr.ORDER.toByteArray();
    fails(Reason.SCALAR_OUT_OF_RANGE, () -> TransportSecretKey.fromBytes(Bytes.of(order)));
  }

  @Test
  void vrfCreateAndParse() throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    VetKey k = issue(tsk.publicKey()).decryptAndVerify(tsk, dpk(), INPUT);
    VrfOutput v = VrfOutput.create(k, dpk(), INPUT);
    VrfOutput back = VrfOutput.parse(v.toBytes());
    assertThat(back.output()).isEqualTo(v.output());
    byte[] bad = v.toBytes().toArray();
    bad[bad.length - 1] ^= 1;
    fails(Reason.SIGNATURE_INVALID, () -> VrfOutput.parse(Bytes.of(bad)));
  }

  static Bytes identityG2() {
    return Bytes.of(G2Point.identity().toBytes());
  }

  /** A point on E(Fp) outside the order-r subgroup: the first x that decodes and fails in_group. */
  static Bytes nonSubgroupG1() {
    for (int x = 1; ; x++) {
      byte[] b = new byte[48];
      b[0] = (byte) 0x80;
      b[47] = (byte) x;
      try {
        supranational.blst.P1_Affine p = new supranational.blst.P1_Affine(b);
        if (!p.in_group()) {
          return Bytes.of(b);
        }
      } catch (RuntimeException notOnCurve) {
        // try the next x
      }
    }
  }
}
