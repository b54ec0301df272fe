package io.dooor.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failure as one line in the user's words (no stack trace, no class name) and exits 1. */
final class Failures implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    cmd.getErr().println("error: " + describe(e));
    return 1;
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
}
