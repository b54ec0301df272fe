package io.dooor.attestation.amd;

import io.dooor.attestation.snp.SnpCollateralSource;
import io.dooor.attestation.snp.SnpProduct;
import io.dooor.attestation.snp.SnpReport;
import io.dooor.attestation.snp.TcbVersion;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import java.net.URI;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SNP collateral from the AMD Key Distribution Service (AMD "VCEK Certificate and KDS Interface
 * Specification" §4): {@code /vcek/v1/{product}/{hwid}?blSPL=&teeSPL=&snpSPL=&ucodeSPL=} (plus
 * fmcSPL on Turin, whose hwid is the first 8 bytes of CHIP_ID), {@code
 * /{vcek|vlek}/v1/{product}/cert_chain} and {@code /{vcek|vlek}/v1/{product}/crl}. Responses are
 * decoded before they are cached; VCEKs are cached for good, chains for {@link
 * KdsPolicy#chainMaxAge()}, CRLs until {@link KdsPolicy#crlRefreshAfter()} or their nextUpdate, and
 * served stale within {@link KdsPolicy#crlStaleGrace()} when KDS fails; a CRL KDS does not have
 * (404) means none is checked. Requests are paced and de-duplicated (see {@link KdsFetcher}).
 * Nothing fetched is trusted: the SNP verifier checks it.
 */
public final class KdsCollateralSource implements SnpCollateralSource {
  /** AMD's production KDS. */
  public static final URI AMD_KDS = URI.create("https://kdsintf.amd.com");

  private final KdsFetcher fetcher;
  private final KdsPolicy policy;
  private final Clock clock;
  private final ConcurrentHashMap<String, X509Certificate> vceks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Cached<List<X509Certificate>>> chains =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Cached<X509CRL>> crls = new ConcurrentHashMap<>();

  private record Cached<T>(T value, Instant fetchedAt) {}

  public KdsCollateralSource(URI base, KdsPolicy policy, Clock clock) {
    this.fetcher = new KdsFetcher(base, policy, clock);
    this.policy = policy;
    this.clock = clock;
  }

  /** AMD's KDS with the default policy and the system clock. */
  public static KdsCollateralSource amd() {
    return new KdsCollateralSource(AMD_KDS, KdsPolicy.defaults(), Clock.systemUTC());
  }

  /** Number of HTTP requests sent so far (for tests and metrics). */
  public long requestsSent() {
    return fetcher.requestsSent();
  }

  @Override
  public X509Certificate vcek(SnpProduct product, Bytes chipId, TcbVersion tcb)
      throws EvidenceException {
    String path = vcekPath(product, chipId, tcb);
    X509Certificate hit = vceks.get(path);
    if (hit != null) {
      return hit;
    }
    X509Certificate c = KdsResponses.vcek(fetcher.get(path));
    if (vceks.size() > 4096) {
      vceks.clear();
    }
    vceks.put(path, c);
    return c;
  }

  static String vcekPath(SnpProduct product, Bytes chipId, TcbVersion tcb) {
    Bytes hwid = product.turinTcbLayout() ? chipId.slice(0, 8) : chipId;
    String q =
        String.format(
            Locale.ROOT,
            "blSPL=%d&teeSPL=%d&snpSPL=%d&ucodeSPL=%d",
            tcb.bootloader(),
            tcb.tee(),
            tcb.snp(),
            tcb.microcode());
    if (product.turinTcbLayout()) {
      q = String.format(Locale.ROOT, "fmcSPL=%d&", tcb.fmc()) + q;
    }
    return "/vcek/v1/" + product.kdsName() + "/" + hwid.hex() + "?" + q;
  }

  @Override
  public List<X509Certificate> intermediates(SnpProduct product, SnpReport.SigningKey key)
      throws EvidenceException {
    String path = "/" + kind(key) + "/v1/" + product.kdsName() + "/cert_chain";
    Cached<List<X509Certificate>> c = chains.get(path);
    Instant now = clock.instant();
    if (c != null && c.fetchedAt().plus(policy.chainMaxAge()).isAfter(now)) {
      return c.value();
    }
    try {
      List<X509Certificate> fresh = KdsResponses.certChain(fetcher.get(path));
      chains.put(path, new Cached<>(fresh, now));
      return fresh;
    } catch (EvidenceException e) {
      if (c != null) {
        return c.value();
      }
      throw e;
    }
  }

  @Override
  public List<X509CRL> crls(SnpProduct product, SnpReport.SigningKey key) throws EvidenceException {
    String path = "/" + kind(key) + "/v1/" + product.kdsName() + "/crl";
    Cached<X509CRL> c = crls.get(path);
    Instant now = clock.instant();
    if (c != null && isFresh(c, now)) {
      return List.of(c.value());
    }
    try {
      java.util.Optional<Bytes> body = fetcher.getIfExists(path);
      if (body.isEmpty()) {
        return List.of();
      }
      X509CRL fresh = KdsResponses.crl(body.get());
      crls.put(path, new Cached<>(fresh, now));
      return List.of(fresh);
    } catch (EvidenceException e) {
      if (c != null && nextUpdate(c.value()).plus(policy.crlStaleGrace()).isAfter(now)) {
        return List.of(c.value());
      }
      throw e;
    }
  }

  private boolean isFresh(Cached<X509CRL> c, Instant now) {
    return c.fetchedAt().plus(policy.crlRefreshAfter()).isAfter(now)
        && nextUpdate(c.value()).isAfter(now);
  }

  private static Instant nextUpdate(X509CRL crl) {
    return crl.getNextUpdate() == null ? Instant.MAX : crl.getNextUpdate().toInstant();
  }

  private static String kind(SnpReport.SigningKey key) {
    return key == SnpReport.SigningKey.VLEK ? "vlek" : "vcek";
  }
}
