package io.dooor.server.witness;

import io.dooor.audit.AuditException;
import io.dooor.audit.Checkpoint;
import io.dooor.audit.WitnessException;
import io.dooor.audit.WitnessState;
import io.dooor.common.Bytes;
import io.dooor.common.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A witness's state in a folder: per log origin, the body of the latest checkpoint it cosigned, in
 * {@code <hex SHA-256(origin)>.checkpoint} (0600). Replaced atomically: the new body is written to
 * a fresh file and synced, renamed over the old one, and the folder synced, before the witness
 * answers; so a crash at any moment leaves the old or the new checkpoint, never a torn one, and a
 * restart never forgets a cosignature it gave.
 */
public final class WitnessStateFolder implements WitnessState {
  private final Path dir;

  /** The state in {@code dir}, created 0700 if absent. */
  public WitnessStateFolder(Path dir) throws IOException {
    this.dir = OwnerOnlyFiles.createDirectories(dir);
  }

  @Override
  public Optional<Checkpoint> latest(String origin) throws WitnessException {
    Path file = file(origin);
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      Checkpoint cp = Checkpoint.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!cp.origin().equals(origin)) {
        throw new IOException(file + " holds a checkpoint of another origin");
      }
      return Optional.of(cp);
    } catch (IOException | AuditException e) {
      throw state("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(Checkpoint checkpoint) throws WitnessException {
    Path file = file(checkpoint.origin());
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    try {
      Files.deleteIfExists(tmp);
      OwnerOnlyFiles.writeNew(tmp, checkpoint.body().getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
        folder.force(true);
      }
    } catch (IOException e) {
      throw state("cannot persist " + file + ": " + e.getMessage(), e);
    }
  }

  private Path file(String origin) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(Bytes.of(h).hex() + ".checkpoint");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static WitnessException state(String message, Exception cause) {
    return new WitnessException(WitnessException.Reason.STATE, message, -1, cause);
  }
}
