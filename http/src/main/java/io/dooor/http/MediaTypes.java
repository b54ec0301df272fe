package io.dooor.http;

import io.dooor.client.ApiProblem;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * The one media type a route reads: a request with a body, or with a Content-Type on a method that
 * takes one, is refused 415 (RFC 9110 §15.5.16) unless its type is the route's ({@code
 * application/json} for the control plane, the share format for a key-share holder); parameters
 * such as {@code charset=utf-8} are allowed and case is ignored (RFC 9110 §8.3.1).
 */
public final class MediaTypes {
  /** The control plane's request type. */
  public static final String JSON = "application/json";

  /** The status and stable code of the refusal, in both processes' error tables. */
  public static final int STATUS = 415;

  public static final String CODE = "unsupported-media-type";

  private MediaTypes() {}

  /** Returns if {@code ctx} carries no body or one of {@code type}; else throws the 415 problem. */
  public static void require(Context ctx, String type) throws ApiProblem {
    String given = ctx.header("Content-Type");
    boolean reads = !List.of("GET", "HEAD").contains(ctx.method().name());
    boolean hasBody = ctx.bodyAsBytes().length > 0;
    boolean nothingToRead = !hasBody && (given == null || !reads);
    if (nothingToRead || given != null && essence(given).equals(type)) {
      return;
    }
    String was = given == null ? "a body without Content-Type" : "'" + essence(given) + "'";
    throw new ApiProblem(
        STATUS, CODE, "request body must be " + type + ", not " + was, "content-type", List.of());
  }

  /** The type/subtype of a Content-Type value, lower case, without parameters. */
  static String essence(String type) {
    int semi = type.indexOf(';');
    String bare = (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    return bare.length() > 100 ? bare.substring(0, 100) : bare;
  }
}
