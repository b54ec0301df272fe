package io.dooor.server.internal;

import io.dooor.client.ApiProblem;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * The one media type the API reads: a request with a body, or with a Content-Type on a method that
 * takes one, is refused 415 (RFC 9110 §15.5.16) unless its type is {@code application/json};
 * parameters such as {@code charset=utf-8} are allowed (RFC 9110 §8.3.1).
 */
public final class MediaTypes {
  private MediaTypes() {}

  /** Returns if {@code ctx} carries no body or a JSON one; else throws the 415 problem. */
  public static void requireJson(Context ctx) throws ApiProblem {
    String type = ctx.header("Content-Type");
    boolean reads = !List.of("GET", "HEAD").contains(ctx.method().name());
    boolean hasBody = ctx.bodyAsBytes().length > 0;
    boolean nothingToRead = !hasBody && (type == null || !reads);
    if (nothingToRead || type != null && isJson(type)) {
      return;
    }
    String was = type == null ? "a body without Content-Type" : "'" + essence(type) + "'";
    throw new ApiProblem(
        Problems.UNSUPPORTED_MEDIA_TYPE.status(),
        Problems.UNSUPPORTED_MEDIA_TYPE.code(),
        "request body must be application/json, not " + was,
        "content-type",
        List.of());
  }

  /** Whether {@code type} is {@code application/json}, with or without parameters. */
  static boolean isJson(String type) {
    return essence(type).equals("application/json");
  }

  /** The type/subtype of a Content-Type value, lower case, without parameters. */
  private static String essence(String type) {
    int semi = type.indexOf(';');
    String bare = (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    return bare.length() > 100 ? bare.substring(0, 100) : bare;
  }
}
