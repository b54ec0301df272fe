package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.Principal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The route fuzzer (issue 11, acceptance): seeded, it sends mutated bodies, paths and content types
 * to every route of one real plane on SQLite, as a controller, operator, auditor, node, a signer
 * with no role and nobody (unsigned), and asserts: no 5xx; every refusal is problem+json in the
 * API's words (no Java class names); no state changed on refusal; every signed refusal of a role
 * holder is one recorded REFUSED event; a signed refusal of a caller holding no role (the node, the
 * stranger) is one such event or none, and at the end each of their refusals was recorded or
 * counted in a summary by that principal, its own entries bounded per window; unsigned refusals get
 * none (they are counted per window). The one refusal that changes state by design is a failed
 * attestation counted for a workload whose policy (as a fuzzed policy may set) has
 * max_failed_attestations: it is recorded as node.attestation_failed (and, at the maximum, an
 * automatic node.deactivate) beside the refusal. Seed: -Dfuzz.seed, cases: -Dfuzz.cases (default
 * 10,000). The background sweep is off: it changes state on its own (nodes of a fuzzed policy
 * judged again), which no refusal did.
 */
class RouteFuzzTest extends SimPlaneHttpFixture {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Identity> callers = new ArrayList<>();
  private final Identity node = Identity.generate();

  /** The action of a window's summary of unauthenticated refusals. */
  private static final String WINDOW = "http.unauthenticated";

  /** The action of a summary of counted refusals of callers holding no role. */
  private static final String NO_ROLE = NoRoleFloodHttpTest.SUMMARY;

  /** The code of a request Jetty refused before it reached the authenticator (e.g. a %00 path). */
  private static final String JETTY_REFUSAL = "bad-request";

  private SplittableRandom rnd;

  @Override
  DeploymentConfig config() {
    DeploymentConfig base = super.config();
    return base.withTimers(base.heartbeatTimeout(), java.time.Duration.ofDays(1));
  }

  private int summaries;
  private FuzzRoutes routes;
  private final Map<Principal, Long> noRoleRefusals = new HashMap<>();

