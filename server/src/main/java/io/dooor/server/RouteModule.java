package io.dooor.server;

import io.javalin.config.RoutesConfig;

/** A group of routes that another capability (audit, vetKD) adds to the API. */
@FunctionalInterface
public interface RouteModule {
  void register(RoutesConfig routes);
}
