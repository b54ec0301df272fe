package io.dooor.server;

import io.dooor.core.Node;
import io.dooor.core.NodeState;
import io.dooor.core.port.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The control plane's meters (issue 15), served at {@code GET /metrics} in the Prometheus text
 * format (version 0.0.4): Micrometer's JVM binders and the product's own meters, named by
 * Prometheus conventions ({@code dooor_} prefix, base units, {@code _total} counters). Labels are
 * bounded: a route is the route template ({@code /v1/nodes/{id}}, never the raw path), a refusal
 * its stable problem code, a duty its fixed name, a node state the enum; no principal, node id,
 * workload, key or token ever becomes a label value.
 */
public final class ControlPlaneMetrics {
  /** The route label of a request that matched no route (a 404, or refused before routing). */
  public static final String UNMATCHED = "unmatched";

  /** Latency buckets of HTTP requests, store writes and duty rounds. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(20),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(200),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final List<Runnable> beforeScrape = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /** A registry with the JVM and process binders bound. */
  public ControlPlaneMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** For binders of components (the HTTP server's thread pool, the database pool). */
  public MeterRegistry registry() {
    return registry;
  }

  /** Refreshes the gauges read from the database, then renders every meter. */
  public String scrape() {
    beforeScrape.forEach(Runnable::run);
    return registry.scrape();
  }

  /** The content type of {@link #scrape()}. */
  public static String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }

  /**
   * One HTTP request answered: {@code dooor_http_server_requests_seconds} by method, route template
   * and status; and, for the attestation route, {@code dooor_admissions_total} by outcome.
   */
  void request(String method, String route, int status, long nanos) {
    String key = method + ' ' + route + ' ' + status;
    requests
        .computeIfAbsent(
            key,
            k ->
                Timer.builder("dooor.http.server.requests")
                    .description("HTTP requests answered, by route template and status")
                    .tags("method", method, "route", route, "status", Integer.toString(status))
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    if ("POST".equals(method) && "/v1/nodes/{id}/attestation".equals(route)) {
      count(
          "dooor.admissions",
          "Attestations answered: active (admitted) or refused",
          "outcome",
          status == 200 ? "active" : "refused");
    }
  }

  /** A refused request, by its stable problem code and status (every refusal, also Jetty's). */
  void refused(String code, int status) {
    count(
        "dooor.refusals",
        "Requests refused, by problem code",
        "code",
        code,
        "status",
        Integer.toString(status));
  }

  /** A store failure (database unreachable, retries exhausted, ...), by where it surfaced. */
  void storeError(String where) {
    count("dooor.store.errors", "Store operations that failed", "where", where);
  }

  /** One round of a background duty (sweep, audit, flush, reconcile, repair), timed. */
  void round(String duty, boolean ok, long nanos) {
    count(
        "dooor.duty.rounds",
        "Background duty rounds run, by outcome",
        "duty",
        duty,
        "outcome",
        ok ? "ok" : "failed");
    Timer.builder("dooor.duty.round")
        .description("Time of one background duty round")
        .tag("duty", duty)
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** One committed store write transaction (its events and audit entries included), timed. */
  void storeWrite(long nanos) {
    Timer.builder("dooor.store.write")
        .description("Store write transactions, each with its audit log append, to durable commit")
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Whether this replica holds {@code duty}'s lease now: {@code dooor_lease_held{duty}} 1 or 0. */
  void leaseHeld(String duty, Supplier<Boolean> held) {
    Gauge.builder("dooor.lease.held", () -> held.get() ? 1 : 0)
        .description("1 if this replica holds the duty's lease (does the duty), else 0")
        .tag("duty", duty)
        .register(registry);
  }

  /** A gauge of {@code value}, read at each scrape. */
  void gauge(String name, String description, String unit, Supplier<Number> value) {
    Gauge.builder(name, () -> value.get().doubleValue())
        .description(description)
        .baseUnit(unit)
        .register(registry);
  }

  /** Runs {@code refresh} before each scrape (one database read for several gauges). */
  void beforeScrape(Runnable refresh) {
    beforeScrape.add(refresh);
  }

  /** {@code dooor_nodes{state}}: the fleet by state, read from the store at each scrape. */
  void nodes(Store store) {
    Map<NodeState, long[]> byState = new EnumMap<>(NodeState.class);
    for (NodeState s : NodeState.values()) {
      long[] n = new long[1];
      byState.put(s, n);
      Gauge.builder("dooor.nodes", () -> n[0])
          .description("Nodes by lifecycle state")
          .tag("state", s.name())
          .register(registry);
    }
    beforeScrape(
        () -> {
          try {
            long[] counts = new long[NodeState.values().length];
            for (Node node : store.nodes()) {
              counts[node.state().ordinal()]++;
            }
            byState.forEach((s, n) -> n[0] = counts[s.ordinal()]);
          } catch (RuntimeException e) {
            storeError("metrics");
          }
        });
  }

  private void count(String name, String description, String... tags) {
    String key = name + String.join("\u0000", tags);
    counters
        .computeIfAbsent(
            key, k -> Counter.builder(name).description(description).tags(tags).register(registry))
        .increment();
  }
}
