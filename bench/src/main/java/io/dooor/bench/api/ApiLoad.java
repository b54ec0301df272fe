package io.dooor.bench.api;

import io.dooor.attestation.sim.SimTee;
import io.dooor.core.Bytes;
import io.dooor.core.ReportDataBinding;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import io.dooor.server.api.Dto;
import io.dooor.server.auth.Identity;
import io.dooor.server.client.ApiClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load run against a real control plane on loopback (SQLite, signed requests over
 * HTTP): admissions (register + sim attestation + ACTIVE) per second, then authenticated GETs of a
 * node with latency percentiles. Bounded in count; stops by itself.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.api.ApiLoad [threads]
 * [admissions] [gets]}
 */
public final class ApiLoad {
  private ApiLoad() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int admissions = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int gets = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
    Path dir = Files.createTempDirectory("dooor-load");
    try (Deployment d = Deployment.start(DeploymentConfig.embedded(dir, 0))) {
      URI url = URI.create("http://127.0.0.1:" + d.port());
      Identity controller = Identity.generate();
      d.plane().init(controller.principal());
      ApiClient admin = new ApiClient(url, controller);
      admin.put(
          "/v1/policies/load",
          new Dto.PolicyBody(
              List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 3600L, 300L),
          Dto.PolicyView.class);
      SimTee tee = d.simTee().orElseThrow();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < admissions) {
                    admit(url, tee, "n" + i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "admissions: %d in %.2f s = %.0f/s (%d client threads)%n",
          admissions,
          secs,
          admissions / secs,
          threads);
      gets(admin, pool, threads, gets);
      pool.shutdown();
    }
  }

  static void admit(URI url, SimTee tee, String id) throws Exception {
    Identity key = Identity.generate();
    ApiClient c = new ApiClient(url, key);
    Bytes platform = Bytes.of(Arrays.copyOf(key.principal().toBytes(), 16));
    Bytes initial =
        tee.report(
                ReportDataBinding.expected(Bytes.of(new byte[32]), key.publicKeySpki()),
                Bytes.of(new byte[48]),
                platform,
                false)
            .encode();
    Dto.Registered reg =
        c.post(
            "/v1/nodes",
            new Dto.RegisterNode(id, "load", "sim", key.publicKeySpki().base64(), initial.base64()),
            Dto.Registered.class);
    Bytes ev =
        tee.report(
                ReportDataBinding.expected(
                    Bytes.fromBase64(reg.challenge().nonce()), key.publicKeySpki()),
                Bytes.of(new byte[48]),
                platform,
                false)
            .encode();
    c.post("/v1/nodes/" + id + "/attestation", new Dto.Attest(ev.base64()), Dto.NodeView.class);
  }

  static void gets(ApiClient admin, ExecutorService pool, int threads, int total) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long[] lat = new long[total];
    long t0 = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(
          pool.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                  long s = System.nanoTime();
                  admin.get("/v1/nodes/n" + (i % 100), Dto.NodeView.class);
                  lat[i] = System.nanoTime() - s;
                }
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    Arrays.sort(lat);
    System.out.printf(
        Locale.ROOT,
        "authenticated GET /v1/nodes/{id}: %d in %.2f s = %.0f req/s; p50 %.2f ms, p99 %.2f ms%n",
        total,
        secs,
        total / secs,
        lat[total / 2] / 1e6,
        lat[(int) (total * 0.99)] / 1e6);
  }
}
