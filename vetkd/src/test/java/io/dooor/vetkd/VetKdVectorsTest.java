package io.dooor.vetkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.Hkdf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every DFINITY vector in {@code ${dooor.vectors}/vetkeys} through one typed loader and
 * reports every failure at once. Each vector file must have a runner here.
 */
class VetKdVectorsTest {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  record MasterKey(String network, String keyName, String masterPublicKeyHex) {}

  record Derivation(
      String name,
      String masterPublicKeyHex,
      String canisterIdHex,
      String contextHex,
      String expectedCanisterKeyHex,
      String expectedDerivedPublicKeyHex) {}

  record SubKey(String canisterKeyHex, String contextHex, String expectedDerivedPublicKeyHex) {}

  record AugHash(String publicKeyHex, String messageHex, String expectedPointHex) {}

  record Signature(
      String publicKeyHex, String messageHex, String signatureHex, boolean expectedValid) {}

  record Encrypted(
      String transportSecretKeyFromSeedHex,
      String transportSecretKeyHex,
      String transportSecretKeyLeHex,
      String transportPublicKeyHex,
      String derivedPublicKeyHex,
      String inputHex,
      String encryptedKeyHex,
      String expectedVetkeyHex) {}

  record HashToScalar(String dst, String messageHex, String expectedScalarHex) {}

  record Ibe(
      String derivedPublicKeyHex,
      String identityHex,
      String messageHex,
      String seedHex,
      String expectedCiphertextHex,
      String vetkeyHex) {}

  record SymKey(String vetkeyHex, String domainSep, int outputLen, String expectedKeyHex) {}

  record HkdfCase(String ikmHex, String infoHex, int outputLen, String expectedOkmHex) {}

  record Gcm(
      String format,
      String vetkeyHex,
      String domainSep,
      String associatedDataHex,
      String ciphertextHex,
      String expectedPlaintextHex) {}

  record TransportValidity(String encodingHex, boolean expectedValid) {}

  record TransportPair(String transportSecretKeyHex, String expectedTransportPublicKeyHex) {}

  record Vrf(
      String vrfBytesHex,
      String masterKey,
      String canisterIdHex,
      String contextHex,
      String inputHex,
      String expectedOutputHex) {}

  interface Check {
    void run() throws Exception;
  }

  private final List<String> failures = new ArrayList<>();
  private final Map<String, Integer> counts = new TreeMap<>();
  private final Map<String, String> masterKeys = new TreeMap<>();

  @Test
  void everyVectorFilePasses() throws IOException {
    Path dir = Paths.get(System.getProperty("dooor.vectors", "../../shared/vectors"), "vetkeys");
    assumeTrue(Files.isDirectory(dir), "DFINITY vetKeys vectors not found at " + dir);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    // master keys first: the VRF vectors refer to them by name
    runFile(dir.resolve("master_public_keys.json"));
    for (Path f : files) {
      if (!f.getFileName().toString().equals("master_public_keys.json")) {
        runFile(f);
      }
    }
    System.out.println("vetKeys vectors checked per file: " + counts);
    assertThat(failures).as("vector failures").isEmpty();
    assertThat(counts).hasSize(files.size());
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(50);
  }

  private void runFile(Path f) throws IOException {
    JsonNode root = JSON.readTree(f.toFile());
    String name = f.getFileName().toString();
    switch (name) {
      case "master_public_keys.json" -> each(name, root, "vectors", MasterKey.class, this::master);
      case "public_key_derivation.json" -> {
        each(name, root, "vectors", Derivation.class, this::derivation);
        each(name, root, "sub_key_vectors", SubKey.class, this::subKey);
      }
      case "augmented_hash_to_g1.json" -> each(name, root, "vectors", AugHash.class, this::augHash);
      case "bls_signature_verification.json" ->
          each(name, root, "vectors", Signature.class, this::signature);
      case "encrypted_vetkey_decryption.json" ->
          each(name, root, "vectors", Encrypted.class, this::encrypted);
      case "hash_to_scalar.json" -> each(name, root, "vectors", HashToScalar.class, this::h2s);
      case "ibe.json" -> each(name, root, "vectors", Ibe.class, this::ibe);
      case "symmetric_key_derivation.json" -> {
        each(name, root, "vetkey_vectors", SymKey.class, this::symKey);
        each(name, root, "hkdf_vectors", HkdfCase.class, this::hkdf);
      }
      case "aes_gcm_derived_key_material.json" -> each(name, root, "vectors", Gcm.class, this::gcm);
      case "transport_keys.json" -> {
        each(name, root, "validity_vectors", TransportValidity.class, this::tpkValidity);
        each(name, root, "keypair_vectors", TransportPair.class, this::tpkPair);
      }
      case "vrf.json" -> each(name, root, "vectors", Vrf.class, this::vrf);
      default -> failures.add(name + ": no runner for this vector file");
    }
  }