  @Test
  void noRouteAnswers5xxChangesStateOnRefusalOrLeavesARefusalUnrecorded() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int cases = Integer.getInteger("fuzz.cases", 10_000);
    System.out.println("RouteFuzzTest seed=" + seed + " cases=" + cases);
    rnd = new SplittableRandom(seed);
    setUpCallers();
    routes = new FuzzRoutes(rnd, new FuzzBodies(rnd), templates());
    long start = System.nanoTime();
    long firstEvent = events();
    FuzzState state = FuzzState.of(d);
    int refused = 0;
    for (int i = 0; i < cases; i++) {
      Identity who = rnd.nextInt(7) == 0 ? null : callers.get(rnd.nextInt(callers.size()));
      FuzzRoutes.Request req = routes.next();
      String what = "seed " + seed + " case " + i + " " + req + " as " + name(who);
      HttpResponse<String> res = sendOnFreshConnectionIfClosed(who, req, what);
      if (res.statusCode() >= 400) {
        refused++;
        checkRefusal(res, what, who, state);
        state = state.withEvents(events());
      } else {
        state = FuzzState.of(d);
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf("RouteFuzzTest %d cases (%d refused) in %.1f s%n", cases, refused, secs);
    assertThat(refused).as("most mutated requests are refused").isGreaterThan(cases / 2);
    everyNoRoleRefusalWasRecordedOrCounted(firstEvent, secs);
  }

  /**
   * After a restart (which writes the open windows' summaries), each refusal of a caller holding no
   * role is an entry of its own or counted in its summaries, and its own entries are at most {@link
   * NoRoleFloodHttpTest#PER_PRINCIPAL} per window.
   */
  private void everyNoRoleRefusalWasRecordedOrCounted(long firstEvent, double secs) {
    d.close();
    d = Deployment.start(DeploymentConfig.embedded(dir, 0));
    List<Event> all = d.plane().store().events(firstEvent, events());
    long windows = (long) (secs / ControlPlaneServer.REFUSAL_WINDOW.toSeconds()) + 2;
    noRoleRefusals.forEach(
        (p, n) -> {
          assertThat(NoRoleFloodHttpTest.recordedOrCounted(all, p))
              .as("refusals of " + p)
              .isEqualTo(n);
          assertThat(all)
              .filteredOn(e -> e.actor().equals(p) && e.outcome() == Event.Outcome.REFUSED)
              .filteredOn(e -> !e.action().equals(NO_ROLE))
              .hasSizeLessThanOrEqualTo((int) (NoRoleFloodHttpTest.PER_PRINCIPAL * windows));
        });
  }

  private void checkRefusal(HttpResponse<String> res, String what, Identity who, FuzzState was)
      throws Exception {
    boolean signed = who != null;
    assertThat(res.statusCode()).as(what).isLessThan(500);
    assertThat(res.headers().firstValue("content-type").orElse(""))
        .as(what)
        .startsWith("application/problem+json");
    Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
    assertThat(p.status()).as(what).isEqualTo(res.statusCode());
    assertThat(p.code()).as(what).isNotBlank();
    assertThat(p.detail()).as(what).doesNotContain("io.dooor", "com.fasterxml", "java.", "$");
    List<Event> added = d.plane().store().events(was.events(), events());
    if (!countedFailure(added)) {
      assertThat(FuzzState.of(d)).as("state unchanged after refusal: " + what).isEqualTo(was);
    }
    List<Event> own =
        added.stream().filter(e -> !summary(e) && e.outcome() == Event.Outcome.REFUSED).toList();
    assertThat(added.size() - own.size())
        .as("no OK event beside a refusal but a counted failure: " + what)
        .isEqualTo(added.stream().filter(e -> summary(e) || counting(e)).count());
    summaries += (int) added.stream().filter(RouteFuzzTest::summary).count();
    if (signed && !p.code().equals(JETTY_REFUSAL)) {
      assertThat(res.statusCode()).as("signature verifies: " + what).isNotEqualTo(401);
      if (holdsNoRole(who)) {
        noRoleRefusals.merge(who.principal(), 1L, Long::sum);
        assertThat(own).as("one event or counted: %s %s", what, added).hasSizeLessThan(2);
      } else {
        assertThat(own).as("one event per signed refusal: %s %s", what, added).hasSize(1);
      }
      own.forEach(
          e -> {
            assertThat(e.outcome()).as(what).isEqualTo(Event.Outcome.REFUSED);
            assertThat(e.actor()).as(what).isEqualTo(who.principal());
          });
    } else {
      assertThat(own).as("unsigned refusals are counted per window: %s %s", what, added).isEmpty();
    }
  }

  /** Whether {@code added} holds a failed attestation counted under max_failed_attestations. */
  private boolean countedFailure(List<Event> added) {
    boolean counted = added.stream().anyMatch(e -> e.action().equals("node.attestation_failed"));
    if (counted) {
      assertThat(d.plane().store().policies())
          .anyMatch(p -> p.autoDeactivation().maxFailedAttestations() > 0);
    }
    return counted;
  }

  /** An event of a counted failure: its count, or the automatic deactivation it caused. */
  /** A per-window count of unsigned refusals, or of one no-role principal's. */
  private static boolean summary(Event e) {
    return e.action().equals(WINDOW) || e.action().equals(NO_ROLE);
  }

  private static boolean counting(Event e) {
    return e.action().equals("node.attestation_failed")
        || (e.action().equals("node.deactivate")
            && "max_failed_attestations".equals(e.details().get("rule")));
  }

  /**
   * Sends {@code req}; Jetty closes a connection after a request it could not parse (a %00 path),
   * so a request that met such a pooled connection closed is signed and sent once more.
   */
  private HttpResponse<String> sendOnFreshConnectionIfClosed(
      Identity who, FuzzRoutes.Request req, String what) throws Exception {
    try {
      return send(who, req);
    } catch (java.io.IOException closed) {
      try {
        return send(who, req);
      } catch (java.io.IOException e) {
        throw new AssertionError("no answer: " + what, e);
      }
    }
  }

  private HttpResponse<String> send(Identity who, FuzzRoutes.Request r) throws Exception {
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url.resolve(r.path() + (r.query().isEmpty() ? "" : "?" + r.query())))
            .method(r.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    if (r.contentType() != null) {
      b.header("Content-Type", r.contentType());
    }
    if (who != null) {
      new RequestSigner(who)
          .sign(r.method(), r.path(), r.query(), Bytes.of(body))
          .forEach(b::header);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void setUpCallers() throws Exception {
    Identity operator = Identity.generate();
    Identity auditor = Identity.generate();
    admin.post(
        "/v1/principals",
        new Dto.Grant(operator.principal().toText(), "operator"),
        Dto.Grant.class);
    admin.post(
        "/v1/principals", new Dto.Grant(auditor.principal().toText(), "auditor"), Dto.Grant.class);
    ApiClient nodeClient = new ApiClient(url, node);
    Bytes report = sim(node, new byte[32]);
    Dto.Registered reg =
        nodeClient.post(
            "/v1/nodes",
            new Dto.RegisterNode("n1", "w", "sim", node.publicKeySpki().base64(), report.base64()),
            Dto.Registered.class);
    Bytes evidence = sim(node, Bytes.fromBase64(reg.challenge().nonce()).toArray());
    nodeClient.post(
        "/v1/nodes/n1/attestation", new Dto.Attest(evidence.base64()), Dto.NodeView.class);
    callers.addAll(List.of(controller, operator, auditor, node, Identity.generate()));
  }

  /** The node and the stranger hold no role (the fuzzer's grants are refused or of fresh keys). */
  private boolean holdsNoRole(Identity who) {
    return d.plane().store().roles(who.principal()).isEmpty();
  }

  private String name(Identity who) {
    int i = callers.indexOf(who);
    return i < 0
        ? "nobody"
        : List.of("controller", "operator", "auditor", "node", "no role").get(i);
  }

  /** A valid body per route with one, for the mutator to start from. */
  private Map<String, JsonNode> templates() {
    Identity fresh = Identity.generate();
    String report = sim(fresh, new byte[32]).base64();
    String tpk = "ab".repeat(48);
    return Map.ofEntries(
        Map.entry(
            "register",
            tree(new Dto.RegisterNode("f1", "w", "sim", fresh.publicKeySpki().base64(), report))),
        Map.entry("attest", tree(new Dto.Attest(report))),
        Map.entry("deactivate", tree(new Dto.Deactivate("fuzz"))),
        Map.entry("drain", tree(new Dto.Drain("fuzz"))),
        Map.entry("seal", tree(sealing())),
        Map.entry("keys", tree(new Dto.DeriveKey("dooor/node-key", Bytes.fromHex(tpk).base64()))),
        Map.entry("derive", tree(new Dto.VetKdDerive("app", "00", tpk))),
        Map.entry(
            "policy",
            tree(
                new Dto.PolicyBody(
                    List.of("sim"),
                    Map.of("mrtd", List.of("00")),
                    Map.of("svn", 1L),
                    List.of("NotApplicable"),
                    false,
                    600L,
                    60L))),
        Map.entry(
            "grant", tree(new Dto.Grant(Identity.generate().principal().toText(), "auditor"))),
        Map.entry("decision", tree(new Dto.ProposalDecision("ab".repeat(32)))),
        Map.entry("holders", tree(new Dto.HolderSetChange("remove", 2, null, null))));
  }

  /** A valid sealing-key request for workload w: sim evidence binding a real transport key. */
  private Dto.SealingKeyRequest sealing() {
    Bytes tpk = io.dooor.vetkd.TransportSecretKey.generate().publicKey().toBytes();
    Bytes evidence =
        d.simTee()
            .orElseThrow()
            .report(
                io.dooor.core.SealingKeys.reportData(tpk),
                Bytes.of(new byte[48]),
                Bytes.of(new byte[16]),
                false)
            .encode();
    return new Dto.SealingKeyRequest("w", "sim", evidence.base64(), tpk.base64());
  }

  private static JsonNode tree(Object dto) {
    return Json.MAPPER.valueToTree(dto);
  }
}
