package io.dooor.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.NodeId;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real embedded deployment started with the vendor roots of ../shared/vectors (and, for Intel, a
 * sample's collateral) on a given clock, a controller that sets policies, and a node key that
 * registers over signed HTTP. Shared by the TDX, SNP and Nitro API tests; samples are read in place
 * (-Ddooor.vectors) and a test is skipped when they are absent.
 */
abstract class HardwarePlaneHttpFixture {
  @TempDir Path dir;
  Deployment d;
  URI url;
  Clock clock;
  Identity controller = Identity.generate();
  Identity nodeKey = Identity.generate();

  @AfterEach
  void stop() {
    if (d != null) {
      d.close();
    }
  }

  /** The attestation vectors folder, skipping the test when {@code sample} is absent. */
  static Path attestationVectors(String sample) {
    Path root = Path.of(System.getProperty("dooor.vectors", "../shared/vectors"), "attestation");
    assumeTrue(
        Files.isDirectory(root.resolve(sample)),
        "attestation vectors absent: " + root.resolve(sample) + " (skipped)");
    return root;
  }

  static JsonNode manifest(Path sample) throws IOException {
    return new ObjectMapper().readTree(sample.resolve("manifest.json").toFile());
  }

  /** A clock fixed at the sample's verification_time. */
  static Clock verificationClock(Path sample) throws IOException {
    return Clock.fixed(
        Instant.parse(manifest(sample).get("verification_time").asText()), ZoneOffset.UTC);
  }

  static Bytes file(Path sample, String name) throws IOException {
    return Bytes.of(Files.readAllBytes(sample.resolve(name)));
  }

  /** Starts a deployment trusting {@code root}/roots, with Intel collateral files, on {@code c}. */
  URI start(Path root, List<Path> intelCollateral, Clock c) throws Exception {
    return start(Hardware.offline(root.resolve("roots"), intelCollateral), c);
  }

  /** Starts a deployment with {@code hardware} (roots and collateral sources) on {@code c}. */
  URI start(Hardware hardware, Clock c) throws Exception {
    clock = c;
    DeploymentConfig config = DeploymentConfig.embedded(dir, 0).withHardware(hardware).withClock(c);
    d = Deployment.start(config);
    d.plane().init(controller.principal());
    url = URI.create("http://127.0.0.1:" + d.port());
    return url;
  }

  /** Sets the policy of workload "confidential" as the controller. */
  void policy(Dto.PolicyBody body) throws Exception {
    new ApiClient(url, controller, clock)
        .put("/v1/policies/confidential", body, Dto.PolicyView.class);
  }

  /** The node's API client (requests signed with the node key). */
  ApiClient node() {
    return new ApiClient(url, nodeKey, clock);
  }

  Dto.RegisterNode registration(String nodeId, String teeType, Bytes evidence) {
    return new Dto.RegisterNode(
        nodeId, "confidential", teeType, nodeKey.publicKeySpki().base64(), evidence.base64());
  }

  /** Registers and expects a refusal; the node must not exist afterwards. */
  ApiException refusedRegistration(String nodeId, String teeType, Bytes evidence) {
    ApiException e = null;
    try {
      node().post("/v1/nodes", registration(nodeId, teeType, evidence), Dto.Registered.class);
    } catch (ApiException refused) {
      e = refused;
    } catch (IOException other) {
      throw new AssertionError("transport failure, not a refusal", other);
    }
    if (e == null) {
      throw new AssertionError("registration of " + nodeId + " was accepted");
    }
    if (d.plane().store().node(NodeId.of(nodeId)).isPresent()) {
      throw new AssertionError("refused registration left node " + nodeId + " behind");
    }
    return e;
  }

  /** Presents {@code evidence} to verify_attestation and expects a refusal. */
  ApiException refusedAttestation(String nodeId, Bytes evidence) {
    try {
      node()
          .post(
              "/v1/nodes/" + nodeId + "/attestation",
              new Dto.Attest(evidence.base64()),
              Dto.NodeView.class);
    } catch (ApiException refused) {
      return refused;
    } catch (IOException other) {
      throw new AssertionError("transport failure, not a refusal", other);
    }
    throw new AssertionError("attestation of " + nodeId + " was accepted");
  }

  Event lastEvent() {
    long n = d.plane().store().eventCount();
    return d.plane().store().events(n - 1, n).get(0);
  }
}
