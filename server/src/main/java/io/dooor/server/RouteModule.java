package io.dooor.server;

import io.javalin.config.RoutesConfig;

/** A group of routes that another capability (audit, vetKD) adds to the API. */
@FunctionalInterface
public interface RouteModule {
  void register(RoutesConfig routes);

  /**
   * Whether {@code path} is served without authentication (the audit log's checkpoints and hash
   * tiles); refusals there are counted as unauthenticated. None by default.
   */
  default boolean isPublic(String path) {
    return false;
  }
}
