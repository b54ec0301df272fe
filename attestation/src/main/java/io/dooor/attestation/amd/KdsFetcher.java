package io.dooor.attestation.amd;

import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP GETs to KDS with the burst shield: concurrent requests for one path share a single fetch;
 * all requests are paced by {@link RequestPacer}; 404 answers are remembered for {@link
 * KdsPolicy#negativeTtl()}; bodies above 1 MiB are refused.
 */
final class KdsFetcher {
  private static final int MAX_BODY = 1 << 20;
  private static final String NOT_FOUND = " (404)";

  private final URI base;
  private final KdsPolicy policy;
  private final Clock clock;
  private final HttpClient http;
  private final RequestPacer pacer;
  private final ConcurrentHashMap<String, CompletableFuture<Bytes>> inflight =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> notFound = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();

  KdsFetcher(URI base, KdsPolicy policy, Clock clock) {
    this.base = base;
    this.policy = policy;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(policy.timeout()).build();
    this.pacer = new RequestPacer(clock, policy.minRequestInterval(), policy.maxWait());
  }

  long requestsSent() {
    return sent.get();
  }

  /** The body, or empty when KDS answers 404 for {@code path}. */
  java.util.Optional<Bytes> getIfExists(String path) throws EvidenceException {
    try {
      return java.util.Optional.of(get(path));
    } catch (EvidenceException e) {
      if (e.getMessage().endsWith(NOT_FOUND)) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  Bytes get(String path) throws EvidenceException {
    Instant miss = notFound.get(path);
    if (miss != null && miss.isAfter(clock.instant())) {
      throw KdsResponses.invalid("has no " + path + NOT_FOUND);
    }
    CompletableFuture<Bytes> mine = new CompletableFuture<>();
    CompletableFuture<Bytes> f = inflight.putIfAbsent(path, mine);
    if (f == null) {
      try {
        mine.complete(fetch(path));
      } catch (EvidenceException | RuntimeException e) {
        mine.completeExceptionally(e);
      } finally {
        inflight.remove(path, mine);
      }
      f = mine;
    }
    return await(f);
  }

  private static Bytes await(CompletableFuture<Bytes> f) throws EvidenceException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KdsResponses.invalid("request interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof EvidenceException ee) {
        throw ee;
      }
      throw KdsResponses.invalid("request failed: " + e.getCause());
    }
  }

  private Bytes fetch(String path) throws EvidenceException {
    long wait = pacer.reserveMillis();
    if (wait < 0) {
      throw KdsResponses.invalid("request budget exhausted (rate limit), retry later: " + path);
    }
    try {
      Thread.sleep(wait);
      sent.incrementAndGet();
      HttpRequest req =
          HttpRequest.newBuilder(base.resolve(path)).timeout(policy.timeout()).GET().build();
      HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return check(path, resp.statusCode(), body);
      }
    } catch (IOException e) {
      throw KdsResponses.invalid("unreachable for " + path + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KdsResponses.invalid("request interrupted");
    }
  }

  private Bytes check(String path, int status, byte[] body) throws EvidenceException {
    if (status == 404) {
      notFound.put(path, clock.instant().plus(policy.negativeTtl()));
      throw KdsResponses.invalid("has no " + path + NOT_FOUND);
    }
    if (status != 200) {
      throw KdsResponses.invalid("answered " + status + " for " + path);
    }
    if (body.length > MAX_BODY || body.length == 0) {
      throw KdsResponses.invalid("body of " + body.length + " bytes for " + path);
    }
    return Bytes.of(body);
  }
}
