package io.dooor.cli;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.PolicyBodies;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A policy given as a file on the command line, in the JSON of {@code dooor policy set}: the holder
 * policy of {@code server start --holder-policy} and the control-plane policy of {@code keyshare
 * start --control-plane-policy}; {@code production} is the production default (real hardware only,
 * sim refused). A bad file is a usage error naming the option and the field.
 */
final class PolicyFiles {
  /** Largest policy file read. */
  static final long MAX_FILE = 256 * 1024;

  private PolicyFiles() {}

  /** The policy {@code text} names (a file, or {@code production}), named {@code name}. */
  static Policy read(CommandSpec spec, String option, String text, String name) {
    if (text.equals("production")) {
      return Policy.productionDefault(name, Principal.anonymous(), Instant.now());
    }
    Path file = Path.of(text);
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
        throw new ParameterException(
            spec.commandLine(),
            option + ": " + file + " is not a policy file of at most " + MAX_FILE + " bytes");
      }
      Dto.PolicyBody body = Json.read(Files.readAllBytes(file), Dto.PolicyBody.class);
      return PolicyBodies.spec(name, body).draft(Instant.now());
    } catch (ApiProblem e) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + ": bad policy "
              + file
              + (e.field() == null ? "" : " (field " + e.field() + ")")
              + ": "
              + e.getMessage());
    } catch (IllegalArgumentException | IOException e) {
      throw new ParameterException(
          spec.commandLine(), option + ": bad policy " + file + ": " + e.getMessage());
    }
  }
}
