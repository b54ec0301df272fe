package io.dooor.cli;

import io.dooor.agent.NodeAgent;
import io.dooor.agent.SimEvidenceSource;
import io.dooor.attestation.sim.SimTee;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.audit.VerifiedEntry;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.ControlPlane;
import io.dooor.core.NodeId;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.IbeCiphertext;
import io.dooor.vetkd.IbeSeed;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dooor demo}: the whole story on the embedded default, over real HTTP on loopback: a
 * control plane on SQLite in a temp folder, several sim node agents admitted through challenge and
 * attestation, a refused attestation, a refused sim node under the production policy, a derived
 * node key, data encrypted to a node's identity that only that node can decrypt, a deactivation,
 * the data story ({@link DemoData}: back up 3 of 5, lose two nodes and restore, repair onto spares,
 * a deactivated node refused, a survivor restores), the fleet, the record, and an auditor checking
 * the log (replay, consistency with an earlier checkpoint, inclusion of one entry).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the end-to-end demo on the embedded default.")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--nodes",
      defaultValue = "4",
      description = "How many sim nodes. Default: ${DEFAULT-VALUE}")
  int nodes;

  @Option(
      names = "--data",
      description = "Data folder, kept afterwards (default: a new temp folder, removed at the end)")
  Path data;

  private int step;

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : Files.createTempDirectory("dooor-demo");
    try {
      run(dir);
    } finally {
      if (data == null) {
        SecretFiles.deleteTree(dir);
      }
    }
    say("Demo complete.");
    return 0;
  }

  private void run(Path dir) throws Exception {
    say("Starting a control plane on SQLite in " + dir);
    DeploymentConfig config =
        DeploymentConfig.embedded(dir, 0)
            .withRepair(
                new DeploymentConfig.Repair(
                    Duration.ofSeconds(1),
                    DeploymentConfig.Repair.DEFAULT.grace(),
                    DeploymentConfig.Repair.DEFAULT.bytesPerSecond()));
    try (Deployment d = Deployment.start(config)) {
      URI url = URI.create("http://127.0.0.1:" + d.port());
      Identity controller = Identity.generate();
      controller.save(dir.resolve("controller.pem"));
      d.plane().init(controller.principal());
      detail("listening on " + url + "; first controller " + controller.principal());
      ApiClient admin = new ApiClient(url, controller);
      new Story(this, d, url, admin, controller, dir).run(nodes);
    }
  }

  void say(String what) {
    Output.line("");
    Output.line("[" + (++step) + "] " + what);
  }

  static void detail(String what) {
    Output.line("    " + what);
  }

  /** The steps, in order. */
  private record Story(
      DemoCommand out, Deployment d, URI url, ApiClient admin, Identity controller, Path dir) {
    static final Bytes MEASUREMENT = Bytes.fromHex("d0".repeat(48));

    void run(int count) throws Exception {
      setPolicy();
      SimTee tee = d.simTee().orElseThrow();
      List<NodeAgent> agents = admit(tee, count);
      AuditVerifier auditor = AuditVerifier.of(d.auditVerifierKey());
      d.publishCheckpoint();
      VerifiedCheckpoint early = new RemoteLog(admin).latest(auditor);
      refusedAttestation(tee);
      productionRefusesSim(tee);
      VetKey nodeKey = deriveKey(agents.get(0));
      if (nodeKey != null && agents.size() > 1) {
        encryptToNode(agents.get(0), nodeKey, agents.get(1));
      }
      deactivate(agents.get(agents.size() - 1));
      new DemoData(out, tee, url, admin, controller, dir).run(MEASUREMENT);
      fleet();
      record();
      verifyLog(auditor, early);
    }

    NodeAgent agent(SimTee tee, String id, String workload, Bytes measurement) {
      Identity key = Identity.generate();
      Bytes platform = Bytes.of(java.util.Arrays.copyOf(key.principal().toBytes(), 16));
      return new NodeAgent(
          NodeId.of(id),
          workload,
          key,
          new SimEvidenceSource(tee, measurement, platform, false),
          new ApiClient(url, key));
    }

    void setPolicy() throws Exception {
      out.say(
          "Controller sets a development policy for workload 'demo': sim TEEs with measurement d0d0..d0");
      Dto.PolicyView p =
          admin.put(
              "/v1/policies/demo",
              new Dto.PolicyBody(
                  List.of("sim"),
                  Map.of("MEASUREMENT", List.of(MEASUREMENT.hex())),
                  Map.of(),
                  List.of("NotApplicable"),
                  false,
                  600L,
                  60L),
              Dto.PolicyView.class);
      detail(
          "policy demo v"
              + p.version()
              + ": types "
              + p.allowedTeeTypes()
              + ", attestation TTL "
              + p.attestationTtlSeconds()
              + " s");
    }

    List<NodeAgent> admit(SimTee tee, int count) throws Exception {
      List<NodeAgent> agents = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        NodeAgent a = agent(tee, "node-" + i, "demo", MEASUREMENT);
        out.say("Node agent " + a.id() + " (principal " + a.identity().principal() + ") registers");
        Dto.Registered reg = a.register();
        detail(
            "registered PENDING; challenge nonce "
                + reg.challenge().nonce()
                + " expires "
                + reg.challenge().expiresAt());
        Dto.NodeView n = a.attest(Bytes.fromBase64(reg.challenge().nonce()));
        detail(
            "evidence binds SHA-512(nonce || SHA-256(node key)): verified, now "
                + n.state()
                + " until "
                + n.attestationExpiresAt());
        agents.add(a);
      }
      return agents;
    }

    void refusedAttestation(SimTee tee) throws Exception {
      NodeAgent rogue = agent(tee, "node-rogue", "demo", MEASUREMENT);
      out.say("Node " + rogue.id() + " registers, then answers with evidence for the wrong nonce");
      rogue.register();
      try {
        rogue.attest(Bytes.of(new byte[32]));
        throw new IllegalStateException("a wrong-nonce attestation was accepted");
      } catch (ApiException e) {
        detail(Exits.line("refused", e.code(), e.getMessage()));
        detail("node stays " + admin.get("/v1/nodes/node-rogue", Dto.NodeView.class).state());
      }
    }

    void productionRefusesSim(SimTee tee) throws Exception {
      NodeAgent prod = agent(tee, "node-prod", "payments", MEASUREMENT);
      out.say(
          "Node "
              + prod.id()
              + " tries to join workload 'payments', which has the production default policy");
      try {
        prod.register();
        throw new IllegalStateException("production policy admitted a sim node");
      } catch (ApiException e) {
        detail(Exits.line("refused", e.code(), e.getMessage()));
      }
    }

    VetKey deriveKey(NodeAgent a) throws Exception {
      out.say(
          "Node "
              + a.id()
              + " derives its node key through vetKD (decrypted and verified on the node)");
      try {
        VetKey key = a.deriveNodeKey(ControlPlane.NODE_KEY_CONTEXT);
        detail(
            "vetKey verified; a 32-byte AES key derived from it: "
                + key.deriveSymmetricKey("dooor-demo", 32).length()
                + " bytes, never seen by the server");
        return key;
      } catch (ApiException e) {
        detail(Exits.line("refused", e.code(), e.getMessage()));
        return null;
      }
    }

    /**
     * encrypt_data / decrypt_data: the controller encrypts to the node's identity under the derived
     * public key it checked against the master key; only that node's vetKey decrypts.
     */
    void encryptToNode(NodeAgent a, VetKey key, NodeAgent other) throws Exception {
      String context = ControlPlane.NODE_KEY_CONTEXT;
      out.say(
          "Controller encrypts data to "
              + a.id()
              + " (IBE under the derived public key of '"
              + context
              + "'); only "
              + a.id()
              + " can decrypt");
      DerivedPublicKey dpk = VetKdCalls.verified(VetKdCalls.fetch(admin, context), context, null);
      Bytes secret = Bytes.of("database password for node-1".getBytes(StandardCharsets.UTF_8));
      IbeCiphertext c =
          IbeCiphertext.encrypt(
              dpk,
              Bytes.of(a.id().value().getBytes(StandardCharsets.UTF_8)),
              secret,
              IbeSeed.random());
      detail(
          "derived public key checked against the master key; "
              + c.toBytes().length()
              + "-byte ciphertext, encrypted on the client: the server never sees the plaintext");
      Bytes opened = c.decrypt(key);
      detail(a.id() + " decrypts it with its vetKey: \"" + utf8(opened) + "\"");
      VetKey otherKey = other.deriveNodeKey(context);
      try {
        c.decrypt(otherKey);
        throw new IllegalStateException("another node's vetKey decrypted the ciphertext");
      } catch (VetKdException e) {
        detail(
            other.id()
                + "'s vetKey cannot: "
                + Exits.line("check failed", Exits.kebab(e.reason()), e.getMessage()));
      }
    }

    private static String utf8(Bytes b) {
      return new String(b.toArray(), StandardCharsets.UTF_8);
    }

    void deactivate(NodeAgent a) throws Exception {
      out.say("Controller deactivates " + a.id() + " (compromised)");
      Dto.NodeView n =
          admin.post(
              "/v1/nodes/" + a.id() + "/deactivate",
              new Dto.Deactivate("demo: suspected compromise"),
              Dto.NodeView.class);
      detail("now " + n.state() + " (" + n.reason() + ")");
      try {
        a.heartbeat();
      } catch (ApiException e) {
        detail("its heartbeat is " + Exits.line("refused", e.code(), e.getMessage()));
      }
    }

    void fleet() throws Exception {
      out.say("The fleet");
      for (Dto.NodeView n : admin.getList("/v1/nodes", Dto.NodeView.class)) {
        detail(NodeCommand.row(n));
      }
    }

    void verifyLog(AuditVerifier auditor, VerifiedCheckpoint early) throws Exception {
      out.say(
          "An auditor verifies the log: signed checkpoint (C2SP note, Ed25519) and a full replay of the RFC 9162 tree");
      String note = d.publishCheckpoint();
      detail("checkpoint: " + note.lines().limit(3).toList());
      detail("verifier key: " + d.auditVerifierKey());
      RemoteLog log = new RemoteLog(admin);
      VerifiedCheckpoint latest = log.latest(auditor);
      var result = log.replay(auditor, latest);
      detail("valid: " + result.entries() + " entries replayed, root " + result.root().base64());
      int hashes = log.consistency(auditor, early, latest);
      detail(
          "the checkpoint saved after the admissions (size "
              + early.size()
              + ") is a prefix of this one (size "
              + latest.size()
              + "): consistency proof of "
              + hashes
              + " hashes verified");
      long last = latest.size() - 1;
      VerifiedEntry entry = log.inclusion(auditor, latest, last);
      detail(
          "entry "
              + last
              + " ("
              + entry.entry().action()
              + " "
              + entry.entry().subject()
              + ") is included: inclusion proof verified");
    }

    void record() throws Exception {
      out.say("The recorded events (every change and every refusal)");
      for (Dto.EventView e : admin.getList("/v1/events?from=0&limit=1000", Dto.EventView.class)) {
        detail(
            String.format(
                java.util.Locale.ROOT,
                "#%-3d %-7s %-16s %-14s %s",
                e.seq(),
                e.outcome(),
                e.action(),
                e.subject(),
                e.reason().isEmpty() ? e.details() : e.reason()));
      }
    }
  }
}
