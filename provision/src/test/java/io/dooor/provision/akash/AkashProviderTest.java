package io.dooor.provision.akash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.core.TeeType;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Akash adapter against a stand-in for Akash's CLI (a shell script that records its arguments
 * and the SDL file it is given, and answers as {@code provider-services -o json} does): the exact
 * command sequence, resuming after "no bid yet" with the same dseq, the SDL file owner-only while
 * it exists and gone after, and no secret in any argument. Not run against the Akash network.
 */
class AkashProviderTest {
  private static final String P1 = "akash1" + "q".repeat(38);
  private static final String P2 = "akash1" + "p".repeat(38);
  private static final String H1 = "A1".repeat(32);
  private static final String H2 = "B2".repeat(32);
  private static final String H3 = "C3".repeat(32);
  private static final String OWNER = "akash1" + "z".repeat(38);

  @TempDir Path dir;

  private Path fakeCli() throws Exception {
    String d = dir.toString();
    String script =
        "#!/bin/bash\n"
            + "D='"
            + d
            + "'\n"
            + "printf '%s\\n' \"$*\" >> \"$D/calls\"\n"
            + "case \"$1 $2 $3\" in\n"
            + "  'tx deployment create')\n"
            + "    cp \"$4\" \"$D/sdl-seen.yaml\"; stat -c %a \"$4\" > \"$D/sdl-mode\"; echo \"$4\" > \"$D/sdl-path\"\n"
            + "    if [ -e \"$D/deployed\" ]; then echo '{\"height\":\"0\",\"txhash\":\""
            + H2
            + "\",\"code\":11,\"raw_log\":\"failed to execute message; message index: 0: deployment exists\"}'\n"
            + "    else touch \"$D/deployed\"; echo '{\"height\":\"0\",\"txhash\":\""
            + H1
            + "\",\"code\":0,\"raw_log\":\"\"}'; fi ;;\n"
            + "  'query market bid')\n"
            + "    if [ ! -e \"$D/bids-once\" ]; then touch \"$D/bids-once\"; echo '{\"bids\":[]}'\n"
            + "    else echo '{\"bids\":[{\"bid\":{\"id\":{\"owner\":\""
            + OWNER
            + "\",\"dseq\":\"1\",\"gseq\":1,\"oseq\":1,\"provider\":\""
            + P1
            + "\"},\"state\":\"open\",\"price\":{\"denom\":\"uakt\",\"amount\":\"12.5\"}}},"
            + "{\"bid\":{\"bid_id\":{\"gseq\":1,\"oseq\":1,\"provider\":\""
            + P2
            + "\"},\"state\":\"open\",\"price\":{\"denom\":\"uakt\",\"amount\":\"3.25\"}}},"
            + "{\"bid\":{\"id\":{\"provider\":\"evil; rm -rf\"},\"price\":{\"amount\":\"0.1\"}}}]}'; fi ;;\n"
            + "  'query market lease')\n"
            + "    if [ -e \"$D/leased\" ]; then echo '{\"leases\":[{\"lease\":{\"id\":{\"provider\":\""
            + P2
            + "\",\"gseq\":1,\"oseq\":1},\"state\":\"active\"}}]}'; else echo '{\"leases\":[]}'; fi ;;\n"
            + "  'tx market lease') touch \"$D/leased\"; echo '{\"txhash\":\""
            + H3
            + "\",\"code\":0}' ;;\n"
            + "  'tx deployment close') echo '{\"txhash\":\""
            + H1
            + "\",\"code\":0}' ;;\n"
            + "  *) if [ \"$1\" = send-manifest ]; then stat -c %a \"$2\" >> \"$D/manifest-modes\"; exit 0; fi; exit 2 ;;\n"
            + "esac\n";
    Path cli = dir.resolve("provider-services");
    Files.writeString(cli, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
    return cli;
  }

  private AkashProvider provider() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    return new AkashProvider(
        new AkashCli(fakeCli(), Duration.ofSeconds(30)),
        new AkashProvider.Config(
            "dooor-deployer",
            OWNER,
            "akashnet-2",
            "https://rpc.example:443",
            "0.025uakt",
            AkashSdlTest.SETTINGS,
            Set.of("any", "us-west")),
        work);
  }

