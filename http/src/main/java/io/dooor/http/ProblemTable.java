package io.dooor.http;

import io.dooor.client.ApiProblem;

/**
 * The one error table (STYLE §4), as the processes that answer HTTP see it: the RFC 9457 problem
 * (status, stable code, detail, failed checks) for an exception of any of our modules, {@code 500
 * internal} for anything else. The server implements it; the key-share holder process is handed it,
 * so that both answer a shared reason with the same status and code.
 */
@FunctionalInterface
public interface ProblemTable {
  ApiProblem problem(Exception e);
}
