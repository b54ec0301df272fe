package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.PolicyBodies;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.ControlPlaneException.Refusal;
import io.dooor.core.PolicySpec;
import io.dooor.core.Role;
import io.dooor.core.proposal.ChangeText;
import io.dooor.core.proposal.Proposal;
import io.dooor.core.proposal.ProposalState;
import io.dooor.http.Replies;
import io.dooor.server.internal.Routes;
import io.dooor.server.internal.Views;
import io.dooor.server.keyshare.HolderAttestations;
import io.dooor.server.keyshare.HolderSet;
import io.dooor.server.keyshare.HolderSetChanges;
import io.dooor.server.keyshare.HolderSetSync;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key-share holder set (issue 16). {@code GET /v1/keyshare/holders} (auditors and controllers)
 * lists every holder in the set with its attestation standing. {@code POST /v1/keyshare/holders}
 * (controllers) adds, moves or removes a holder or sets the holder policy ({@link
 * Dto.HolderSetChange}): a change of kind HOLDER_SET, recorded as a proposal; with one approval
 * needed it applies at once (200, the new set), else 202 with the pending proposal, applied by the
 * m-th approval ({@code POST /v1/proposals/ID/approve}). A change that cannot apply to the set the
 * store records now (a holder not in it, fewer than t left, an index not configured at startup) is
 * 400 naming the field, recorded, and changes nothing. A new or moved holder is asked for
 * derivations only once it attested under the holder policy. Attested remote holders only ({@code
 * --key-share-holder} with {@code --holder-policy}); otherwise 409.
 */
final class HolderSetRoutes implements RouteModule {
  static final String PATH = "/v1/keyshare/holders";
  static final String ACTION = "keyshare.holder_set";
  private static final String SUBJECT = "keyshare-holders";

  private final ControlPlane plane;
  private final HolderSetSync sync;

  /**
   * @param sync the attested holder set, or null when the holders are embedded or not attested
   */
  HolderSetRoutes(ControlPlane plane, HolderSetSync sync) {
    this.plane = plane;
    this.sync = sync;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(PATH, this::list);
    routes.post(PATH, this::change);
  }

  private void list(Context ctx) throws ControlPlaneException {
    plane.authorize(Routes.caller(ctx), Role.AUDITOR, "keyshare.holder_set.read", SUBJECT);
    Replies.json(ctx, 200, view(attested(), plane.clock().instant()));
  }

  private void change(Context ctx) throws ApiProblem, ControlPlaneException {
    ctx.attribute(Routes.ABOUT, new Refusal(ACTION, SUBJECT, Map.of()));
    HolderAttestations live = attested();
    Dto.HolderSetChange body = Json.read(ctx.bodyAsBytes(), Dto.HolderSetChange.class);
    ChangeText change = change(body);
    ctx.attribute(
        Routes.ABOUT,
        new Refusal(
            ACTION,
            SUBJECT,
            Map.of("holder_change", HolderSetChanges.decode(change).change().describe())));
    HolderSet recorded = sync.recorded(plane.store());
    try {
      recorded.apply(HolderSetChanges.decode(change).change());
    } catch (ControlPlaneException e) {
      throw ApiProblem.badField(body.op().equals("policy") ? "policy" : "index", e.getMessage());
    }
    Proposal p = plane.propose(Routes.caller(ctx), change);
    if (p.state() == ProposalState.APPLIED) {
      sync.sync(plane.store());
      Replies.json(ctx, 200, view(live, plane.clock().instant()));
      return;
    }
    Replies.json(ctx, 202, Views.proposal(p));
  }

  /** The canonical change {@code body} asks for; 400 naming the field that is wrong. */
  static ChangeText change(Dto.HolderSetChange body) throws ApiProblem {
    String op = Json.required("op", body.op());
    switch (op) {
      case "add", "move" -> {
        only(body, true, true, false);
        int index = index(body.index());
        URI url;
        try {
          url = HolderSetChanges.url(Json.required("url", body.url()));
        } catch (IllegalArgumentException e) {
          throw ApiProblem.badField("url", e.getMessage());
        }
        return HolderSetChanges.holder(op, index, url);
      }
      case "remove" -> {
        only(body, true, false, false);
        return HolderSetChanges.holder(op, index(body.index()), null);
      }
      case "policy" -> {
        only(body, false, false, true);
        if (body.policy() == null) {
          throw ApiProblem.badField("policy", "op policy needs the holder policy");
        }
        PolicySpec spec = PolicyBodies.spec("keyshare-holders", body.policy());
        try {
          spec.draft(Instant.EPOCH);
        } catch (IllegalArgumentException e) {
          throw ApiProblem.badField("policy", e.getMessage());
        }
        return HolderSetChanges.policy(spec);
      }
      default ->
          throw ApiProblem.badField(
              "op", "op '" + shown(op) + "' is not add, move, remove or policy");
    }
  }

  private static void only(Dto.HolderSetChange body, boolean index, boolean url, boolean policy)
      throws ApiProblem {
    if (!index && body.index() != null) {
      throw ApiProblem.badField("index", "op " + body.op() + " takes no index");
    }
    if (!url && body.url() != null) {
      throw ApiProblem.badField("url", "op " + body.op() + " takes no url");
    }
    if (!policy && body.policy() != null) {
      throw ApiProblem.badField("policy", "op " + body.op() + " takes no policy");
    }
  }

  private static int index(Integer index) throws ApiProblem {
    if (index == null) {
      throw ApiProblem.badField("index", "index is required");
    }
    if (index < 1 || index > io.dooor.vetkd.threshold.ThresholdPublicKey.MAX_HOLDERS) {
      throw ApiProblem.badField(
          "index",
          "index must be in 1.." + io.dooor.vetkd.threshold.ThresholdPublicKey.MAX_HOLDERS);
    }
    return index;
  }

  private HolderAttestations attested() throws ControlPlaneException {
    if (sync == null) {
      throw new ControlPlaneException(
          Reason.CONFLICT,
          "this control plane has no attested key-share holders to change: start it with"
              + " --key-share-holder INDEX=URL and --holder-policy",
          List.of("holder_set.not_attested"));
    }
    return sync.attestations();
  }

  static Dto.HolderSetView view(HolderAttestations live, Instant now) {
    HolderSet set = live.set();
    Map<Integer, HolderAttestations.Standing> standings = live.standings();
    List<Dto.HolderStanding> holders = new ArrayList<>();
    set.addresses()
        .forEach(
            (i, url) -> {
              HolderAttestations.Standing s = standings.get(i);
              boolean admitted = s != null && s.admittedAt(now);
              holders.add(
                  new Dto.HolderStanding(
                      i,
                      url.toString(),
                      admitted,
                      s == null || s.until() == null ? null : s.until().toString(),
                      admitted ? null : reason(s)));
            });
    return new Dto.HolderSetView(
        set.threshold(),
        set.policy().workload(),
        set.policy().allowedTypes().stream().map(t -> t.wireName()).sorted().toList(),
        set.policy().referenceValues().keySet().stream().sorted().toList(),
        holders);
  }

  private static String reason(HolderAttestations.Standing s) {
    if (s == null) {
      return "not attested yet";
    }
    return s.reason() != null ? s.reason() : "its evidence expired at " + s.until();
  }

  private static String shown(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
