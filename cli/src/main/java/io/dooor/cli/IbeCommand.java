package io.dooor.cli;

import io.dooor.client.ApiException;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.IbeCiphertext;
import io.dooor.vetkd.IbeSeed;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dooor ibe encrypt|decrypt}: identity-based encryption in the ic-vetkeys format (spec §6).
 * Anyone may encrypt to an identity under a context's derived public key (fetched from the control
 * plane and checked against its master key); only the holder of that identity's vetKey (from {@code
 * dooor key derive}) can decrypt, offline.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "ibe",
    description = "Identity-based encryption to vetKD identities (ICP vetKeys format).",
    subcommands = {IbeCommand.Encrypt.class, IbeCommand.Decrypt.class})
final class IbeCommand {
  private IbeCommand() {}

  /** Exactly one way to name the recipient identity (the derivation input of its vetKey). */
  static final class Recipient {
    @Option(names = "--to", description = "Identity as UTF-8 text (e.g. a node id)")
    String text;

    @Option(names = "--to-hex", description = "Identity bytes, hex")
    String hex;

    @Option(names = "--to-principal", description = "Identity = this principal's bytes")
    String principal;

    Bytes bytes(CommandSpec spec) {
      try {
        if (text != null) {
          return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
        }
        if (principal != null) {
          return Bytes.of(Principal.parse(principal).toBytes());
        }
        return Bytes.fromHex(hex);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "bad recipient: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "encrypt",
      mixinStandardHelpOptions = true,
      description =
          "Encrypt a file to an identity under a context's derived public key. Exit 0 ok, 1"
              + " refused, 2 usage, 3 check failed.")
  static final class Encrypt implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ClientOptions opts;

    @Option(names = "--context", required = true, description = "Derivation context (UTF-8)")
    String context;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Recipient to;

    @Option(names = "--in", required = true, description = "Plaintext file")
    Path in;

    @Option(names = "--out", required = true, description = "Ciphertext file")
    Path out;

    @Option(names = "--master-key", description = "Expected master public key (hex), pinned")
    String masterKey;

    @Override
    public Integer call() throws Exception {
      Bytes identity = to.bytes(spec);
      Bytes message = Bytes.of(Files.readAllBytes(in));
      try {
        DerivedPublicKey dpk =
            VetKdCalls.verified(VetKdCalls.fetch(opts.client(), context), context, masterKey);
        IbeCiphertext c = IbeCiphertext.encrypt(dpk, identity, message, IbeSeed.random());
        Files.write(out, c.toBytes().toArray());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("context", context);
        o.put("identity_hex", identity.hex());
        o.put("derived_public_key_hex", dpk.toBytes().hex());
        o.put("plaintext_bytes", message.length());
        o.put("out", out.toString());
        emit(o, opts.json);
        return Exits.OK;
      } catch (ApiException e) {
        return Exits.refused(e);
      } catch (VetKdException e) {
        return Exits.checkFailed(e);
      }
    }
  }

  @Command(
      name = "decrypt",
      mixinStandardHelpOptions = true,
      description =
          "Decrypt with the identity's vetKey (from `dooor key derive --out`), offline. Exit 0"
              + " ok, 1 I/O failure, 3 wrong key or modified ciphertext.")
  static final class Decrypt implements Callable<Integer> {
    @Option(
        names = "--vetkey",
        required = true,
        description = "vetKey file: 48 raw bytes or their hex")
    Path vetKeyFile;

    @Option(names = "--in", required = true, description = "Ciphertext file")
    Path in;

    @Option(names = "--out", required = true, description = "Plaintext file")
    Path out;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try {
        VetKey key = VetKey.fromBytes(SecretFiles.read(vetKeyFile, 48));
        IbeCiphertext c = IbeCiphertext.parse(Bytes.of(Files.readAllBytes(in)));
        Bytes plain = c.decrypt(key);
        Files.write(out, plain.toArray());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("plaintext_bytes", plain.length());
        o.put("out", out.toString());
        emit(o, json);
        return Exits.OK;
      } catch (VetKdException e) {
        return Exits.checkFailed(e);
      }
    }
  }

  private static void emit(Map<String, Object> o, boolean json) {
    if (json) {
      Output.json(o);
    } else {
      o.forEach((k, v) -> Output.line(k + ": " + v));
    }
  }
}
