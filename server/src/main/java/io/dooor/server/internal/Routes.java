package io.dooor.server.internal;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.PublicKeys;
import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import io.dooor.core.ControlPlane;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.EventLimits;
import io.dooor.core.Identifiers;
import io.dooor.core.NodeId;
import io.dooor.core.NodeKey;
import io.dooor.core.Registration;
import io.dooor.core.TeeType;
import io.dooor.http.Replies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** The /v1 routes: parse the request, call the control plane, render the result. */
public final class Routes {
  /** The request attribute holding the authenticated {@code Caller}. */
  public static final String CALLER = "dooor.caller";

  /**
   * The request attribute a route sets, before it refuses a request itself, to name what was
   * refused (a {@code ControlPlaneException.Refusal}: operation, subject, facts) for the record.
   */
  public static final String ABOUT = "dooor.about";

  /** Longest workload name, in UTF-8 bytes (it is recorded in event subjects and details). */
  public static final int MAX_WORKLOAD = 128;

  /** Longest principal text, in UTF-8 bytes (29 bytes of principal are at most 63 characters). */
  static final int MAX_PRINCIPAL = 128;

  private final ControlPlane plane;
  private final PolicyRoutes policies;
  private final PrincipalRoutes principals;
  private final ProposalRoutes proposals;

  public Routes(ControlPlane plane) {
    this.plane = plane;
    this.policies = new PolicyRoutes(plane);
    this.principals = new PrincipalRoutes(plane);
    this.proposals = new ProposalRoutes(plane);
  }

  public void register(RoutesConfig r) {
    r.post("/v1/nodes", this::registerNode);
    r.get("/v1/nodes", ctx -> Replies.json(ctx, 200, Views.nodes(plane.nodes(caller(ctx)))));
    r.get(
        "/v1/nodes/{id}",
        ctx -> Replies.json(ctx, 200, Views.node(plane.node(caller(ctx), id(ctx)))));
    r.post("/v1/nodes/{id}/challenge", this::challenge);
    r.post("/v1/nodes/{id}/attestation", this::attest);
    r.post("/v1/nodes/{id}/deactivate", this::deactivate);
    r.post("/v1/nodes/{id}/drain", this::drain);
    r.post("/v1/nodes/{id}/heartbeat", this::heartbeat);
    r.put("/v1/policies/{workload}", policies::set);
    r.get("/v1/policies/{workload}", policies::get);
    r.post("/v1/principals", principals::grant);
    r.post("/v1/principals/revoke", principals::revoke);
    r.get("/v1/principals", principals::list);
    r.get("/v1/events", this::events);
    r.get("/v1/proposals", proposals::list);
    r.get("/v1/proposals/{id}", proposals::show);
    r.post("/v1/proposals/{id}/approve", proposals::approve);
    r.post("/v1/proposals/{id}/reject", proposals::reject);
  }

  public static Caller caller(Context ctx) {
    return ctx.attribute(CALLER);
  }

