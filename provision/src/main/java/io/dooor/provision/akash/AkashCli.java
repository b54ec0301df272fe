package io.dooor.provision.akash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.common.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Akash's own command line ({@code provider-services}, which signs and broadcasts the deployment
 * and market transactions with a key in its keyring and sends the manifest to the provider over
 * mutual TLS) run as a process, and the readers of its JSON output. Arguments never carry a secret:
 * the SDL (with the join token) goes as a file only its owner can read.
 */
public final class AkashCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_OUTPUT = 4 << 20;

  /** What a run printed and how it ended. */
  public record Result(int exit, String out, String err) {}

  private final Path binary;
  private final Duration timeout;
  private final SecretBytes keyringPassphrase;

  public AkashCli(Path binary, Duration timeout) {
    this(binary, timeout, null);
  }

  /**
   * A CLI whose wallet key is in a {@code file} keyring ({@code AKASH_KEYRING_BACKEND=file}, the
   * Cosmos SDK's environment form of {@code --keyring-backend}), unlocked by {@code
   * keyringPassphrase}: written to the command's standard input (where the keyring prompts for it),
   * never in its arguments or environment.
   */
  public AkashCli(Path binary, Duration timeout, SecretBytes keyringPassphrase) {
    this.binary = binary;
    this.timeout = timeout;
    this.keyringPassphrase = keyringPassphrase;
  }

  /** Runs the CLI with {@code args}; its output is read whole (at most 4 MiB each). */
  public Result run(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(args);
    Path errFile = java.nio.file.Files.createTempFile("dooor-akash-", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errFile.toFile());
      if (keyringPassphrase == null) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      } else {
        pb.environment().put("AKASH_KEYRING_BACKEND", "file");
      }
      Process p = pb.start();
      if (keyringPassphrase != null) {
        passphrase(p);
      }
      byte[] out = p.getInputStream().readNBytes(MAX_OUTPUT);
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("akash CLI did not finish in " + timeout.toSeconds() + " s");
      }
      byte[] err = java.nio.file.Files.readAllBytes(errFile);
      return new Result(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, 0, Math.min(err.length, MAX_OUTPUT), StandardCharsets.UTF_8));
    } finally {
      java.nio.file.Files.deleteIfExists(errFile);
    }
  }

  /** The passphrase, once per prompt a command may make (a keyring asks again to confirm). */
  private void passphrase(Process p) throws IOException {
    byte[] pass = keyringPassphrase.toArray();
    try (java.io.OutputStream in = p.getOutputStream()) {
      for (int i = 0; i < 2; i++) {
        in.write(pass);
        in.write('\n');
      }
    } catch (IOException e) {
      // the command exited without reading it (a query needs no key): nothing to unlock
    } finally {
      java.util.Arrays.fill(pass, (byte) 0);
    }
  }

  /**
   * A broadcast transaction's answer ({@code -o json}): its hash, and its code (0: accepted) and
   * log.
   */
  public record Tx(String txhash, long code, String rawLog) {}

  /** Reads a transaction answer; empty when the text is not one. */
  public static Optional<Tx> tx(String text) {
    JsonNode n = tree(text);
    if (n == null || !n.path("txhash").isTextual()) {
      return Optional.empty();
    }
    String hash = n.path("txhash").asText();
    if (!hash.matches("[0-9A-Fa-f]{64}")) {
      return Optional.empty();
    }
    return Optional.of(new Tx(hash, n.path("code").asLong(0), n.path("raw_log").asText("")));
  }

  /** One open bid: the provider's address and its price per block. */
  public record Bid(String provider, long gseq, long oseq, java.math.BigDecimal price) {}

  /** Reads {@code query market bid list -o json}; entries that are not well formed are skipped. */
  public static List<Bid> bids(String text) {
    List<Bid> out = new ArrayList<>();
    JsonNode n = tree(text);
    if (n == null) {
      return out;
    }
    for (JsonNode entry : n.path("bids")) {
      JsonNode bid = entry.path("bid");
      JsonNode id = bid.has("id") ? bid.path("id") : bid.path("bid_id");
      String provider = id.path("provider").asText("");
      String amount = bid.path("price").path("amount").asText("");
      if (!provider.matches("akash1[02-9ac-hj-np-z]{38,58}")
          || !amount.matches("[0-9]{1,30}(\\.[0-9]{1,30})?")) {
        continue;
      }
      out.add(
          new Bid(
              provider,
              id.path("gseq").asLong(1),
              id.path("oseq").asLong(1),
              new java.math.BigDecimal(amount)));
    }
    return out;
  }

  /** Reads {@code query market lease list -o json}: the provider of an active lease, if any. */
  public static Optional<String> activeLeaseProvider(String text) {
    JsonNode n = tree(text);
    if (n == null) {
      return Optional.empty();
    }
    for (JsonNode entry : n.path("leases")) {
      JsonNode lease = entry.path("lease");
      JsonNode id = lease.has("id") ? lease.path("id") : lease.path("lease_id");
      String provider = id.path("provider").asText("");
      if ("active".equalsIgnoreCase(lease.path("state").asText(""))
          && provider.matches("akash1[02-9ac-hj-np-z]{38,58}")) {
        return Optional.of(provider);
      }
    }
    return Optional.empty();
  }

  private static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }
}
