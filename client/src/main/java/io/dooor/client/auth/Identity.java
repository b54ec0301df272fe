package io.dooor.client.auth;

import io.dooor.client.auth.IdentityException.Reason;
import io.dooor.client.auth.internal.CallerPrivateKey;
import io.dooor.client.auth.internal.Pkcs8Codec;
import io.dooor.client.auth.internal.UnsupportedKeyException;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.DerException;
import io.dooor.common.crypto.Pem;
import io.dooor.common.crypto.PemException;
import io.dooor.core.Principal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A caller's key pair (DESIGN §2): Ed25519 by default, or ECDSA P-256 / secp256k1. Its principal is
 * the self-authenticating principal of its DER public key. Stored as an unencrypted PKCS#8 PEM file
 * (RFC 5958, RFC 7468 §10), the same form {@code openssl genpkey} writes, readable only by its
 * owner. Signatures use the RFC 9421 form of the key type (Ed25519: RFC 8032; ECDSA: deterministic
 * RFC 6979, SHA-256, r || s, low-S). The private key is held in {@code SecretBytes}. Thread-safe;
 * {@link #toString()} shows only the principal.
 */
public final class Identity {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_PEM_CHARS = 64 * 1024;

  private final CallerPrivateKey key;
  private final CallerPublicKey publicKey;

  private Identity(CallerPrivateKey key) {
    this.key = key;
    try {
      this.publicKey = PublicKeys.fromRaw(key.type(), key.rawPublicKey());
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("derived public key is invalid", e);
    }
  }

  /** A new Ed25519 identity. */
  public static Identity generate() {
    return generate(KeyType.ED25519);
  }

  /** A new identity of {@code type}, from a {@link SecureRandom}. */
  public static Identity generate(KeyType type) {
    return new Identity(CallerPrivateKey.generate(type, RANDOM));
  }

  /**
   * Reads a PEM private key: PKCS#8 {@code PRIVATE KEY} (RFC 5958) or SEC 1 {@code EC PRIVATE KEY}
   * (RFC 5915). A public key stored beside the private key must belong to it.
   *
   * @throws IdentityException naming what is wrong
   */
  public static Identity fromPem(String pem) throws IdentityException {
    if (pem.length() > MAX_PEM_CHARS) {
      throw new IdentityException(Reason.MALFORMED_PEM, "PEM text longer than 64 KiB");
    }
    Pem.Block block = firstBlock(pem);
    try {
      return fromDecoded(decode(block));
    } catch (DerException e) {
      throw new IdentityException(Reason.MALFORMED_PRIVATE_KEY, e.getMessage());
    } catch (UnsupportedKeyException e) {
      throw new IdentityException(Reason.UNSUPPORTED_KEY, e.getMessage());
    }
  }

  /** Reads a PEM file written by {@link #save} or by OpenSSL. */
  public static Identity load(Path file) throws IOException, IdentityException {
    if (Files.size(file) > MAX_PEM_CHARS) {
      throw new IdentityException(Reason.MALFORMED_PEM, file + " is larger than 64 KiB");
    }
    return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
  }

  /**
   * Writes the private key as PKCS#8 PEM to a new file (never overwriting one), owner read/write
   * only (0600) where the file system has POSIX permissions, and syncs it to disk. Missing parent
   * directories are created (0700 where POSIX).
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
   */
  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    boolean posix = Files.getFileStore(existingAncestor(parent)).supportsFileAttributeView("posix");
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent, attrs(posix, PosixFilePermissions.fromString("rwx------")));
    }
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try (FileChannel ch =
        FileChannel.open(
            file, options, attrs(posix, PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer buf = ByteBuffer.wrap(toPem().getBytes(StandardCharsets.US_ASCII));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    if (!posix) {
      restrictToOwner(file);
    }
  }

  /** The private key as PKCS#8 PEM text. This is the secret: handle it like the key file. */
  public String toPem() {
    return Pem.encode(
        "PRIVATE KEY", Bytes.of(Pkcs8Codec.encode(key.type(), key.secret(), key.rawPublicKey())));
  }

  public KeyType keyType() {
    return key.type();
  }

  public CallerPublicKey publicKey() {
    return publicKey;
  }

  /** The DER SubjectPublicKeyInfo of the public key. */
  public Bytes publicKeySpki() {
    return publicKey.spki();
  }

  /** The self-authenticating principal of {@link #publicKeySpki()}. */
  public Principal principal() {
    return publicKey.principal();
  }

  /** Signs {@code message} in this key type's RFC 9421 signature form. */
  public Bytes sign(Bytes message) {
    return Bytes.of(signRaw(message.toArray()));
  }

  byte[] signRaw(byte[] message) {
    return key.sign(message);
  }

  @Override
  public String toString() {
    return "Identity[" + key.type().alg() + " " + principal().toText() + "]";
  }

  /** The first block of a PEM text (RFC 7468, lax: explanatory text and spaces allowed). */
  private static Pem.Block firstBlock(String pem) throws IdentityException {
    try {
      List<Pem.Block> blocks = Pem.parse(pem, Pem.Mode.LAX);
      if (blocks.isEmpty()) {
        throw new IdentityException(
            Reason.MALFORMED_PEM, "no PEM block (-----BEGIN ...----- / -----END ...-----) found");
      }
      return blocks.get(0);
    } catch (PemException e) {
      throw new IdentityException(Reason.MALFORMED_PEM, e.getMessage());
    }
  }

  private static Pkcs8Codec.Decoded decode(Pem.Block block)
      throws DerException, UnsupportedKeyException, IdentityException {
    switch (block.label()) {
      case "PRIVATE KEY":
        return Pkcs8Codec.decode(block.der().toArray());
      case "EC PRIVATE KEY":
        return Pkcs8Codec.decodeEcPrivateKey(block.der().toArray(), null);
      case "ENCRYPTED PRIVATE KEY":
        throw new UnsupportedKeyException("encrypted private keys are not supported");
      default:
        throw new IdentityException(
            Reason.MALFORMED_PEM, "PEM block '" + block.label() + "' is not a private key");
    }
  }

  private static Identity fromDecoded(Pkcs8Codec.Decoded decoded)
      throws IdentityException, DerException {
    CallerPrivateKey key;
    try {
      key = CallerPrivateKey.of(decoded.type(), decoded.secret());
    } catch (InvalidKeyException e) {
      throw new DerException("private key: " + e.getMessage());
    }
    byte[] embedded = decoded.embeddedPublicKey();
    if (embedded != null && !MessageDigest.isEqual(embedded, key.rawPublicKey())) {
      throw new IdentityException(
          Reason.PUBLIC_KEY_MISMATCH, "the stored public key does not belong to the private key");
    }
    return new Identity(key);
  }

  private static Path existingAncestor(Path dir) {
    Path p = dir;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p != null ? p : Path.of("").toAbsolutePath();
  }

  private static FileAttribute<?>[] attrs(boolean posix, Set<PosixFilePermission> perms) {
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
        : new FileAttribute<?>[0];
  }

  @SuppressWarnings("ResultOfMethodCallIgnored")
  private static void restrictToOwner(Path file) {
    java.io.File f = file.toFile();
    f.setReadable(false, false);
    f.setReadable(true, true);
    f.setWritable(false, false);
    f.setWritable(true, true);
  }
}
