package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.agent.NodeAgent;
import io.dooor.agent.SimEvidenceSource;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.NodeId;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import io.dooor.vetkd.VetKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dooor key} and {@code dooor ibe} run through {@link Main#run} against a real control plane
 * on loopback (embedded threshold key service, signed HTTP), with an ACTIVE sim node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyAndIbeCommandTest {
  static final String NODE_KEY = "dooor/node-key";

  Path dir;
  Deployment d;
  String url;
  Identity controller = Identity.generate();
  Identity nodeKey = Identity.generate();
  NodeAgent node;
  Path controllerPem;
  Path nodePem;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    d = Deployment.start(DeploymentConfig.embedded(dir.resolve("data"), 0));
    url = "http://127.0.0.1:" + d.port();
    d.plane().init(controller.principal());
    ApiClient admin = new ApiClient(URI.create(url), controller);
    admin.put(
        "/v1/policies/w",
        new Dto.PolicyBody(
            List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L),
        Dto.PolicyView.class);
    SimEvidenceSource tee =
        new SimEvidenceSource(
            d.simTee().orElseThrow(), Bytes.of(new byte[48]), Bytes.of(new byte[16]), false);
    node =
        new NodeAgent(NodeId.of("n1"), "w", nodeKey, tee, new ApiClient(URI.create(url), nodeKey));
    assertThat(node.admit().state()).isEqualTo("ACTIVE");
    controllerPem = dir.resolve("controller.pem");
    nodePem = dir.resolve("node.pem");
    controller.save(controllerPem);
    nodeKey.save(nodePem);
  }

  @AfterAll
  void stop() {
    d.close();
  }

  CliRun run(Path identity, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (identity != null) {
      all.addAll(List.of("--server", url, "--identity", identity.toString()));
    }
    return CliRun.of(all);
  }

  @Test
  void publicKeyIsCheckedAgainstTheMasterKey() throws Exception {
    CliRun r = run(controllerPem, "key", "public-key", "--context", NODE_KEY, "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.at("/key_id/curve").asText()).isEqualTo("bls12_381_g2");
    assertThat(j.get("public_key_hex").asText()).hasSize(192);
    String master = j.get("master_public_key_hex").asText();

    CliRun pinned =
        run(controllerPem, "key", "public-key", "--context", NODE_KEY, "--master-key", master);
    assertThat(pinned.exit()).as(pinned.err()).isZero();
    assertThat(pinned.out()).contains("derived from the master key");

    String otherMaster =
        io.dooor.vetkd.MasterPublicKey.forMainnetKey("key_1").orElseThrow().toBytes().hex();
    CliRun wrong =
        run(controllerPem, "key", "public-key", "--context", NODE_KEY, "--master-key", otherMaster);
    assertThat(wrong.exit()).isEqualTo(3);
    assertThat(wrong.err()).contains("pinned");
  }

  @Test
  void nodeDerivesItsKeyAndAnIbeRoundTripOpensOnlyWithIt() throws Exception {
    Path vk = dir.resolve("n1.vetkey");
    CliRun derive =
        run(
            nodePem,
            "key",
            "derive",
            "--context",
            NODE_KEY,
            "--input-text",
            "n1",
            "--out",
            vk.toString(),
            "--json");
    assertThat(derive.exit()).as(derive.err()).isZero();
    assertThat(derive.json().get("verified").asBoolean()).isTrue();
    assertThat(derive.out()).doesNotContain(Bytes.of(Files.readAllBytes(vk)).hex());
    VetKey fromCli = VetKey.fromBytes(Bytes.of(Files.readAllBytes(vk)));
    assertThat(fromCli).isEqualTo(node.deriveNodeKey(NODE_KEY));

    byte[] message = new byte[1500];
    new SecureRandom().nextBytes(message);
    Path plain = dir.resolve("msg.bin");
    Path sealed = dir.resolve("msg.ibe");
    Path opened = dir.resolve("msg.out");
    Files.write(plain, message);
    CliRun enc =
        run(
            controllerPem,
            "ibe",
            "encrypt",
            "--context",
            NODE_KEY,
            "--to",
            "n1",
            "--in",
            plain.toString(),
            "--out",
            sealed.toString());
    assertThat(enc.exit()).as(enc.err()).isZero();
    assertThat(Files.size(sealed)).isEqualTo(message.length + 136L);

    CliRun dec =
        run(
            null,
            "ibe",
            "decrypt",
            "--vetkey",
            vk.toString(),
            "--in",
            sealed.toString(),
            "--out",
            opened.toString());
    assertThat(dec.exit()).as(dec.err()).isZero();
    assertThat(Files.readAllBytes(opened)).isEqualTo(message);

    byte[] tampered = Files.readAllBytes(sealed);
    tampered[tampered.length - 1] ^= 1;
    Files.write(sealed, tampered);
    CliRun bad =
        run(
            null,
            "ibe",
            "decrypt",
            "--vetkey",
            vk.toString(),
            "--in",
            sealed.toString(),
            "--out",
            opened.toString());
    assertThat(bad.exit()).isEqualTo(3);
    assertThat(bad.err()).startsWith("check failed (ibe-decryption-failed): IBE decryption failed");
  }

  @Test
  void aKeyForAnotherIdentityDoesNotDecrypt() throws Exception {
    Path mine = dir.resolve("controller.vetkey");
    CliRun derive =
        run(
            controllerPem,
            "key",
            "derive",
            "--context",
            "app/notes",
            "--input-self",
            "--out",
            mine.toString());
    assertThat(derive.exit()).as(derive.err()).isZero();
    Path plain = dir.resolve("note.txt");
    Path sealed = dir.resolve("note.ibe");
    Files.writeString(plain, "for n1 only");
    assertThat(
            run(
                    controllerPem,
                    "ibe",
                    "encrypt",
                    "--context",
                    "app/notes",
                    "--to",
                    "n1",
                    "--in",
                    plain.toString(),
                    "--out",
                    sealed.toString())
                .exit())
        .isZero();
    CliRun dec =
        run(
            null,
            "ibe",
            "decrypt",
            "--vetkey",
            mine.toString(),
            "--in",
            sealed.toString(),
            "--out",
            dir.resolve("note.out").toString());
    assertThat(dec.exit()).isEqualTo(3);
    assertThat(dir.resolve("note.out")).doesNotExist();
  }

  @Test
  void symmetricKeyIsHkdfOfTheVerifiedVetKey() throws Exception {
    Path vk = dir.resolve("self.vetkey");
    assertThat(
            run(
                    controllerPem,
                    "key",
                    "derive",
                    "--context",
                    "app/files",
                    "--input-self",
                    "--out",
                    vk.toString())
                .exit())
        .isZero();
    CliRun sym =
        run(
            controllerPem,
            "key",
            "derive",
            "--context",
            "app/files",
            "--input-self",
            "--symmetric-key",
            "my-app/aes",
            "--json");
    assertThat(sym.exit()).as(sym.err()).isZero();
    String expected =
        Bytes.of(
                VetKey.fromBytes(Bytes.of(Files.readAllBytes(vk)))
                    .deriveSymmetricKey("my-app/aes", 32)
                    .toArray())
            .hex();
    assertThat(sym.json().get("key_hex").asText()).isEqualTo(expected);
    assertThat(sym.json().get("kind").asText()).isEqualTo("symmetric-key");
  }

  @Test
  void refusalsAndBadInputHaveDistinctExitCodes() throws Exception {
    long before = d.plane().store().eventCount();
    CliRun refused =
        run(controllerPem, "key", "derive", "--context", NODE_KEY, "--input-text", "n1");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("refused (forbidden)").contains("derive.not_node_identity");
    assertThat(refused.out()).isEmpty();
    Event e = d.plane().store().events(before, before + 1).get(0);
    assertThat(e.outcome()).isEqualTo(Event.Outcome.REFUSED);
    assertThat(e.action()).isEqualTo("key.derive");

    CliRun usage = run(nodePem, "key", "derive", "--context", NODE_KEY, "--input", "zz");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("--input is not hex");
    CliRun both =
        run(nodePem, "key", "derive", "--context", NODE_KEY, "--input", "00", "--input-self");
    assertThat(both.exit()).isEqualTo(2);
  }
}