  private <T> void each(String file, JsonNode root, String field, Class<T> type, VectorRunner<T> r)
      throws IOException {
    JsonNode arr = root.get(field);
    if (arr == null || !arr.isArray() || arr.isEmpty()) {
      failures.add(file + ": missing or empty array '" + field + "'");
      return;
    }
    for (int i = 0; i < arr.size(); i++) {
      T v = JSON.treeToValue(arr.get(i), type);
      String where = file + " " + field + "[" + i + "]";
      try {
        r.run(v);
      } catch (Exception | AssertionError e) {
        failures.add(where + ": " + e);
      }
      counts.merge(file, 1, Integer::sum);
    }
  }

  interface VectorRunner<T> {
    void run(T v) throws Exception;
  }

  private static Bytes hex(String s) {
    return s == null ? Bytes.empty() : Bytes.fromHex(s);
  }

  private void master(MasterKey v) throws VetKdException {
    MasterPublicKey k = MasterPublicKey.parse(hex(v.masterPublicKeyHex()));
    assertThat(k.toBytes().hex()).isEqualTo(v.masterPublicKeyHex());
    masterKeys.put(v.network() + "/" + v.keyName(), v.masterPublicKeyHex());
    if (v.network().equals("mainnet")) {
      assertThat(MasterPublicKey.forMainnetKey(v.keyName())).contains(k);
    }
  }

  private void derivation(Derivation v) throws VetKdException {
    MasterPublicKey mpk = MasterPublicKey.parse(hex(v.masterPublicKeyHex()));
    DerivedPublicKey ck = mpk.deriveCanisterKey(hex(v.canisterIdHex()));
    if (v.expectedCanisterKeyHex() != null) {
      assertThat(ck.toBytes().hex()).as("canister key").isEqualTo(v.expectedCanisterKeyHex());
    }
    assertThat(ck.deriveSubKey(hex(v.contextHex())).toBytes().hex())
        .as("derived public key")
        .isEqualTo(v.expectedDerivedPublicKeyHex());
  }

  private void subKey(SubKey v) throws VetKdException {
    DerivedPublicKey ck = DerivedPublicKey.parse(hex(v.canisterKeyHex()));
    assertThat(ck.deriveSubKey(hex(v.contextHex())).toBytes().hex())
        .isEqualTo(v.expectedDerivedPublicKeyHex());
  }

  private void augHash(AugHash v) throws VetKdException {
    DerivedPublicKey dpk = DerivedPublicKey.parse(hex(v.publicKeyHex()));
    assertThat(Bytes.of(dpk.augmentedHash(hex(v.messageHex())).toBytes()).hex())
        .isEqualTo(v.expectedPointHex());
  }

  private void signature(Signature v) {
    boolean valid;
    try {
      DerivedPublicKey dpk = DerivedPublicKey.parse(hex(v.publicKeyHex()));
      dpk.verifySignature(hex(v.messageHex()), hex(v.signatureHex()));
      valid = true;
    } catch (VetKdException e) {
      valid = false;
    }
    assertThat(valid).as("signature valid").isEqualTo(v.expectedValid());
  }

  private void encrypted(Encrypted v) throws VetKdException {
    TransportSecretKey tsk = TransportSecretKey.fromBytes(hex(v.transportSecretKeyHex()));
    assertThat(tsk.publicKey().toBytes().hex()).isEqualTo(v.transportPublicKeyHex());
    // the Rust forms, explicitly: little-endian serialisation and from_seed
    assertThat(TransportSecretKey.fromRustLittleEndian(hex(v.transportSecretKeyLeHex())).toBytes())
        .isEqualTo(tsk.toBytes());
    assertThat(TransportSecretKey.fromRustSeed(hex(v.transportSecretKeyFromSeedHex())).toBytes())
        .isEqualTo(tsk.toBytes());
    DerivedPublicKey dpk = DerivedPublicKey.parse(hex(v.derivedPublicKeyHex()));
    EncryptedVetKey ek = EncryptedVetKey.parse(hex(v.encryptedKeyHex()));
    assertThat(ek.toBytes().hex()).isEqualTo(v.encryptedKeyHex());
    VetKey k = ek.decryptAndVerify(tsk, dpk, hex(v.inputHex()));
    assertThat(Bytes.of(k.toBytes().toArray()).hex()).isEqualTo(v.expectedVetkeyHex());
    ek.verifyFor(dpk, hex(v.inputHex()), tsk.publicKey());
  }

