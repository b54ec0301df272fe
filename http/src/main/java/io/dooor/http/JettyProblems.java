package io.dooor.http;

import io.dooor.client.ApiProblem;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before any route sees them (a request line or headers beyond {@code
 * requestHeaderSize}: 414 or 431; an unparseable or ambiguous request: 400) get RFC 9457
 * problem+json like every other refusal, and are reported to {@link Refused} (nobody authenticated
 * them): the control plane counts them, a key-share holder logs them.
 */
public final class JettyProblems extends ErrorHandler {
  /** Where a refusal of this kind is reported. */
  @FunctionalInterface
  public interface Refused {
    /** {@code method} and {@code path} as far as Jetty parsed them ({@code ?} when not at all). */
    void refused(String method, String path, ApiProblem problem);
  }

  private final Refused refused;

  public JettyProblems(Refused refused) {
    this.refused = refused;
  }

  /** HTTP/1 parser refusals, answered before a request exists. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    ApiProblem p = problem(status, reason);
    refused.refused("?", "(unparsed request)", p);
    fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
    return ByteBuffer.wrap(Replies.problemJson(p));
  }

  /** Refusals of a parsed request outside any route. */
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Object status = request.getAttribute(ERROR_STATUS);
    int code = status instanceof Integer i ? i : response.getStatus();
    Object message = request.getAttribute(ERROR_MESSAGE);
    ApiProblem p = problem(code, message == null ? null : message.toString());
    String path = request.getHttpURI() == null ? "" : request.getHttpURI().getPathQuery();
    refused.refused(request.getMethod(), path, p);
    response.setStatus(p.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
    response.write(true, ByteBuffer.wrap(Replies.problemJson(p)), callback);
    return true;
  }

  static ApiProblem problem(int status, String reason) {
    String code =
        switch (status) {
          case 414 -> "uri-too-long";
          case 431 -> "headers-too-large";
          case 413 -> "payload-too-large";
          default -> "bad-request";
        };
    int s = status >= 400 && status < 600 ? status : 400;
    String message = reason == null || reason.isEmpty() ? HttpStatus.getMessage(s) : reason;
    return new ApiProblem(s, code, message, null, List.of());
  }
}
