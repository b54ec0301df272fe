package io.dooor.attestation.intel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.intel.CollateralException.Reason;
import io.dooor.attestation.intel.SignedBody;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.PkiException;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP GET per PCS item (Intel PCS API v4): decodes the body and the URL-encoded issuer chain
 * header, refuses bodies over 1 MiB and anything that does not decode.
 */
public final class PcsFetcher {
  private static final int MAX_BODY = 1 << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private final HttpClient http;

  public PcsFetcher(HttpClient http) {
    this.http = http;
  }

  public PcsItem fetch(URI uri, PcsItem.Kind kind) throws CollateralException {
    HttpResponse<byte[]> r = get(uri);
    byte[] body = r.body();
    return switch (kind) {
      case TCB_INFO ->
          json(r, body, "tcbInfo", List.of("TCB-Info-Issuer-Chain", "SGX-TCB-Info-Issuer-Chain"));
      case QE_IDENTITY ->
          json(r, body, "enclaveIdentity", List.of("SGX-Enclave-Identity-Issuer-Chain"));
      case PCK_CRL -> crl(body, header(r, List.of("SGX-PCK-CRL-Issuer-Chain")));
      case ROOT_CRL -> crl(body, Bytes.empty());
    };
  }

  private HttpResponse<byte[]> get(URI uri) throws CollateralException {
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    HttpResponse<byte[]> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new CollateralException(
          Reason.UNAVAILABLE, "GET " + uri + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollateralException(Reason.UNAVAILABLE, "GET " + uri + " interrupted");
    }
    if (r.statusCode() == 404) {
      throw new CollateralException(Reason.NOT_FOUND, "GET " + uri + ": 404");
    }
    if (r.statusCode() != 200 || r.body().length > MAX_BODY) {
      throw new CollateralException(
          Reason.UNAVAILABLE,
          "GET " + uri + ": HTTP " + r.statusCode() + ", " + r.body().length + " bytes");
    }
    return r;
  }

  private static PcsItem json(HttpResponse<byte[]> r, byte[] body, String field, List<String> hdr)
      throws CollateralException {
    SignedBody sb = SignedJson.split(body, field);
    JsonNode o = Json.object(sb.body().toArray(), field);
    return new PcsItem(
        sb.body(),
        sb.signature(),
        header(r, hdr),
        Json.instant(o, "issueDate"),
        Json.instant(o, "nextUpdate"));
  }

  private static Bytes header(HttpResponse<byte[]> r, List<String> names)
      throws CollateralException {
    for (String n : names) {
      Optional<String> v = r.headers().firstValue(n);
      if (v.isPresent()) {
        try {
          return Bytes.of(
              URLDecoder.decode(v.get(), StandardCharsets.UTF_8)
                  .getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
          throw Json.bad("header " + n + " is not URL-encoded");
        }
      }
    }
    throw Json.bad("response lacks header " + names.get(0));
  }

  /** A CRL body: DER, PEM, or hex text of DER (as some PCCS versions serve the root CRL). */
  private static PcsItem crl(byte[] body, Bytes chain) throws CollateralException {
    Bytes der = Bytes.of(body);
    String text = new String(body, StandardCharsets.US_ASCII).trim();
    try {
      if (!text.isEmpty() && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        der = Bytes.of(HexFormat.of().parseHex(text));
      }
      X509CRL crl = Certificates.parseCrl(der);
      der = Bytes.of(crl.getEncoded());
      Instant next = crl.getNextUpdate() == null ? Instant.MAX : crl.getNextUpdate().toInstant();
      return new PcsItem(der, Bytes.empty(), chain, crl.getThisUpdate().toInstant(), next);
    } catch (PkiException | java.security.cert.CRLException | IllegalArgumentException e) {
      throw Json.bad("CRL does not decode: " + e.getMessage());
    }
  }
}
