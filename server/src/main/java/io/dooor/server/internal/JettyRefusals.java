package io.dooor.server.internal;

import io.dooor.client.ApiProblem;
import io.dooor.http.Replies;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before our routes see them (a request line or headers beyond {@code
 * requestHeaderSize}: 414 or 431; an unparseable request: 400) get RFC 9457 problem+json like every
 * other refusal, and are recorded by {@link RefusalRecorder} as unauthenticated refusals (counted
 * per window: nobody authenticated them).
 */
public final class JettyRefusals extends ErrorHandler {
  private final RefusalRecorder refusals;

  public JettyRefusals(RefusalRecorder refusals) {
    this.refusals = refusals;
  }

  /** HTTP/1 parser refusals, answered before a request exists. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    ApiProblem p = problem(status, reason);
    refusals.refused(Optional.empty(), "?", "(unparsed request)", p, Optional.empty());
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
    refusals.refused(Optional.empty(), request.getMethod(), path, p, Optional.empty());
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
