package io.dooor.cli;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKey;
import java.nio.charset.StandardCharsets;
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
 * {@code dooor key public-key|derive}: vetKD keys from the control plane, checked on this side. A
 * derivation generates a fresh transport key, so the vetKey is only ever in the clear here.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "key",
    description = "vetKD keys (ICP-compatible): derived public keys and vetKeys.",
    subcommands = {KeyCommand.PublicKey.class, KeyCommand.Derive.class})
final class KeyCommand {
  private KeyCommand() {}

  @Command(
      name = "public-key",
      mixinStandardHelpOptions = true,
      description =
          "The derived public key for a context, checked against the master public key. Exit 0"
              + " ok, 1 refused, 3 check failed.")
  static final class PublicKey implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Option(
        names = "--context",
        defaultValue = "dooor/node-key",
        description = "Derivation context (UTF-8). Default: ${DEFAULT-VALUE}")
    String context;

    @Option(names = "--master-key", description = "Expected master public key (hex), pinned")
    String masterKey;

    @Override
    public Integer call() throws Exception {
      try {
        Dto.VetKdPublicKey pk = VetKdCalls.fetch(opts.client(), context);
        VetKdCalls.verified(pk, context, masterKey);
        print(pk);
        return Exits.OK;
      } catch (ApiException e) {
        return Exits.refused(e);
      } catch (VetKdException e) {
        return Exits.checkFailed(e);
      }
    }

    private void print(Dto.VetKdPublicKey pk) {
      if (opts.json) {
        Output.json(pk);
        return;
      }
      Output.line("key id:      " + pk.keyId().curve() + " / " + pk.keyId().name());
      Output.line("canister id: " + pk.canisterId());
      Output.line("context:     " + pk.context());
      Output.line("public key:  " + pk.publicKeyHex());
      Output.line("base64:      " + pk.publicKeyBase64());
      Output.line("master key:  " + pk.masterPublicKeyHex());
      Output.line("checked:     derived from the master key for this canister and context");
    }
  }

  /** Exactly one way to give the derivation input. */
  static final class Input {
    @Option(names = "--input", description = "Input bytes, hex")
    String hex;

    @Option(names = "--input-text", description = "Input as UTF-8 text (e.g. a node id)")
    String text;

    @Option(names = "--input-self", description = "Input = the caller's own principal bytes")
    boolean self;

    Bytes bytes(Identity caller, CommandSpec spec) {
      if (self) {
        return Bytes.of(caller.principal().toBytes());
      }
      if (text != null) {
        return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
      }
      try {
        return Bytes.fromHex(hex);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--input is not hex: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "derive",
      mixinStandardHelpOptions = true,
      description =
          "Derive a vetKey: fresh transport key, POST /v1/vetkd/derive, decrypt and verify here;"
              + " print it or write it (or a symmetric key derived from it). Exit 0 ok, 1 refused,"
              + " 2 usage, 3 check failed.")
  static final class Derive implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ClientOptions opts;

    @Option(names = "--context", required = true, description = "Derivation context (UTF-8)")
    String context;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(
        names = "--symmetric-key",
        paramLabel = "DOMAIN",
        description = "Output HKDF(vetKey, DOMAIN) instead of the vetKey (spec §5)")
    String domain;

    @Option(
        names = "--length",
        defaultValue = "32",
        description = "Symmetric key length in bytes. Default: ${DEFAULT-VALUE}")
    int length;

    @Option(names = "--out", description = "Write the key (raw bytes, owner-only) here")
    Path out;

    @Option(names = "--master-key", description = "Expected master public key (hex), pinned")
    String masterKey;

    @Override
    public Integer call() throws Exception {
      Identity me = opts.caller();
      Bytes in = input.bytes(me, spec);
      ApiClient api = new ApiClient(opts.server, me);
      try {
        VetKey vetKey = derive(api, in);
        byte[] key =
            domain == null
                ? vetKey.toBytes().toArray()
                : vetKey.deriveSymmetricKey(domain, length).toArray();
        report(in, key);
        return Exits.OK;
      } catch (ApiException e) {
        return Exits.refused(e);
      } catch (VetKdException e) {
        return Exits.checkFailed(e);
      }
    }

    private VetKey derive(ApiClient api, Bytes in)
        throws ApiException, VetKdException, java.io.IOException {
      TransportSecretKey tsk = TransportSecretKey.generate();
      Dto.VetKdDerived r =
          api.post(
              "/v1/vetkd/derive",
              new Dto.VetKdDerive(context, in.hex(), tsk.publicKey().toBytes().hex()),
              Dto.VetKdDerived.class);
      DerivedPublicKey dpk =
          VetKdCalls.verified(VetKdCalls.fetch(api, context), context, masterKey);
      if (!dpk.equals(DerivedPublicKey.parse(Bytes.fromHex(r.derivedPublicKeyHex())))) {
        throw new VetKdException(
            VetKdException.Reason.INVALID_ARGUMENT,
            "the derivation's public key differs from the context's derived public key");
      }
      return EncryptedVetKey.parse(Bytes.fromHex(r.encryptedKeyHex()))
          .decryptAndVerify(tsk, dpk, in);
    }

    private void report(Bytes in, byte[] key) throws java.io.IOException {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("context", context);
      o.put("input_hex", in.hex());
      o.put("verified", true);
      o.put("kind", domain == null ? "vetkey" : "symmetric-key");
      if (domain != null) {
        o.put("domain", domain);
      }
      if (out != null) {
        SecretFiles.write(out, key);
        o.put("out", out.toString());
      } else {
        o.put("key_hex", Bytes.of(key).hex());
      }
      if (opts.json) {
        Output.json(o);
      } else {
        o.forEach((k, v) -> Output.line(k + ": " + v));
      }
    }
  }
}