  private void h2s(HashToScalar v) {
    Fr s = Fr.hashToScalar(hex(v.messageHex()).toArray(), v.dst());
    assertThat(Bytes.of(s.toBigEndian()).hex()).isEqualTo(v.expectedScalarHex());
  }

  private void ibe(Ibe v) throws VetKdException {
    DerivedPublicKey dpk = DerivedPublicKey.parse(hex(v.derivedPublicKeyHex()));
    IbeSeed seed = IbeSeed.fromBytes(hex(v.seedHex()));
    IbeCiphertext c = IbeCiphertext.encrypt(dpk, hex(v.identityHex()), hex(v.messageHex()), seed);
    assertThat(c.toBytes().hex()).as("ciphertext").isEqualTo(v.expectedCiphertextHex());
    VetKey k = dpk.verifySignature(hex(v.identityHex()), hex(v.vetkeyHex()));
    IbeCiphertext parsed = IbeCiphertext.parse(hex(v.expectedCiphertextHex()));
    assertThat(parsed.decrypt(k).hex()).as("plaintext").isEqualTo(v.messageHex());
  }

  private void symKey(SymKey v) throws VetKdException {
    VetKey k = VetKey.fromBytes(hex(v.vetkeyHex()));
    SecretBytes key = k.deriveSymmetricKey(v.domainSep(), v.outputLen());
    assertThat(Bytes.of(key.toArray()).hex()).isEqualTo(v.expectedKeyHex());
  }

  private void hkdf(HkdfCase v) {
    byte[] okm = Hkdf.derive(hex(v.ikmHex()).toArray(), hex(v.infoHex()).toArray(), v.outputLen());
    assertThat(Bytes.of(okm).hex()).isEqualTo(v.expectedOkmHex());
  }

  private void gcm(Gcm v) throws VetKdException {
    DerivedKeyMaterial dkm = VetKey.fromBytes(hex(v.vetkeyHex())).asDerivedKeyMaterial();
    Bytes ad = hex(v.associatedDataHex());
    Bytes pt = dkm.decryptMessage(hex(v.ciphertextHex()), v.domainSep(), ad);
    assertThat(pt.hex()).isEqualTo(v.expectedPlaintextHex());
    Bytes again = dkm.encryptMessage(pt, v.domainSep(), ad);
    assertThat(dkm.decryptMessage(again, v.domainSep(), ad)).isEqualTo(pt);
    assertThat(v.format()).isIn("v2", "legacy_headerless");
  }

  private void tpkValidity(TransportValidity v) {
    boolean valid;
    try {
      TransportPublicKey.parse(hex(v.encodingHex()));
      valid = true;
    } catch (VetKdException e) {
      valid = false;
    }
    assertThat(valid).isEqualTo(v.expectedValid());
  }

  private void tpkPair(TransportPair v) throws VetKdException {
    TransportSecretKey tsk = TransportSecretKey.fromBytes(hex(v.transportSecretKeyHex()));
    assertThat(tsk.publicKey().toBytes().hex()).isEqualTo(v.expectedTransportPublicKeyHex());
  }

  private void vrf(Vrf v) throws VetKdException {
    String mpkHex = masterKeys.get(v.masterKey());
    assertThat(mpkHex).as("master key " + v.masterKey()).isNotNull();
    DerivedPublicKey dpk =
        MasterPublicKey.parse(hex(mpkHex))
            .deriveCanisterKey(hex(v.canisterIdHex()))
            .deriveSubKey(hex(v.contextHex()));
    VrfOutput out = VrfOutput.parse(hex(v.vrfBytesHex()));
    assertThat(out.publicKey()).isEqualTo(dpk);
    assertThat(out.input().hex()).isEqualTo(v.inputHex());
    assertThat(out.output().hex()).isEqualTo(v.expectedOutputHex());
    assertThat(out.toBytes().hex()).isEqualTo(v.vrfBytesHex());
  }
}
