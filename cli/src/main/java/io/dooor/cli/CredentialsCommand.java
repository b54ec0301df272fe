package io.dooor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.Json;
import io.dooor.provision.credentials.CredentialView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dooor provider credentials set|rotate|rm|ls} (issue 14): provider credentials, stored by
 * the control plane only encrypted under vetKD. The secret is read from a JSON file (or standard
 * input), never from the command line; no reply and no output ever holds it.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "credentials",
    description = "Provider credentials, stored encrypted under vetKD (controllers change them).",
    subcommands = {
      CredentialsCommand.Set.class,
      CredentialsCommand.Rotate.class,
      CredentialsCommand.Rm.class,
      CredentialsCommand.Ls.class
    })
final class CredentialsCommand {
  private CredentialsCommand() {}

  static void print(CredentialView v, boolean json) {
    if (json) {
      Output.json(v);
      return;
    }
    Output.line(
        "credential "
            + v.provider()
            + "/"
            + v.name()
            + (v.current() == 0 ? ": none in force" : ": v" + v.current() + " in force"));
    for (CredentialView.VersionView s : v.versions()) {
      Output.line(
          "  v"
              + s.version()
              + "  "
              + s.kind()
              + "  set "
              + s.createdAt()
              + (s.retiredAt().isEmpty()
                  ? ""
                  : "  retired " + s.retiredAt() + ", erased after " + s.eraseAfter()));
    }
  }

  /** The credential JSON in {@code file} ("-": standard input); errors never quote it. */
  static JsonNode read(Path file) throws IOException {
    byte[] raw = file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
    try {
      return Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new IOException(
          file
              + " is not JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
          null);
    }
  }

  static String path(String provider, String name) {
    return "/v1/provider-credentials/" + provider + "/" + name;
  }

  /** What set and rotate share. */
  abstract static class Change implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "provider: aws, gcp, azure or akash")
    String provider;

    @Parameters(index = "1", description = "credential name (e.g. default)")
    String name;

    @Option(
        names = "--file",
        required = true,
        paramLabel = "FILE",
        description =
            "The credential as JSON ('-': standard input), e.g. {\"kind\":\"aws-keys\","
                + "\"access_key_id\":...,\"secret_access_key\":...,\"session_token\":...}")
    Path file;
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Store a new credential (version 1; controllers).")
  static final class Set extends Change {
    @Override
    public Integer call() throws Exception {
      print(opts.client().put(path(provider, name), read(file), CredentialView.class), opts.json);
      return 0;
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description =
          "Store the next version; new provider calls use it, the previous one is erased after the"
              + " server's --credential-grace (controllers).")
  static final class Rotate extends Change {
    @Override
    public Integer call() throws Exception {
      print(
          opts.client().post(path(provider, name) + "/rotate", read(file), CredentialView.class),
          opts.json);
      return 0;
    }
  }

  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Erase every version of a credential now (controllers).")
  static final class Rm implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "provider: aws, gcp, azure or akash")
    String provider;

    @Parameters(index = "1", description = "credential name")
    String name;

    @Override
    public Integer call() throws Exception {
      print(
          opts.client().post(path(provider, name) + "/delete", Map.of(), CredentialView.class),
          opts.json);
      return 0;
    }
  }

  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "List credentials and their versions, never their content (operators).")
  static final class Ls implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Override
    public Integer call() throws Exception {
      CredentialView[] all = opts.client().get("/v1/provider-credentials", CredentialView[].class);
      if (opts.json) {
        Output.json(List.of(all));
        return 0;
      }
      for (CredentialView v : all) {
        print(v, false);
      }
      return 0;
    }
  }
}
