package io.dooor.cli;

import io.dooor.audit.AuditException;
import io.dooor.client.ApiException;
import io.dooor.client.auth.IdentityException;
import io.dooor.client.data.DataException;
import io.dooor.core.ControlPlaneException;
import io.dooor.store.StoreException;
import io.dooor.vetkd.VetKdException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command that threw prints, in the one shape of {@link Exits}: a refusal of the control
 * plane as {@code refused (<code>): ...} (exit 1), anything else as a local {@code error} in the
 * user's words (no stack trace, no class name; exit 1); encrypted data that does not verify, decode
 * or authenticate here as {@code check failed (<code>): ...} (exit 3).
 */
final class Failures implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof DataException d) {
      return Exits.checkFailed(Exits.kebab(d.reason()), d.getMessage());
    }
    return e instanceof ApiException a ? Exits.refused(a) : Exits.error(e);
  }

  /** What went wrong, said for a person: files by what happened to them, others by message. */
  static String describe(Exception e) {
    if (e instanceof NoSuchFileException f) {
      return "no such file: " + f.getFile();
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return "already exists: " + f.getFile();
    }
    String msg = e.getMessage();
    return msg == null || msg.isBlank()
        ? "unexpected failure (" + e.getClass().getSimpleName() + ")"
        : msg;
  }

  /** The kebab-case code of a failure that carries a reason (one of our modules' exceptions). */
  static Optional<String> code(Exception e) {
    return reason(e).map(Exits::kebab);
  }

  private static Optional<Enum<?>> reason(Exception e) {
    if (e instanceof VetKdException v) {
      return Optional.of(v.reason());
    }
    if (e instanceof DataException d) {
      return Optional.of(d.reason());
    }
    if (e instanceof AuditException a) {
      return Optional.of(a.reason());
    }
    if (e instanceof IdentityException i) {
      return Optional.of(i.reason());
    }
    if (e instanceof ControlPlaneException c) {
      return Optional.of(c.reason());
    }
    return e instanceof StoreException s ? Optional.of(s.reason()) : Optional.empty();
  }
}
