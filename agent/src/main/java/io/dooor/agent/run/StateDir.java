package io.dooor.agent.run;

import io.dooor.client.ApiProblem;
import io.dooor.client.Json;
import io.dooor.common.Bytes;
import io.dooor.common.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent's folder (owner-only, created so): {@value #IDENTITY}, the identity key as only its
 * sealer opens it, and {@value #STATUS}, what {@code dooor agent status} shows. Files are replaced
 * atomically (write a new file, then rename), so a kill -9 leaves the old or the new one.
 */
public final class StateDir {
  static final String IDENTITY = "identity.sealed";
  static final String STATUS = "status.json";
  static final String CONTROL_PLANE_KEY = "control-plane.spki";

  private final Path dir;

  public StateDir(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir;
  }

  /** The sealed identity, if the agent started here before. */
  public Optional<Bytes> sealedIdentity() throws IOException {
    Path file = dir.resolve(IDENTITY);
    return Files.exists(file) ? Optional.of(Bytes.of(Files.readAllBytes(file))) : Optional.empty();
  }

  /** Stores the sealed identity; refuses to replace one (a node keeps its identity for life). */
  public void storeSealedIdentity(Bytes sealed) throws IOException {
    OwnerOnlyFiles.createDirectories(dir);
    OwnerOnlyFiles.writeNew(dir.resolve(IDENTITY), sealed.toArray());
  }

  /** The control plane's identity key (DER SPKI) pinned at first contact, if any. */
  public Optional<Bytes> controlPlaneKey() throws IOException {
    Path file = dir.resolve(CONTROL_PLANE_KEY);
    return Files.exists(file) ? Optional.of(Bytes.of(Files.readAllBytes(file))) : Optional.empty();
  }

  /** Pins the control plane's identity key; never replaces a pinned one. */
  public void pinControlPlaneKey(Bytes spki) throws IOException {
    OwnerOnlyFiles.createDirectories(dir);
    OwnerOnlyFiles.writeNew(dir.resolve(CONTROL_PLANE_KEY), spki.toArray());
  }

  public void writeStatus(AgentStatus status) throws IOException {
    OwnerOnlyFiles.createDirectories(dir);
    Path next = dir.resolve(STATUS + ".next");
    Files.deleteIfExists(next);
    OwnerOnlyFiles.writeNew(next, Json.write(status));
    try {
      Files.move(next, dir.resolve(STATUS), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(next, dir.resolve(STATUS), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The status the running (or last) agent wrote, if any. */
  public Optional<AgentStatus> status() throws IOException {
    Path file = dir.resolve(STATUS);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(Files.readAllBytes(file), AgentStatus.class));
    } catch (ApiProblem e) {
      throw new IOException(file + " is not an agent status: " + e.getMessage(), e);
    }
  }

  /**
   * Removes everything the agent kept (after deactivation): the sealed identity is overwritten with
   * zeros before it is deleted, then the folder goes.
   */
  public void wipe() throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Path identity = dir.resolve(IDENTITY);
    if (Files.exists(identity)) {
      Files.write(identity, new byte[(int) Files.size(identity)]);
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