  @Test
  void createWaitsForABidThenLeasesTheCheapestAndSendsTheManifest() throws Exception {
    AkashProvider akash = provider();
    MachineRequest req = AkashSdlTest.request(TeeType.SNP, "us-west", "dooor-join-v1.secret_1");
    String dseq = AkashProvider.dseq("dooor-client-token-1");

    assertThatThrownBy(() -> akash.create(req))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderException.Reason.UNAVAILABLE);
              assertThat(e.requestId()).isEqualTo(H1);
            });
    Provider.Answer leased = akash.create(req);
    Provider.Answer again = akash.create(req);
    Provider.Answer closed = akash.terminate("us-west", dseq);

    assertThat(leased).isEqualTo(new Provider.Answer(dseq, H3));
    assertThat(again).isEqualTo(new Provider.Answer(dseq, ""));
    assertThat(closed).isEqualTo(new Provider.Answer(dseq, H1));
    String tx =
        " --from dooor-deployer --chain-id akashnet-2 --node https://rpc.example:443 --gas auto"
            + " --gas-adjustment 1.5 --gas-prices 0.025uakt -y -o json";
    String bids =
        "query market bid list --owner "
            + OWNER
            + " --dseq "
            + dseq
            + " --state open --node https://rpc.example:443 -o json";
    String leases =
        "query market lease list --owner "
            + OWNER
            + " --dseq "
            + dseq
            + " --state active --node https://rpc.example:443 -o json";
    List<String> calls = Files.readAllLines(dir.resolve("calls"));
    String sdlPath = Files.readString(dir.resolve("sdl-path")).trim();
    List<String> shapes =
        calls.stream().map(c -> c.replaceAll("\\S*/sdl-[0-9]+\\.yaml", "SDL")).toList();
    String send =
        "send-manifest SDL --dseq "
            + dseq
            + " --provider "
            + P2
            + " --from dooor-deployer --node https://rpc.example:443";
    assertThat(shapes)
        .containsExactly(
            leases,
            "tx deployment create SDL --dseq " + dseq + tx,
            bids,
            leases,
            "tx deployment create SDL --dseq " + dseq + tx,
            bids,
            "tx market lease create --dseq " + dseq + " --gseq 1 --oseq 1 --provider " + P2 + tx,
            send,
            leases,
            send,
            "tx deployment close --dseq " + dseq + tx);
    assertThat(calls).noneMatch(c -> c.contains("secret_1"));
    assertThat(Files.readString(dir.resolve("sdl-mode")).trim()).isEqualTo("600");
    assertThat(Files.readAllLines(dir.resolve("manifest-modes"))).containsOnly("600");
    assertThat(Path.of(sdlPath)).doesNotExist();
    try (var left = Files.list(dir.resolve("work"))) {
      assertThat(left).isEmpty();
    }
    String sdl = Files.readString(dir.resolve("sdl-seen.yaml"));
    AkashSdl.validate(sdl);
    assertThat(sdl).contains("DOOOR_JOIN_TOKEN=dooor-join-v1.secret_1").contains("tee: \"cpu\"");
  }

  @Test
  void aSpecAkashCannotRunIsRefusedBeforeAnyCall() throws Exception {
    AkashProvider akash = provider();
    MachineRequest nitro = AkashSdlTest.request(TeeType.NITRO, "any", "dooor-join-v1.x");
    assertThatThrownBy(() -> akash.create(nitro))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.REFUSED));
    assertThat(dir.resolve("calls")).doesNotExist();
    assertThatThrownBy(() -> akash.terminate("any", "12; rm -rf /"))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void dseqIsStablePositiveAndDiffersPerToken() {
    String a = AkashProvider.dseq("t1");
    assertThat(a).isEqualTo(AkashProvider.dseq("t1")).isNotEqualTo(AkashProvider.dseq("t2"));
    assertThat(Long.parseLong(a)).isPositive().isLessThanOrEqualTo(1L << 53);
  }
}
