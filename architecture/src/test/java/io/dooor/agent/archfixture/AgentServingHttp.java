package io.dooor.agent.archfixture;

import com.sun.net.httpserver.HttpServer;

/** Breaks the boundaries on purpose: the JDK's HTTP server outside the agent's shard endpoint. */
public final class AgentServingHttp {
  private AgentServingHttp() {}

  static String names() {
    return HttpServer.class.getName();
  }
}
