package io.dooor.attestation.intel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PCCS (Intel PCS v4 API) on 127.0.0.1 serving a vector sample's real response bodies and
 * issuer-chain headers (the layout of ../shared/vectors/attestation/tdx/trustee-tdx-v4-debug-td):
 * TCB info for one FMSPC (404 for any other), QE identity, PCK CRL and the Root CA CRL (hex, as a
 * PCCS serves it). It counts requests and can be switched to answer 503. Shared with other modules'
 * tests through this module's test-jar.
 */
public final class PccsFixture implements AutoCloseable {
  private final Path dir;
  private final Bytes fmspc;
  private final HttpServer server;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private volatile boolean failing;

  private PccsFixture(Path dir, Bytes fmspc) throws IOException {
    this.dir = dir;
    this.fmspc = fmspc;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve(
        "/tdx/certification/v4/tcb",
        "sample_tcbInfo_response",
        "TCB-Info-Issuer-Chain",
        "tcbInfoIssuerChain.pem");
    serve(
        "/tdx/certification/v4/qe/identity",
        "sample_qeIdentity_response",
        "SGX-Enclave-Identity-Issuer-Chain",
        "qeIdentityIssuerChain.pem");
    serve(
        "/sgx/certification/v4/pckcrl",
        "pckcrl",
        "SGX-PCK-CRL-Issuer-Chain",
        "pckCrlIssuerChain.pem");
    serve("/sgx/certification/v4/rootcacrl", "rootcrl.der", null, null);
    server.start();
  }

  /** Serves the sample in {@code dir} for platform {@code fmspc}. */
  public static PccsFixture start(Path dir, Bytes fmspc) throws IOException {
    return new PccsFixture(dir, fmspc);
  }

  /** The PCCS base address, e.g. http://127.0.0.1:PORT/. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Requests answered so far, failures included. */
  public int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** From now on every request gets 503 (true) or the real answer (false). */
  public void failing(boolean on) {
    failing = on;
  }

  private void serve(String path, String file, String header, String chainFile) {
    boolean hex = header == null;
    server.createContext(
        path,
        ex -> {
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          String query = Optional.ofNullable(ex.getRequestURI().getQuery()).orElse("");
          if (failing) {
            reply(ex, 503, new byte[0]);
          } else if (path.endsWith("/tcb") && !query.contains("fmspc=" + fmspc.hex())) {
            reply(ex, 404, new byte[0]);
          } else {
            if (header != null) {
              String pem = Files.readString(dir.resolve(chainFile), StandardCharsets.US_ASCII);
              ex.getResponseHeaders().add(header, URLEncoder.encode(pem, StandardCharsets.UTF_8));
            }
            byte[] body = Files.readAllBytes(dir.resolve(file));
            reply(
                ex,
                200,
                hex ? HexFormat.of().formatHex(body).getBytes(StandardCharsets.US_ASCII) : body);
          }
        });
  }

  private static void reply(HttpExchange ex, int status, byte[] body) {
    try {
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
