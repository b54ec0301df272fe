package io.dooor.cli;

import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The chaos tests' load: threads sending signed writes ({@code PUT /v1/policies/<w>}, each to a
 * workload of its own, so a write applied twice shows as two events) spread across the replicas,
 * recording what each got back. Every write keeps its exact signed bytes, to be sent again as a
 * client retry would.
 */
final class SignedWrites implements AutoCloseable {
  /**
   * What a write got: an answer (with its status), none (sent, then the connection broke), or no
   * connection.
   */
  enum Outcome {
    ANSWERED,
    NO_ANSWER,
    NOT_SENT
  }

  /** One signed write and what it got back. */
  record Write(
      String workload,
      URI target,
      byte[] body,
      Map<String, String> headers,
      Outcome outcome,
      int status,
      String answer,
      long startedNanos,
      long nanos) {
    boolean acknowledged() {
      return outcome == Outcome.ANSWERED && status == 200;
    }
  }

  private static final byte[] POLICY =
      Json.write(
          new Dto.PolicyBody(
              List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 600L, 60L));

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final RequestSigner signer;
  private final ConcurrentLinkedQueue<Write> done = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  SignedWrites(Identity identity) {
    this.signer = new RequestSigner(identity);
  }

  /** Starts {@code count} threads writing {@code prefix-T-I}, each round to the next target. */
  SignedWrites start(String prefix, int count, Supplier<List<URI>> targets) {
    for (int t = 0; t < count; t++) {
      int thread = t;
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; !stopped; i++) {
                  List<URI> to = targets.get();
                  if (to.isEmpty()) {
                    pause(50);
                    continue;
                  }
                  Write w =
                      write(to.get((thread + i) % to.size()), prefix + "-" + thread + "-" + i);
                  done.add(w);
                  if (w.outcome() != Outcome.ANSWERED || w.status() >= 500) {
                    pause(50);
                  }
                }
              },
              "writes-" + t);
      th.setDaemon(true);
      th.start();
      threads.add(th);
    }
    return this;
  }

  /** Stops the threads (waiting for the writes in flight) and returns every write. */
  List<Write> stop() throws InterruptedException {
    stopped = true;
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(60).toMillis());
    }
    return List.copyOf(done);
  }

  /** The writes so far. */
  List<Write> soFar() {
    return List.copyOf(done);
  }

  /** A new signed write of workload {@code w} to {@code target}. */
  Write write(URI target, String workload) {
    URI uri = target.resolve("/v1/policies/" + workload);
    Map<String, String> headers = signer.sign("PUT", uri, Bytes.of(POLICY));
    return send(uri, workload, POLICY, headers);
  }

  /** The exact signed bytes of {@code w} sent again, to {@code target}. */
  Write retry(Write w, URI target) {
    return send(
        target.resolve("/v1/policies/" + w.workload()), w.workload(), w.body(), w.headers());
  }

  private Write send(URI uri, String workload, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
    headers.forEach(req::header);
    long start = System.nanoTime();
    URI target = URI.create(uri.getScheme() + "://" + uri.getAuthority());
    try {
      HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      return new Write(
          workload,
          target,
          body,
          headers,
          Outcome.ANSWERED,
          res.statusCode(),
          res.body(),
          start,
          System.nanoTime() - start);
    } catch (ConnectException e) {
      return new Write(
          workload,
          target,
          body,
          headers,
          Outcome.NOT_SENT,
          0,
          e.toString(),
          start,
          System.nanoTime() - start);
    } catch (IOException e) {
      return new Write(
          workload,
          target,
          body,
          headers,
          Outcome.NO_ANSWER,
          0,
          e.toString(),
          start,
          System.nanoTime() - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
