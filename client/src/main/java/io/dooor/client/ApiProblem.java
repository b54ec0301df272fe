package io.dooor.client;

import java.util.List;

/**
 * An RFC 9457 problem: the HTTP status, a stable machine-readable code, a human message, and where
 * it applies the offending field and the failed checks. Never a stack trace.
 */
public final class ApiProblem extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String field;
  private final List<String> failedChecks;

  public ApiProblem(int status, String code, String message, String field, List<String> checks) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.failedChecks = List.copyOf(checks);
  }

  /** 400 for a bad field. */
  public static ApiProblem badField(String field, String message) {
    return new ApiProblem(400, "invalid-argument", message, field, List.of());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public List<String> failedChecks() {
    return failedChecks;
  }
}
