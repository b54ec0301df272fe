package io.dooor.http;

import io.dooor.client.ApiProblem;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.javalin.http.Context;
import java.util.List;

/** Writes JSON and problem+json responses. */
public final class Replies {
  private Replies() {}

  public static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  public static void problem(Context ctx, ApiProblem p) {
    ctx.status(p.status()).contentType("application/problem+json").result(problemJson(p));
  }

  /** The RFC 9457 problem+json body of {@code p}. */
  public static byte[] problemJson(ApiProblem p) {
    return Json.write(
        new Dto.Problem(
            "https://dooor.dev/problems/" + p.code(),
            p.code(),
            p.status(),
            p.getMessage(),
            p.code(),
            p.field(),
            p.failedChecks()));
  }

  /** The 413 problem for a body larger than {@code maxBody} bytes. */
  public static ApiProblem tooLargeProblem(long maxBody) {
    return new ApiProblem(
        413, "payload-too-large", "request body exceeds " + maxBody + " bytes", null, List.of());
  }

  /** Answers a request Jetty refused as too large with the 413 problem. */
  public static void tooLarge(Context ctx, long maxBody) {
    problem(ctx, tooLargeProblem(maxBody));
  }

  /** Answers an unmatched route with a 404 problem, unless a problem was already written. */
  public static void notFound(Context ctx) {
    String type = ctx.res().getContentType();
    if (type == null || !type.contains("problem")) {
      problem(
          ctx,
          new ApiProblem(
              404, "not-found", "no route " + ctx.method() + " " + ctx.path(), null, List.of()));
    }
  }

  /**
   * Answers a 500 that no handler answered as problem+json (an {@link Error} thrown by a route, a
   * handler that failed) with the {@code internal} problem: never a bare 500 text.
   */
  public static void internalError(Context ctx) {
    String type = ctx.res().getContentType();
    if (type == null || !type.contains("problem")) {
      problem(ctx, new ApiProblem(500, "internal", "internal error; see the log", null, List.of()));
    }
  }
}
