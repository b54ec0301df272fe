package io.dooor.server;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.ReportDataBinding;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real embedded control plane per test, on loopback: a controller, and workload "w" admitting sim
 * nodes. Helpers make sim reports and read the recorded events.
 */
abstract class SimPlaneHttpFixture {
  @TempDir Path dir;

  Deployment d;
  URI url;
  Identity controller = Identity.generate();
  ApiClient admin;

  @BeforeEach
  void start() throws Exception {
    d = Deployment.start(config());
    url = URI.create("http://127.0.0.1:" + d.port());
    d.plane().init(controller.principal());
    admin = new ApiClient(url, controller);
    admin.put(
        "/v1/policies/w",
        new Dto.PolicyBody(
            List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L),
        Dto.PolicyView.class);
  }

  /** The deployment's configuration: the embedded default on {@code dir}. */
  DeploymentConfig config() {
    return DeploymentConfig.embedded(dir, 0);
  }

  @AfterEach
  void stop() {
    d.close();
  }

  /** A sim report for {@code node} bound to {@code nonce}. */
  Bytes sim(Identity node, byte[] nonce) {
    return d.simTee()
        .orElseThrow()
        .report(
            ReportDataBinding.expected(Bytes.of(nonce), node.publicKeySpki()),
            Bytes.of(new byte[48]),
            Bytes.of(new byte[16]),
            false)
        .encode();
  }

  long events() {
    return d.plane().store().eventCount();
  }

  Event lastEvent() {
    long n = events();
    return d.plane().store().events(n - 1, n).get(0);
  }
}
