package io.dooor.attestation.intel;

import io.dooor.attestation.intel.internal.PcsFetcher;
import io.dooor.attestation.intel.internal.PcsItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collateral from Intel PCS or a PCCS (Intel SGX and TDX PCS API v4: GET
 * {sgx|tdx}/certification/v4/tcb?fmspc=, .../qe/identity, sgx/certification/v4/pckcrl?ca=, and the
 * Root CA CRL), with a cache that respects each item's nextUpdate, burst shielding and a freshness
 * policy.
 *
 * <p>Per item: a cached copy is served until {@code refreshAhead} before its nextUpdate; then one
 * caller refetches it (concurrent callers wait for that one fetch); the vendor is asked for an item
 * at most once per {@code minFetchInterval}, failures included; when a refetch fails or is
 * shielded, the cached copy is served while the policy still accepts it (stale but valid), else the
 * request fails UNAVAILABLE/STALE. Nothing is verified here: the verifier checks every signature
 * and chain of what it is given.
 */
public final class PcsCollateralSource implements CollateralSource {
  /** Intel's production PCS. */
  public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com/");

  /** Where Intel publishes the Intel SGX Root CA CRL (DER). */
  public static final URI INTEL_ROOT_CRL =
      URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");

  private final PcsFetcher fetcher;
  private final URI base;
  private final URI rootCrl;
  private final CollateralFreshnessPolicy policy;
  private final Clock clock;
  private final Map<URI, PcsItem> cache = new ConcurrentHashMap<>();
  private final Map<URI, Instant> lastAttempt = new ConcurrentHashMap<>();
  private final Map<URI, Object> locks = new ConcurrentHashMap<>();

  /** This instance (its cache starts empty), and how often a refetch replaced a cached item. */
  private final String instance = java.util.UUID.randomUUID().toString();

  private final java.util.concurrent.atomic.AtomicLong replaced =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param base the PCS or PCCS base address, e.g. {@link #INTEL_PCS} or https://pccs:8081/
   * @param rootCrl the Root CA CRL address: {@link #INTEL_ROOT_CRL}, or for a PCCS
   *     base.resolve("sgx/certification/v4/rootcacrl")
   */
  public PcsCollateralSource(
      HttpClient http, URI base, URI rootCrl, CollateralFreshnessPolicy policy, Clock clock) {
    this.fetcher = new PcsFetcher(http);
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.rootCrl = rootCrl;
    this.policy = policy;
    this.clock = clock;
  }

  /** A PCCS at {@code base} (Root CA CRL served by the PCCS too). */
  public static PcsCollateralSource pccs(
      HttpClient http, URI base, CollateralFreshnessPolicy policy, Clock clock) {
    URI b = base.toString().endsWith("/") ? base : URI.create(base + "/");
    return new PcsCollateralSource(
        http, b, b.resolve("sgx/certification/v4/rootcacrl"), policy, clock);
  }

  /**
   * Intel's own PCS when {@code base} is on its host (Root CA CRL from {@link #INTEL_ROOT_CRL}),
   * otherwise a PCCS.
   */
  public static PcsCollateralSource at(
      HttpClient http, URI base, CollateralFreshnessPolicy policy, Clock clock) {
    if (INTEL_PCS.getHost().equalsIgnoreCase(base.getHost())) {
      return new PcsCollateralSource(http, base, INTEL_ROOT_CRL, policy, clock);
    }
    return pccs(http, base, policy, clock);
  }

  @Override
  public IntelCollateral collateral(CollateralRequest r) throws CollateralException {
    String kind = r.tdx() ? "tdx" : "sgx";
    PcsItem tcb =
        item(
            base.resolve(kind + "/certification/v4/tcb?fmspc=" + r.fmspc().hex()),
            PcsItem.Kind.TCB_INFO);
    PcsItem qe =
        item(base.resolve(kind + "/certification/v4/qe/identity"), PcsItem.Kind.QE_IDENTITY);
    PcsItem pck =
        item(
            base.resolve("sgx/certification/v4/pckcrl?ca=" + r.ca().wireName() + "&encoding=der"),
            PcsItem.Kind.PCK_CRL);
    PcsItem root = item(rootCrl, PcsItem.Kind.ROOT_CRL);
    return new IntelCollateral(
        pck.issuerChain(),
        root.body(),
        pck.body(),
        tcb.issuerChain(),
        tcb.body(),
        tcb.signature(),
        qe.issuerChain(),
        qe.body(),
        qe.signature());
  }

  /**
   * Changes whenever a refetch replaced a cached item with another body (e.g. TCB info with another
   * status for a TCB level), and for every new instance (its cache starts empty).
   */
  @Override
  public String version() {
    return "pcs:" + instance + ":" + replaced.get();
  }

  private PcsItem item(URI uri, PcsItem.Kind kind) throws CollateralException {
    Instant now = clock.instant();
    PcsItem cached = cache.get(uri);
    if (cached != null && fresh(cached, now)) {
      return cached;
    }
    synchronized (locks.computeIfAbsent(uri, u -> new Object())) {
      cached = cache.get(uri);
      if (cached != null && fresh(cached, now)) {
        return cached;
      }
      Instant last = lastAttempt.get(uri);
      if (last != null && now.isBefore(last.plus(policy.minFetchInterval()))) {
        return staleOr(
            cached,
            now,
            new CollateralException(
                CollateralException.Reason.UNAVAILABLE,
                "not asking " + uri + " again before " + last.plus(policy.minFetchInterval())));
      }
      lastAttempt.put(uri, now);
      try {
        PcsItem fetched = fetcher.fetch(uri, kind);
        PcsItem old = cache.put(uri, fetched);
        if (old != null && !old.body().equals(fetched.body())) {
          replaced.incrementAndGet();
        }
        return fetched;
      } catch (CollateralException e) {
        if (e.reason() == CollateralException.Reason.NOT_FOUND) {
          throw e;
        }
        return staleOr(cached, now, e);
      }
    }
  }

  private boolean fresh(PcsItem item, Instant now) {
    return now.isBefore(item.nextUpdate().minus(policy.refreshAhead()))
        && !now.isBefore(item.issued());
  }

  private PcsItem staleOr(PcsItem cached, Instant now, CollateralException e)
      throws CollateralException {
    if (cached != null && policy.accepts(cached.issued(), cached.nextUpdate(), now)) {
      return cached;
    }
    if (cached != null) {
      throw new CollateralException(
          CollateralException.Reason.STALE,
          e.getMessage()
              + "; cached copy outside policy: "
              + policy.explain(cached.issued(), cached.nextUpdate(), now));
    }
    throw e;
  }
}
