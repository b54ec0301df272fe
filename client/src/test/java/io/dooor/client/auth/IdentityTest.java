package io.dooor.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.auth.IdentityException.Reason;
import io.dooor.client.auth.internal.Pkcs8Codec;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class IdentityTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void savesAndLoadsEveryKeyType(KeyType type) throws Exception {
    Identity id = Identity.generate(type);
    Path file = dir.resolve("keys").resolve(type + ".pem");
    id.save(file);
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
          .isEqualTo("rwx------");
    }
    assertThat(Files.readString(file, StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PRIVATE KEY-----\n");
    Identity loaded = Identity.load(file);
    assertThat(loaded.keyType()).isEqualTo(type);
    assertThat(loaded.principal()).isEqualTo(id.principal());
    assertThat(loaded.publicKeySpki()).isEqualTo(id.publicKeySpki());
    Bytes msg = Bytes.of("hello".getBytes(StandardCharsets.US_ASCII));
    id.publicKey().verify(msg, loaded.sign(msg));
    assertThat(loaded.toPem()).isEqualTo(id.toPem());
  }

  @Test
  void neverOverwritesAKeyFile() throws Exception {
    Path file = dir.resolve("id.pem");
    Identity.generate().save(file);
    assertThatThrownBy(() -> Identity.generate().save(file))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ED25519, " + TestKeys.OPENSSL_ED25519_SPKI + ", " + TestKeys.OPENSSL_ED25519_PRINCIPAL,
    "ECDSA_P256, " + TestKeys.OPENSSL_P256_SPKI + ", " + TestKeys.OPENSSL_P256_PRINCIPAL,
    "SECP256K1, " + TestKeys.OPENSSL_SECP256K1_SPKI + ", " + TestKeys.OPENSSL_SECP256K1_PRINCIPAL,
  })
  void loadsOpenSslKeys(KeyType type, String spkiHex, String principal) throws Exception {
    String pem =
        switch (type) {
          case ED25519 -> TestKeys.OPENSSL_ED25519_PEM;
          case ECDSA_P256 -> TestKeys.OPENSSL_P256_PEM;
          case SECP256K1 -> TestKeys.OPENSSL_SECP256K1_PEM;
        };
    Identity id = Identity.fromPem(pem);
    assertThat(id.keyType()).isEqualTo(type);
    assertThat(id.publicKeySpki()).isEqualTo(Bytes.fromHex(spkiHex)); // derived = OpenSSL's
    assertThat(id.principal().toText()).isEqualTo(principal);
    // What we write is byte for byte what OpenSSL wrote.
    assertThat(id.toPem().strip()).isEqualTo(pem.strip());
  }

  @Test
  void loadsSec1EcPrivateKey() throws Exception {
    Identity id = Identity.fromPem(TestKeys.OPENSSL_P256_SEC1_PEM);
    assertThat(id.principal().toText()).isEqualTo(TestKeys.OPENSSL_P256_PRINCIPAL);
  }

  @Test
  void refusesWhatItCannotUse() {
    assertRefused(TestKeys.OPENSSL_RSA_PEM, Reason.UNSUPPORTED_KEY, "1.2.840.113549.1.1.1");
    assertRefused(TestKeys.OPENSSL_ED448_PEM, Reason.UNSUPPORTED_KEY, "1.3.101.113");
    assertRefused(TestKeys.OPENSSL_ENCRYPTED_PEM, Reason.UNSUPPORTED_KEY, "encrypted");
    assertRefused("hello", Reason.MALFORMED_PEM, "no PEM block");
    assertRefused(
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n"
            + "-----END PUBLIC KEY-----",
        Reason.MALFORMED_PEM,
        "not a private key");
    assertRefused(
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9m\n"
            + "-----END PRIVATE KEY-----",
        Reason.MALFORMED_PRIVATE_KEY,
        "");
    assertRefused(
        "-----BEGIN PRIVATE KEY-----\n@@@@\n-----END PRIVATE KEY-----", Reason.MALFORMED_PEM, "");
  }

  @Test
  void refusesAStoredPublicKeyThatIsNotItsOwn() throws Exception {
    // OpenSSL's P-256 PKCS#8 carries the public key; swap in another key's point.
    Identity other = Identity.generate(KeyType.ECDSA_P256);
    byte[] der = Bytes.fromBase64(body(TestKeys.OPENSSL_P256_PEM)).toArray();
    byte[] otherPoint = other.publicKeySpki().slice(26, 91).toArray();
    System.arraycopy(otherPoint, 0, der, der.length - 65, 65);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n" + Bytes.of(der).base64() + "\n-----END PRIVATE KEY-----\n";
    assertRefused(pem, Reason.PUBLIC_KEY_MISMATCH, "does not belong");
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void toStringHoldsNoHexOfTheSecret(KeyType type) throws Exception {
    Identity id = Identity.generate(type);
    byte[] der = Bytes.fromBase64(body(id.toPem())).toArray();
    Bytes secret = Bytes.of(Pkcs8Codec.decode(der).secret().toArray());
    assertThat(secret.length()).isEqualTo(32);
    assertThat(id.toString())
        .doesNotContainIgnoringCase(secret.hex())
        .doesNotContain(secret.base64());
    assertThat(Pkcs8Codec.decode(der).secret().toString()).doesNotContainIgnoringCase(secret.hex());
  }

  @Test
  void toStringShowsNoSecret() {
    Identity id = Identity.generate();
    assertThat(id.toString()).isEqualTo("Identity[ed25519 " + id.principal().toText() + "]");
  }

  private static String body(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }

  private static void assertRefused(String pem, Reason reason, String message) {
    assertThatThrownBy(() -> Identity.fromPem(pem))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((IdentityException) e).reason()).isEqualTo(reason));
  }
}
