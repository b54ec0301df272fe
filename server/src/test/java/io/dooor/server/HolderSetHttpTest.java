package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.attestation.sim.SimEvidenceVerifier;
import io.dooor.attestation.sim.SimTee;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.RequestSigner;
import io.dooor.common.Bytes;
import io.dooor.core.Event;
import io.dooor.core.Policy;
import io.dooor.core.PolicySpec;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.proposal.ProposalRules;
import io.dooor.keyshare.KeyShareServer;
import io.dooor.server.keyshare.HolderAddresses;
import io.dooor.server.keyshare.HolderAttestations;
import io.dooor.server.keyshare.HolderProcess;
import io.dooor.server.keyshare.SimControlPlaneTee;
import io.dooor.vetkd.threshold.KeyShare;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes of the key-share holder set over HTTP (issue 16), on a real control plane asking five
 * attested sim holders on real sockets: with holder_set=2 one approval stays pending and recorded,
 * the second applies (recorded with both approvers) and the change survives a restart; a forged,
 * wrong or replayed approval changes nothing; bad changes are 400 naming the field, recorded, and
 * change nothing; without approvals a change applies at once and a re-added holder is asked again
 * only once it attested.
 */
class HolderSetHttpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final Clock clock = Clock.systemUTC();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Identity alice = Identity.generate();
  private final Identity bob = Identity.generate();
  private final List<KeyShareServer> holders = new ArrayList<>();
  private final Map<Integer, URI> urls = new TreeMap<>();
  @TempDir Path dir;
  private Deployment d;
  private ApiClient a;
  private ApiClient b;
  private URI url;

  @BeforeEach
  void holders() throws Exception {
    SimTee root = SimTee.loadOrCreate(dir.resolve("sim-root.der"), clock);
    EvidenceVerifier verifier =
        new AttestationVerifier(
            List.of(new SimEvidenceVerifier(root.rootPublicKey(), Duration.ofMinutes(5))));
    Identity cp = ControlPlaneIdentity.loadOrCreate(dir);
    for (KeyShare share : KeyShareFolder.open(dir).loadOrGenerate()) {
      KeyShareServer h =
          HolderProcess.create(
                  share,
                  cp.principal(),
                  clock,
                  SimControlPlaneTee.holder(
                      root, share.index(), SimControlPlaneTee.HOLDER_MEASUREMENT),
                  null,
                  verifier)
              .start("127.0.0.1", 0);
      holders.add(h);
      urls.put(share.index(), URI.create("http://127.0.0.1:" + h.port()));
    }
  }

  @AfterEach
  void stop() {
    if (d != null) {
      d.close();
    }
    holders.forEach(KeyShareServer::close);
  }

  private void start(List<String> approvals, boolean first) throws Exception {
    Policy policy =
        new PolicySpec(
                "keyshare-holders",
                Set.of(TeeType.SIM),
                Map.of("MEASUREMENT", Set.of(SimControlPlaneTee.HOLDER_MEASUREMENT.hex())),
                Map.of(),
                Set.of("NotApplicable"),
                false,
                Duration.ofSeconds(600),
                Duration.ofSeconds(60))
            .draft(Instant.now());
    DeploymentConfig config =
        DeploymentConfig.embedded(dir, 0)
            .withKeyShareHolders(
                new HolderAddresses(urls)
                    .attested(new HolderAddresses.Attestation(policy, Duration.ofMinutes(5))),
                TIMEOUT);
    d =
        Deployment.start(
            config, AuditWitnesses.none(), ProposalRules.parse(approvals, Duration.ofHours(1)));
    url = URI.create("http://127.0.0.1:" + d.port());
    a = new ApiClient(url, alice);
    b = new ApiClient(url, bob);
    if (first) {
      d.plane().init(alice.principal());
      HttpResponse<byte[]> granted =
          a.exchange(
              "POST", "/v1/principals", new Dto.Grant(bob.principal().toString(), "controller"));
      assertThat(granted.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aRemovalNeedsTwoApprovalsAndSurvivesARestart() throws Exception {
    start(List.of("holder_set=2"), true);
    assertThat(indices()).containsExactly(1, 2, 3, 4, 5);
    assertThat(a.get(HolderSetRoutes.PATH, Dto.HolderSetView.class).holders())
        .allMatch(Dto.HolderStanding::admitted);

    Dto.ProposalView p = propose(a, new Dto.HolderSetChange("remove", 5, null, null));
    assertThat(p.state()).isEqualTo("pending");
    assertThat(p.kind()).isEqualTo("holder_set");
    assertThat(p.change()).isEqualTo("dooor-change/v1 holder_set\nop remove\nindex 5\n");
    assertThat(last("proposal.create").details()).containsEntry("approvals", "1/2");
    assertThat(indices()).containsExactly(1, 2, 3, 4, 5);

    // a wrong digest, a non-controller, and a replayed signed approval change nothing
    ApiException wrong = refusal(() -> decide(b, p, "00".repeat(32)));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.failedChecks()).containsExactly("proposal.digest_mismatch");
    Identity mallory = Identity.generate();
    assertThat(refusal(() -> decide(new ApiClient(url, mallory), p, p.digest())).status())
        .isEqualTo(403);
    Dto.ProposalView other = propose(a, new Dto.HolderSetChange("remove", 4, null, null));
    String path = "/v1/proposals/" + other.id() + "/reject";
    byte[] body = Json.write(new Dto.ProposalDecision(other.digest()));
    Map<String, String> captured = new RequestSigner(bob).sign("POST", path, "", Bytes.of(body));
    assertThat(send(path, captured, body).statusCode()).isEqualTo(200);
    assertThat(send(path, captured, body).statusCode()).isEqualTo(401);
    assertThat(indices()).containsExactly(1, 2, 3, 4, 5);

    Dto.ProposalView done = decide(b, p, p.digest());
    assertThat(done.state()).isEqualTo("applied");
    Event applied = last("proposal.apply");
    assertThat(applied.details())
        .containsEntry("change", "keyshare.holder_set")
        .containsEntry("holder_change", "remove key-share holder 5")
        .containsEntry("approvers", alice.principal() + "," + bob.principal());
    awaitIndices(List.of(1, 2, 3, 4));
    assertThat(last(HolderAttestations.SET_CHANGED).details())
        .containsEntry("change", "remove key-share holder 5");

    d.close();
    d = null;
    start(List.of("holder_set=2"), false);
    assertThat(indices()).containsExactly(1, 2, 3, 4);
    assertThat(a.get(HolderSetRoutes.PATH, Dto.HolderSetView.class).holders())
        .allMatch(Dto.HolderStanding::admitted);
  }

  @Test
  void badChangesAre400NamingTheFieldAndWithoutApprovalsAChangeAppliesAtOnce() throws Exception {
    start(List.of(), true);
    long before = d.plane().store().eventCount();
    assertThat(bad(new Dto.HolderSetChange("bogus", 1, null, null))).isEqualTo("op");
    assertThat(bad(new Dto.HolderSetChange("remove", 9, null, null))).isEqualTo("index");
    assertThat(bad(new Dto.HolderSetChange("remove", 0, null, null))).isEqualTo("index");
    assertThat(bad(new Dto.HolderSetChange("remove", null, null, null))).isEqualTo("index");
    assertThat(bad(new Dto.HolderSetChange("move", 1, "ftp://x", null))).isEqualTo("url");
    assertThat(bad(new Dto.HolderSetChange("remove", 1, "http://x:1", null))).isEqualTo("url");
    assertThat(bad(new Dto.HolderSetChange("add", 1, urls.get(1).toString(), null)))
        .isEqualTo("index");
    assertThat(bad(new Dto.HolderSetChange("add", 7, "http://x:1", null))).isEqualTo("index");
    assertThat(bad(new Dto.HolderSetChange("policy", null, null, null))).isEqualTo("policy");
    List<Event> refused = List.of();
    for (int i = 0; i < 50 && refused.size() < 9; i++) {
      Thread.sleep(i == 0 ? 0 : 100); // refusals are written by the edge, possibly batched
      refused =
          d.plane().store().events(before, d.plane().store().eventCount()).stream()
              .filter(e -> e.action().equals(HolderSetRoutes.ACTION))
              .toList();
    }
    assertThat(refused).hasSize(9).allMatch(e -> e.outcome() == Event.Outcome.REFUSED);
    assertThat(indices()).containsExactly(1, 2, 3, 4, 5);

    assertThat(apply(new Dto.HolderSetChange("remove", 5, null, null))).containsExactly(1, 2, 3, 4);
    assertThat(apply(new Dto.HolderSetChange("remove", 4, null, null))).containsExactly(1, 2, 3);
    String fewer = bad400(new Dto.HolderSetChange("remove", 3, null, null)).detail();
    assertThat(fewer).contains("fewer than t=3");
    assertThat(indices()).containsExactly(1, 2, 3);

    assertThat(apply(new Dto.HolderSetChange("add", 5, urls.get(5).toString(), null)))
        .containsExactly(1, 2, 3, 5);
    Dto.HolderSetView view = a.get(HolderSetRoutes.PATH, Dto.HolderSetView.class);
    assertThat(view.holders()).allMatch(Dto.HolderStanding::admitted);
    assertThat(
            events(HolderAttestations.ATTESTED).stream()
                .filter(e -> e.subject().equals("keyshare-holder:5"))
                .count())
        .isEqualTo(2);
    Event applied = last("proposal.apply");
    assertThat(applied.details())
        .containsEntry("holder_change", "add key-share holder 5 at " + urls.get(5))
        .containsEntry("approvers", alice.principal().toString());

    // a holder policy the holders do not meet excludes them all at the next round
    Dto.PolicyBody other =
        new Dto.PolicyBody(
            List.of("sim"),
            Map.of("MEASUREMENT", List.of("ab".repeat(48))),
            Map.of(),
            List.of("NotApplicable"),
            false,
            600L,
            60L);
    HttpResponse<byte[]> res =
        a.exchange(
            "POST", HolderSetRoutes.PATH, new Dto.HolderSetChange("policy", null, null, other));
    assertThat(res.statusCode()).isEqualTo(200);
    Dto.HolderSetView after = Json.MAPPER.readValue(res.body(), Dto.HolderSetView.class);
    assertThat(after.policyReferenceValues()).containsExactly("MEASUREMENT");
    assertThat(after.holders()).noneMatch(Dto.HolderStanding::admitted);
  }

  private List<Integer> apply(Dto.HolderSetChange change) throws Exception {
    HttpResponse<byte[]> res = a.exchange("POST", HolderSetRoutes.PATH, change);
    assertThat(res.statusCode())
        .as(new String(res.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(200);
    return Json.MAPPER.readValue(res.body(), Dto.HolderSetView.class).holders().stream()
        .map(Dto.HolderStanding::index)
        .toList();
  }

  private String bad(Dto.HolderSetChange change) throws Exception {
    return bad400(change).field();
  }

  private Dto.Problem bad400(Dto.HolderSetChange change) throws Exception {
    HttpResponse<byte[]> res = a.raw("POST", HolderSetRoutes.PATH, Json.write(change));
    Dto.Problem p = Json.MAPPER.readValue(res.body(), Dto.Problem.class);
    assertThat(res.statusCode()).as(p.detail()).isEqualTo(400);
    return p;
  }

  private List<Integer> indices() throws Exception {
    return b.get(HolderSetRoutes.PATH, Dto.HolderSetView.class).holders().stream()
        .map(Dto.HolderStanding::index)
        .toList();
  }

  private void awaitIndices(List<Integer> want) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!indices().equals(want) && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertThat(indices()).isEqualTo(want);
  }

  private Dto.ProposalView propose(ApiClient c, Dto.HolderSetChange change) throws Exception {
    HttpResponse<byte[]> res = c.exchange("POST", HolderSetRoutes.PATH, change);
    assertThat(res.statusCode()).isEqualTo(202);
    return Json.MAPPER.readValue(res.body(), Dto.ProposalView.class);
  }

  private static Dto.ProposalView decide(ApiClient c, Dto.ProposalView p, String digest)
      throws Exception {
    return c.post(
        "/v1/proposals/" + p.id() + "/approve",
        new Dto.ProposalDecision(digest),
        Dto.ProposalView.class);
  }

  private List<Event> events(String action) {
    return d.plane().store().events(0, d.plane().store().eventCount()).stream()
        .filter(e -> e.action().equals(action))
        .toList();
  }

  private Event last(String action) {
    List<Event> all = events(action);
    assertThat(all).as(action).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private HttpResponse<String> send(String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(url.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
    headers.forEach(req::header);
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ApiException refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
    return catchThrowableOfType(c, ApiException.class);
  }
}
