package io.dooor.provision.akash;

import io.dooor.core.TeeType;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code akash} provider (issue 14): one Akash deployment per machine, through Akash's
 * documented command line ({@link AkashCli}: {@code tx deployment create}, {@code query market bid
 * list}, {@code tx market lease create}, {@code send-manifest}, {@code tx deployment close}). Akash
 * has no API keys: transactions are signed by a wallet key in the CLI's keyring, and the manifest
 * goes to the provider over mutual TLS with the wallet's client certificate; both stay in the CLI,
 * which is why it is used rather than re-implementing Cosmos transaction signing here.
 *
 * <p>Idempotent and resumable: the deployment sequence ({@code dseq}) is derived from the machine's
 * client token, so a repeated create finds the same deployment; each step is skipped when done (a
 * deployment that exists, a lease that is active). Bids take a block or more to arrive: a create
 * without a bid yet fails as UNAVAILABLE and the reconciler repeats it with the same token. The
 * cheapest open bid is taken (the SDL's {@code signedBy} limits bidders to audited providers). The
 * machine's reference is its dseq; the request id recorded is the transaction hash. Not run against
 * the Akash network.
 */
public final class AkashProvider implements Provider {
  public static final String NAME = "akash";
  private static final Pattern DSEQ = Pattern.compile("[1-9][0-9]{0,19}");

  /**
   * The wallet and chain.
   *
   * @param key the keyring name of the deployment wallet
   * @param owner that wallet's address (whose deployments are queried)
   * @param chainId e.g. {@code akashnet-2}
   * @param node the RPC node, e.g. {@code https://rpc.akashnet.net:443}
   * @param gasPrices e.g. {@code 0.025uakt}
   * @param sdl pricing, storage and auditors of every deployment
   * @param regions the {@code region} attribute values specs may name ({@code any}: no attribute)
   */
  public record Config(
      String key,
      String owner,
      String chainId,
      String node,
      String gasPrices,
      AkashSdl.Settings sdl,
      Set<String> regions) {
    public Config {
      regions = Set.copyOf(regions);
    }
  }

  private final AkashCli cli;
  private final Config config;
  private final Path workDir;

  /**
   * @param workDir a folder only this process's user can read, for SDL files while a command runs
   */
  public AkashProvider(AkashCli cli, Config config, Path workDir) {
    this.cli = cli;
    this.config = config;
    this.workDir = workDir;
  }

  /**
   * The adapter of one call: the stored {@code akash-keyring} credential names the wallet key
   * (replacing {@link Config#key()}) and holds the passphrase of the {@code file} keyring it is in,
   * given to the CLI on its standard input ({@link AkashCli}).
   */
  public static io.dooor.provision.StoredCredentialProvider.Factory factory(
      Path binary, java.time.Duration timeout, Config config, Path workDir) {
    return opened -> {
      if (!"akash-keyring".equals(opened.kind())) {
        throw new ProviderException(
            ProviderException.Reason.UNAVAILABLE,
            "credential " + opened.id().label() + " is of kind " + opened.kind(),
            "");
      }
      byte[] plain = opened.plaintext().toArray();
      try {
        com.fasterxml.jackson.databind.JsonNode f = io.dooor.client.Json.MAPPER.readTree(plain);
        Config c =
            new Config(
                f.path("key_name").asText(),
                config.owner(),
                config.chainId(),
                config.node(),
                config.gasPrices(),
                config.sdl(),
                config.regions());
        AkashCli cli =
            new AkashCli(
                binary,
                timeout,
                io.dooor.common.SecretBytes.of(
                    f.path("keyring_passphrase").asText().getBytes(StandardCharsets.UTF_8)));
        return new AkashProvider(cli, c, workDir);
      } catch (IOException e) {
        throw new ProviderException(
            ProviderException.Reason.UNAVAILABLE,
            "credential " + opened.id().label() + " is not a usable keyring credential",
            "");
      } finally {
        java.util.Arrays.fill(plain, (byte) 0);
      }
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> regions() {
    return config.regions();
  }

  @Override
  public Set<TeeType> teeTypes() {
    return Set.of(TeeType.SNP, TeeType.TDX);
  }

  /** The deployment sequence of a machine: 53 bits of SHA-256 of its client token, never 0. */
  static String dseq(String clientToken) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(clientToken.getBytes(StandardCharsets.UTF_8));
      BigInteger v = new BigInteger(1, java.util.Arrays.copyOf(h, 8)).shiftRight(11);
      return v.add(BigInteger.ONE).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> txFlags() {
    return List.of(
        "--from",
        config.key(),
        "--chain-id",
        config.chainId(),
        "--node",
        config.node(),
        "--gas",
        "auto",
        "--gas-adjustment",
        "1.5",
        "--gas-prices",
        config.gasPrices(),
        "-y",
        "-o",
        "json");
  }

  private static List<String> args(List<String> head, List<String> tail) {
    List<String> out = new ArrayList<>(head);
    out.addAll(tail);
    return out;
  }

  @Override
  public Answer create(MachineRequest r) throws ProviderException {
    String sdl;
    try {
      sdl = AkashSdl.yaml(r, config.sdl());
    } catch (AkashSdl.InvalidSdl | IllegalArgumentException e) {
      throw new ProviderException(ProviderException.Reason.REFUSED, e.getMessage(), "");
    }
    String dseq = dseq(r.clientToken());
    Path file = null;
    try {
      file =
          Files.createTempFile(
              workDir,
              "sdl-",
              ".yaml",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, sdl, StandardCharsets.UTF_8);
      String path = file.toString();

      Optional<String> leased = lease(dseq);
      String requestId = "";
      if (leased.isEmpty()) {
        AkashCli.Tx created =
            tx(
                args(List.of("tx", "deployment", "create", path, "--dseq", dseq), txFlags()),
                "deployment create");
        if (created.code() != 0 && !mentionsExisting(created.rawLog())) {
          throw refused("deployment create", created);
        }
        AkashCli.Result listed =
            run(
                List.of(
                    "query",
                    "market",
                    "bid",
                    "list",
                    "--owner",
                    config.owner(),
                    "--dseq",
                    dseq,
                    "--state",
                    "open",
                    "--node",
                    config.node(),
                    "-o",
                    "json"));
        Optional<AkashCli.Bid> best =
            AkashCli.bids(listed.out()).stream()
                .min(
                    Comparator.comparing(AkashCli.Bid::price)
                        .thenComparing(AkashCli.Bid::provider));
        if (best.isEmpty()) {
          throw new ProviderException(
              ProviderException.Reason.UNAVAILABLE,
              "no bid yet for dseq " + dseq,
              created.txhash());
        }
        AkashCli.Bid bid = best.get();
        AkashCli.Tx lease =
            tx(
                args(
                    List.of(
                        "tx",
                        "market",
                        "lease",
                        "create",
                        "--dseq",
                        dseq,
                        "--gseq",
                        Long.toString(bid.gseq()),
                        "--oseq",
                        Long.toString(bid.oseq()),
                        "--provider",
                        bid.provider()),
                    txFlags()),
                "lease create");
        if (lease.code() != 0) {
          throw refused("lease create", lease);
        }
        leased = Optional.of(bid.provider());
        requestId = lease.txhash();
      }
      AkashCli.Result sent =
          run(
              List.of(
                  "send-manifest",
                  path,
                  "--dseq",
                  dseq,
                  "--provider",
                  leased.get(),
                  "--from",
                  config.key(),
                  "--node",
                  config.node()));
      if (sent.exit() != 0) {
        throw new ProviderException(
            ProviderException.Reason.UNAVAILABLE,
            "send-manifest failed (exit " + sent.exit() + ")",
            requestId);
      }
      return new Answer(dseq, requestId);
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Reason.UNAVAILABLE, e.getMessage(), "");
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // left owner-only in workDir; the next create's temp file does not collide
        }
      }
    }
  }

  @Override
  public Answer terminate(String region, String dseq) throws ProviderException {
    if (!DSEQ.matcher(dseq).matches()) {
      throw new ProviderException(ProviderException.Reason.REFUSED, "not a dseq", "");
    }
    AkashCli.Tx closed =
        tx(
            args(List.of("tx", "deployment", "close", "--dseq", dseq), txFlags()),
            "deployment close");
    if (closed.code() != 0) {
      String log = closed.rawLog().toLowerCase(Locale.ROOT);
      if (log.contains("not found") || log.contains("closed")) {
        return new Answer(dseq, closed.txhash());
      }
      throw refused("deployment close", closed);
    }
    return new Answer(dseq, closed.txhash());
  }

  private Optional<String> lease(String dseq) throws ProviderException {
    AkashCli.Result res =
        run(
            List.of(
                "query",
                "market",
                "lease",
                "list",
                "--owner",
                config.owner(),
                "--dseq",
                dseq,
                "--state",
                "active",
                "--node",
                config.node(),
                "-o",
                "json"));
    return res.exit() == 0 ? AkashCli.activeLeaseProvider(res.out()) : Optional.empty();
  }

  private static boolean mentionsExisting(String rawLog) {
    String log = rawLog.toLowerCase(Locale.ROOT);
    return log.contains("deployment exists") || log.contains("already exists");
  }

  private AkashCli.Tx tx(List<String> args, String what) throws ProviderException {
    AkashCli.Result res = run(args);
    return AkashCli.tx(res.out())
        .orElseThrow(
            () ->
                new ProviderException(
                    ProviderException.Reason.UNAVAILABLE,
                    what + ": no transaction answer (exit " + res.exit() + ")",
                    ""));
  }

  private AkashCli.Result run(List<String> args) throws ProviderException {
    try {
      return cli.run(args);
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Reason.UNAVAILABLE, e.getMessage(), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(ProviderException.Reason.UNAVAILABLE, "interrupted", "");
    }
  }

  private static ProviderException refused(String what, AkashCli.Tx tx) {
    String log = tx.rawLog().replaceAll("[^\\x20-\\x7e]", "?");
    return new ProviderException(
        ProviderException.Reason.REFUSED,
        "Akash "
            + what
            + " code "
            + tx.code()
            + ": "
            + log.substring(0, Math.min(200, log.length())),
        tx.txhash());
  }
}
