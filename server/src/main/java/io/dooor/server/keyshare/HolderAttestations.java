package io.dooor.server.keyshare;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ReportDataBinding;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import io.dooor.keyshare.HolderAttestationWire;
import io.dooor.keyshare.HolderTee;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's view of its key-share holders' attestation (issue 16): at startup and every
 * interval each holder in the {@link HolderSet} is asked for evidence bound to a fresh nonce and to
 * its public key share, presenting the control plane's own evidence (sim in development) bound to
 * the holder's challenge and the control plane's key; the holder's evidence is judged against the
 * holder policy ({@link PeerEvidence}). A holder is asked for derivations ({@link #require}) only
 * while its evidence is current: evidence that fails the policy excludes it at once; evidence
 * expires {@code policy.attestationTtl} after it was judged, and the holder stays excluded until it
 * attests again (a holder that cannot be reached keeps its evidence until then). Every change of a
 * holder's standing is an audit event: {@value #ATTESTED} (observation) and {@value #EXCLUDED}
 * (refusal, naming why); a change of the set is {@value #SET_CHANGED}. Events seen before the
 * control plane exists (the startup round) are recorded once it does ({@link #recordTo}).
 */
public final class HolderAttestations {
  /** A holder's evidence passed the holder policy (after being excluded, or the first time). */
  public static final String ATTESTED = "keyshare.holder_attested";

  /** A holder is excluded from derivations: failed evidence, expiry, removal. */
  public static final String EXCLUDED = "keyshare.holder_excluded";

  /** The holder set changed ({@link #apply}). */
  public static final String SET_CHANGED = "keyshare.holder_set_changed";

  private static final Logger LOG = LoggerFactory.getLogger(HolderAttestations.class);
  private static final int MAX_SHOWN = 300;

  /** One holder's standing: admitted until {@code until}, or excluded for {@code reason}. */
  public record Standing(int index, URI url, Instant until, String reason, String claims) {
    public boolean admittedAt(Instant now) {
      return reason == null && until != null && now.isBefore(until);
    }

    /** "key-share holder I (URL): reason" or "... attested until T". */
    public String describe() {
      return "key-share holder "
          + index
          + " ("
          + url
          + "): "
          + (reason == null ? "attested until " + until + " (" + claims + ")" : reason);
    }
  }

  private record Pending(boolean refusal, String action, String subject, Map<String, String> d) {}

  private final EvidenceVerifier verifier;
  private final ThresholdPublicKey publicKey;
  private final Identity identity;
  private final HolderTee controlPlaneTee;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<Integer, Standing> standings = new TreeMap<>();
  private final List<Pending> pending = new ArrayList<>();
  private HolderSet set;
  private ControlPlane plane;

  /**
   * @param controlPlaneTee the control plane's own TEE (sim in development), or null when it runs
   *     in none: it then presents no evidence, and holders with a control-plane policy refuse it
   */
  public HolderAttestations(
      HolderSet set,
      EvidenceVerifier verifier,
      ThresholdPublicKey publicKey,
      Identity identity,
      HolderTee controlPlaneTee,
      HttpClient http,
      Duration timeout,
      Clock clock) {
    this.set = set;
    this.verifier = verifier;
    this.publicKey = publicKey;
    this.identity = identity;
    this.controlPlaneTee = controlPlaneTee;
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
    set.addresses()
        .forEach((i, url) -> standings.put(i, new Standing(i, url, null, "not attested yet", "")));
  }

  /** The current holder set. */
  public synchronized HolderSet set() {
    return set;
  }

  /** Every holder's standing now. */
  public synchronized Map<Integer, Standing> standings() {
    return Map.copyOf(standings);
  }

  /**
   * Before each derivation of holder {@code index}: passes only while its evidence is current.
   *
   * @throws IOException naming why the holder is excluded (the combiner then excludes it)
   */
  public void require(int index) throws IOException {
    Standing s;
    synchronized (this) {
      s = standings.get(index);
    }
    Instant now = clock.instant();
    if (s == null) {
      throw new IOException("key-share holder " + index + " is not in the holder set");
    }
    if (!s.admittedAt(now)) {
      throw new IOException(
          "key-share holder "
              + index
              + " is excluded: "
              + (s.reason() != null ? s.reason() : "its evidence expired at " + s.until()));
    }
  }

  /** The URL holder {@code index} is asked at now (it may move). */
  public synchronized URI url(int index) {
    return set.addresses().get(index);
  }

  /**
   * Asks every holder in the set for fresh evidence at once, each within the timeout, and updates
   * (and records) their standing; first excludes every holder whose evidence has expired.
   */
  public void round() {
    expire();
    HolderSet now;
    synchronized (this) {
      now = set;
    }
    Map<Integer, CompletableFuture<Void>> calls = new LinkedHashMap<>();
    now.addresses()
        .forEach(
            (i, url) ->
                calls.put(i, CompletableFuture.runAsync(() -> attestOne(i, url, now.policy()))));
    for (Map.Entry<Integer, CompletableFuture<Void>> c : calls.entrySet()) {
      try {
        c.getValue().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        LOG.warn("attesting key-share holder {} failed: {}", c.getKey(), e.getCause().toString());
      }
    }
  }

  /** Excludes (and records) every admitted holder whose evidence has expired. */
  public void expire() {
    Instant now = clock.instant();
    synchronized (this) {
      for (Standing s : List.copyOf(standings.values())) {
        if (s.reason() == null && s.until() != null && !now.isBefore(s.until())) {
          exclude(
              s.index(),
              s.url(),
              "its evidence expired at " + s.until() + "; it must attest again");
        }
      }
    }
  }

  /**
   * Refuses unless at least {@code threshold} holders are admitted now.
   *
   * @throws IOException naming every holder that is not, and why
   */
  public void requireThreshold(int threshold) throws IOException {
    Instant now = clock.instant();
    List<Standing> all;
    synchronized (this) {
      all = List.copyOf(standings.values());
    }
    List<Standing> failed = all.stream().filter(s -> !s.admittedAt(now)).toList();
    int ok = all.size() - failed.size();
    if (ok < threshold) {
      StringBuilder sb =
          new StringBuilder(
              ok
                  + " of "
                  + all.size()
                  + " key-share holders pass the holder policy "
                  + set().policy().workload()
                  + ", fewer than t="
                  + threshold
                  + ":");
      failed.forEach(s -> sb.append("\n  ").append(s.describe()));
      throw new IOException(sb.toString());
    }
    failed.forEach(s -> LOG.warn("excluded: {}", s.describe()));
  }

  /**
   * Applies a described change of the holder set (once approved): the new set is asked from the
   * next round on; a removed holder is excluded at once, a moved or added one until it attests at
   * its address, and a new policy judges every holder at the next round. Recorded as {@value
   * #SET_CHANGED} by {@code by}.
   *
   * @throws ControlPlaneException as {@link HolderSet#apply}; nothing changes then
   */
  public void apply(HolderSetChange change, Caller by) throws ControlPlaneException {
    apply(change, by.principal().toText());
  }

  /**
   * As {@link #apply(HolderSetChange, Caller)}, {@code by} naming who changed it (e.g. the applied
   * proposal and its approvers).
   */
  public void apply(HolderSetChange change, String by) throws ControlPlaneException {
    synchronized (this) {
      HolderSet next = set.apply(change);
      set = next;
      if (change instanceof HolderSetChange.Remove r) {
        Standing s = standings.get(r.index());
        exclude(r.index(), s.url(), "removed from the holder set (" + change.describe() + ")");
        standings.remove(r.index());
      } else if (change instanceof HolderSetChange.Add a) {
        exclude(a.index(), a.url(), "added to the holder set; not attested yet");
      } else if (change instanceof HolderSetChange.Move m) {
        exclude(m.index(), m.url(), "moved to " + m.url() + "; not attested there yet");
      }
      record(false, SET_CHANGED, "keyshare-holders", Map.of("change", change.describe(), "by", by));
    }
    round();
  }

  /** Records the events seen so far to {@code target}, and from now on as they happen. */
  public void recordTo(ControlPlane target) {
    List<Pending> due;
    synchronized (this) {
      plane = target;
      due = List.copyOf(pending);
      pending.clear();
    }
    due.forEach(this::write);
  }

  private void attestOne(int index, URI base, io.dooor.core.Policy policy) {
    Instant now;
    VerifiedEvidence v;
    try {
      HolderAttestationWire.Verified answer = ask(base);
      if (answer.index() != index) {
        throw new ControlPlaneException(
            ControlPlaneException.Reason.BINDING_MISMATCH,
            "answers as holder " + answer.index() + ", but is configured as holder " + index,
            List.of("index"));
      }
      Bytes expectedKey = publicKey.publicKeyShareBytes(index);
      if (!answer.publicKeyShare().equals(expectedKey)) {
        throw new ControlPlaneException(
            ControlPlaneException.Reason.BINDING_MISMATCH,
            "its evidence binds a key that is not public key share "
                + index
                + " of the deployment's key",
            List.of("public_key_share"));
      }
      now = clock.instant();
      v =
          PeerEvidence.judge(
              verifier,
              policy,
              answer.type(),
              answer.evidence(),
              ReportDataBinding.expected(lastNonce.get(), expectedKey),
              now);
    } catch (ControlPlaneException e) {
      refused(index, base, e.getMessage());
      return;
    } catch (Refused e) {
      refused(index, base, e.getMessage());
      return;
    } catch (IOException e) {
      String msg = e.getMessage();
      unreachable(
          index,
          base,
          e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    admitted(index, base, now.plus(policy.attestationTtl()), v);
  }

  /** The nonce this thread last sent (each holder is attested on its own thread). */
  private final ThreadLocal<Bytes> lastNonce = new ThreadLocal<>();

  /** A definite refusal by (or of) the holder, as opposed to not reaching it. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private HolderAttestationWire.Verified ask(URI base)
      throws IOException, InterruptedException, Refused {
    RequestSigner signer = new RequestSigner(identity);
    byte[] n = new byte[HolderAttestationWire.NONCE_LENGTH];
    random.nextBytes(n);
    Bytes nonce = Bytes.of(n);
    lastNonce.set(nonce);
    HolderAttestationWire.Request request;
    if (controlPlaneTee != null) {
      URI challengeUri = target(base, HolderAttestationWire.CHALLENGE_PATH);
      byte[] challengeBody = send(signer, "GET", challengeUri, null);
      Bytes challenge;
      try {
        challenge = HolderAttestationWire.Challenge.parse(challengeBody);
      } catch (IllegalArgumentException e) {
        throw new Refused("GET " + challengeUri + ": not a challenge: " + e.getMessage());
      }
      Bytes evidence;
      try {
        evidence =
            controlPlaneTee.evidence(
                ReportDataBinding.expected(challenge, identity.publicKeySpki()));
      } catch (Exception e) {
        throw new IOException("the control plane's TEE produced no evidence: " + e, e);
      }
      request =
          HolderAttestationWire.Request.of(nonce, challenge, controlPlaneTee.type(), evidence);
    } else {
      request = HolderAttestationWire.Request.of(nonce);
    }
    URI attestUri = target(base, HolderAttestationWire.ATTEST_PATH);
    byte[] body = send(signer, "POST", attestUri, request.toJson());
    try {
      return HolderAttestationWire.Answer.parse(body);
    } catch (IllegalArgumentException e) {
      throw new Refused("POST " + attestUri + ": not an attestation answer: " + e.getMessage());
    }
  }

  private byte[] send(RequestSigner signer, String method, URI target, byte[] body)
      throws IOException, InterruptedException, Refused {
    Bytes content = body == null ? Bytes.empty() : Bytes.of(body);
    HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(timeout);
    if (body == null) {
      req.GET();
    } else {
      req.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    signer.sign(method, target, content).forEach(req::header);
    HttpResponse<InputStream> res =
        http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    byte[] answer;
    try (InputStream in = res.body()) {
      answer = in.readNBytes(HolderAttestationWire.MAX_BODY + 1);
    }
    if (res.statusCode() != 200) {
      throw new Refused(
          method + " " + target + ": HTTP " + res.statusCode() + " " + printable(answer));
    }
    return answer;
  }

  private synchronized void admitted(int index, URI url, Instant until, VerifiedEvidence v) {
    if (!url.equals(set.addresses().get(index))) {
      return; // moved or removed while it was asked
    }
    Standing before = standings.get(index);
    String claims =
        v.type().wireName()
            + (v.measurements().isEmpty() ? "" : " " + new TreeMap<>(v.measurements()))
            + (v.tcbStatus() == null ? "" : " tcb " + v.tcbStatus());
    standings.put(index, new Standing(index, url, until, null, claims));
    if (before == null || before.reason() != null) {
      LOG.info("key-share holder {} ({}) attested until {}: {}", index, url, until, claims);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("tee_type", v.type().wireName());
      details.put("policy", set.policy().workload());
      details.put("until", until.toString());
      v.measurements()
          .forEach(
              (k, m) ->
                  details.put(
                      "measurement_" + k.toLowerCase(java.util.Locale.ROOT), abbreviate(m)));
      record(false, ATTESTED, "keyshare-holder:" + index, details);
    }
  }

  private synchronized void refused(int index, URI url, String why) {
    if (!url.equals(set.addresses().get(index))) {
      return;
    }
    exclude(index, url, why);
  }

  /** Not reached: keeps current evidence until it expires; else (re)states the exclusion. */
  private synchronized void unreachable(int index, URI url, String why) {
    if (!url.equals(set.addresses().get(index))) {
      return;
    }
    Standing s = standings.get(index);
    if (s != null && s.admittedAt(clock.instant())) {
      LOG.warn(
          "key-share holder {} ({}) not reached to attest again ({}); its evidence stands until {}",
          index,
          url,
          why,
          s.until());
      return;
    }
    String prefix =
        s != null && s.until() != null
            ? "its evidence expired at " + s.until() + " and attesting again failed: "
            : "not reached to attest: ";
    exclude(index, url, prefix + why);
  }

  /** Excludes holder {@code index}; recorded when the reason differs from the last one. */
  private void exclude(int index, URI url, String why) {
    Standing before = standings.get(index);
    String reason = bound(why);
    standings.put(
        index, new Standing(index, url, before == null ? null : before.until(), reason, ""));
    if (before == null || !reason.equals(before.reason())) {
      LOG.warn("key-share holder {} ({}) excluded: {}", index, url, reason);
      record(true, EXCLUDED, "keyshare-holder:" + index, Map.of("why", reason));
    }
  }

  private void record(boolean refusal, String action, String subject, Map<String, String> d) {
    Pending p = new Pending(refusal, action, subject, d);
    synchronized (this) {
      if (plane == null) {
        pending.add(p);
        return;
      }
    }
    write(p);
  }

  private void write(Pending p) {
    try {
      if (p.refusal()) {
        plane.recordRefusal(Caller.system(), p.action(), p.subject(), p.d().get("why"));
      } else {
        plane.recordObservation(Caller.system(), p.action(), p.subject(), p.d());
      }
    } catch (RuntimeException e) {
      LOG.warn("could not record {} of {}: {}", p.action(), p.subject(), e.toString());
    }
  }

  private static URI target(URI base, String path) {
    String p = base.getRawPath() == null ? "" : base.getRawPath();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return base.resolve(p + path);
  }

  private static String bound(String s) {
    return s.length() > 900 ? s.substring(0, 900) + "..." : s;
  }

  private static String abbreviate(String hex) {
    return hex.length() > 32 ? hex.substring(0, 32) + "..." : hex;
  }

  private static String printable(byte[] body) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < body.length && sb.length() < MAX_SHOWN; i++) {
      char c = (char) (body[i] & 0xff);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.length() < body.length ? sb + "..." : sb.toString();
  }
}
