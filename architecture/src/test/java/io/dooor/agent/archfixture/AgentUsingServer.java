package io.dooor.agent.archfixture;

import io.dooor.server.Deployment;
import io.javalin.Javalin;

/** Breaks the boundaries on purpose: an agent class that uses the server and an HTTP server. */
public final class AgentUsingServer {
  private AgentUsingServer() {}

  static String names() {
    return Deployment.class.getName() + Javalin.class.getName();
  }
}
