package io.dooor.vetkd.threshold;

import io.dooor.common.OwnerOnlyFiles;
import io.dooor.common.SecretBytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A sealing key in a file (64 hex digits or base64), readable only by its owner. */
public final class FileSealingKeySource implements SealingKeySource {
  private final Path file;

  public FileSealingKeySource(Path file) {
    this.file = file;
  }

  /** Writes a fresh random key as hex to {@code file} (created 0600) unless the file exists. */
  public static FileSealingKeySource createIfAbsent(Path file, SecureRandom rng)
      throws VetKdException {
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      rng.nextBytes(key);
      try {
        OwnerOnlyFiles.writeNew(
            file, (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
      } catch (FileAlreadyExistsException e) {
        // created concurrently: use that one
      } catch (IOException e) {
        throw new VetKdException(
            Reason.SEALING_KEY_UNAVAILABLE, "cannot create sealing key file " + file, e);
      }
    }
    return new FileSealingKeySource(file);
  }

  @Override
  public SecretBytes sealingKey() throws VetKdException {
    try {
      return SealingKeys.parse(Files.readString(file, StandardCharsets.US_ASCII), "file " + file);
    } catch (IOException e) {
      throw new VetKdException(
          Reason.SEALING_KEY_UNAVAILABLE, "cannot read sealing key file " + file, e);
    }
  }

  @Override
  public String describe() {
    return "file:" + file;
  }
}
