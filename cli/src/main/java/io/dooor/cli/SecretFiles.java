package io.dooor.cli;

import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Key files: written owner-only, read as raw bytes or hex text. */
final class SecretFiles {
  private SecretFiles() {}

  /** Writes {@code secret} to {@code file}, replacing it, readable by the owner only. */
  static void write(Path file, byte[] secret) throws IOException {
    Files.deleteIfExists(file);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.write(file, secret);
  }

  /** Removes {@code dir} and everything under it (a demo's temporary data folder). */
  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Reads a key of {@code length} bytes: the raw bytes, or their hex (whitespace ignored). */
  static Bytes read(Path file, int length) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    if (raw.length == length) {
      return Bytes.of(raw);
    }
    String text = new String(raw, StandardCharsets.US_ASCII).strip();
    try {
      Bytes b = Bytes.fromHex(text);
      if (b.length() == length) {
        return b;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the error below
    }
    throw new IOException(
        file + " holds neither " + length + " raw bytes nor their hex (" + raw.length + " bytes)");
  }
}
