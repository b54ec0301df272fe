package io.dooor.bench.api;

import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP floor beside {@link ServerLoad} (issue 15): plain Javalin on this JDK, no signature, no
 * store, answering GET with a fixed JSON body the size of a node view, loaded by {@link HttpLoad}'s
 * own keep-alive client in the same closed loop. Server CPU per GET is the process CPU minus the
 * client threads' CPU, as in HttpLoad.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.api.HttpFloor [connections]
 * [gets]}
 */
public final class HttpFloor {
  private HttpFloor() {}

  public static void main(String[] args) throws Exception {
    int conns = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int gets = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    byte[] body =
        ("{\"id\":\"n-000001\",\"state\":\"ACTIVE\",\"teeType\":\"sim\",\"workload\":\"load\","
                + "\"principal\":\"ed25519:"
                + "x".repeat(300)
                + "\",\"measurements\":{\"mrtd\":\""
                + "0".repeat(96)
                + "\"},\"policyVersion\":1}")
            .getBytes(StandardCharsets.UTF_8);
    Javalin app =
        Javalin.create(
            config ->
                config.routes.get(
                    "/v1/nodes/{id}", ctx -> ctx.contentType("application/json").result(body)));
    app.start("127.0.0.1", 0);
    ExecutorService pool = Executors.newFixedThreadPool(conns);
    try {
      System.out.println("warm-up:");
      gets(app.port(), pool, conns, gets);
      System.out.println("measured:");
      gets(app.port(), pool, conns, gets);
    } finally {
      pool.shutdown();
      app.stop();
    }
  }

  private static void gets(int port, ExecutorService pool, int conns, int n) throws Exception {
    byte[] request =
        "GET /v1/nodes/n-000001 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    AtomicInteger next = new AtomicInteger();
    long[] lat = new long[n];
    HttpLoad.Run run =
        HttpLoad.run(
            pool,
            conns,
            port,
            c -> {
              int i;
              while ((i = next.getAndIncrement()) < n) {
                long s = System.nanoTime();
                c.exchange(request).expect(200);
                lat[i] = System.nanoTime() - s;
              }
            });
    run.print("plain Javalin GETs", n, Arrays.copyOf(lat, n), conns);
  }
}
