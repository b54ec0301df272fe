package io.dooor.server.internal;

import io.dooor.server.api.Dto;
import io.javalin.http.Context;

/** Writes JSON and problem+json responses. */
public final class Replies {
  private Replies() {}

  public static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  public static void problem(Context ctx, ApiProblem p) {
    Dto.Problem body =
        new Dto.Problem(
            "https://dooor.dev/problems/" + p.code(),
            p.code(),
            p.status(),
            p.getMessage(),
            p.code(),
            p.field(),
            p.failedChecks());
    ctx.status(p.status()).contentType("application/problem+json").result(Json.write(body));
  }
}