  static NodeId id(Context ctx) throws ApiProblem {
    try {
      return NodeId.of(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField("node_id", e.getMessage());
    }
  }

  private void registerNode(Context ctx) throws ApiProblem, ControlPlaneException {
    Dto.RegisterNode body = Json.read(ctx.bodyAsBytes(), Dto.RegisterNode.class);
    NodeId id;
    TeeType type;
    try {
      id = NodeId.of(Json.required("node_id", body.nodeId()));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField("node_id", e.getMessage());
    }
    try {
      type = TeeType.parse(Json.required("tee_type", body.teeType()));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField("tee_type", e.getMessage());
    }
    String workload =
        identifier(
            "workload",
            body.workload() == null ? "default" : Json.required("workload", body.workload()),
            MAX_WORKLOAD);
    String endpoint = shardEndpoint(body.shardEndpoint());
    Registration reg =
        plane.registerTeeNode(
            caller(ctx),
            id,
            workload,
            type,
            nodeKey(body.nodePublicKey()),
            Json.base64("report", body.report()));
    if (endpoint != null) {
      plane.advertiseShardEndpoint(caller(ctx), id, endpoint);
    }
    Replies.json(
        ctx, 201, new Dto.Registered(Views.node(reg.node()), Views.challenge(reg.challenge())));
  }

  /** A heartbeat, with an optional body naming the node's shard endpoint (issue 13). */
  private void heartbeat(Context ctx) throws ApiProblem, ControlPlaneException {
    byte[] raw = ctx.bodyAsBytes();
    String endpoint =
        raw.length == 0 ? null : shardEndpoint(Json.read(raw, Dto.Heartbeat.class).shardEndpoint());
    NodeId id = id(ctx);
    io.dooor.core.Node node = plane.heartbeat(caller(ctx), id);
    if (endpoint != null) {
      plane.advertiseShardEndpoint(caller(ctx), id, endpoint);
    }
    Replies.json(ctx, 200, Views.node(node));
  }

  /** A shard endpoint checked before any change, or null if absent; else 400 naming it. */
  private static String shardEndpoint(String value) throws ApiProblem {
    if (value == null) {
      return null;
    }
    try {
      return ControlPlane.checkShardEndpoint(value);
    } catch (ControlPlaneException e) {
      throw ApiProblem.badField("shard_endpoint", e.getMessage());
    }
  }

  /** The node key, parsed once here by the one key parser (DESIGN §2); else 400 naming it. */
  private static NodeKey nodeKey(String base64) throws ApiProblem {
    Bytes der = Json.base64("node_public_key", base64);
    try {
      return new NodeKey(PublicKeys.parseSpki(der).spki());
    } catch (AuthException | IllegalArgumentException e) {
      throw ApiProblem.badField("node_public_key", e.getMessage());
    }
  }

  private void challenge(Context ctx) throws ApiProblem, ControlPlaneException {
    Replies.json(ctx, 200, Views.challenge(plane.challenge(caller(ctx), id(ctx))));
  }

  private void attest(Context ctx) throws ApiProblem, ControlPlaneException {
    Dto.Attest body = Json.read(ctx.bodyAsBytes(), Dto.Attest.class);
    Bytes evidence = Json.base64("evidence", body.evidence());
    Replies.json(ctx, 200, Views.node(plane.verifyAttestation(caller(ctx), id(ctx), evidence)));
  }

  private void deactivate(Context ctx) throws ApiProblem, ControlPlaneException {
    Dto.Deactivate body = Json.read(ctx.bodyAsBytes(), Dto.Deactivate.class);
    String reason =
        identifier("reason", Json.required("reason", body.reason()), EventLimits.MAX_DETAIL_VALUE);
    Replies.json(ctx, 200, Views.node(plane.deactivateNode(caller(ctx), id(ctx), reason)));
  }

  private void drain(Context ctx) throws ApiProblem, ControlPlaneException {
    Dto.Drain body = Json.read(ctx.bodyAsBytes(), Dto.Drain.class);
    String reason =
        identifier("reason", Json.required("reason", body.reason()), EventLimits.MAX_DETAIL_VALUE);
    Replies.json(ctx, 200, Views.node(plane.drainNode(caller(ctx), id(ctx), reason)));
  }

  private void events(Context ctx) throws ApiProblem, ControlPlaneException {
    long from = longParam(ctx, "from", 0);
    long limit = Math.min(longParam(ctx, "limit", 100), 1000);
    Replies.json(
        ctx,
        200,
        plane.events(caller(ctx), from, from + limit).stream().map(Views::event).toList());
  }

  /**
   * {@code value} if it passes the one identifier rule ({@link Identifiers}: at most {@code
   * maxBytes} UTF-8 bytes, no control or format character); else 400 naming {@code field}.
   */
  public static String identifier(String field, String value, int maxBytes) throws ApiProblem {
    try {
      return Identifiers.check(field, value, maxBytes);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badField(field, e.getMessage());
    }
  }

  public static long longParam(Context ctx, String name, long dflt) throws ApiProblem {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException("negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiProblem.badField(
          name, "query parameter '" + name + "' must be a non-negative integer");
    }
  }
}
