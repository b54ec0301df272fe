package io.dooor.agent.run;

import picocli.CommandLine;

/** {@code java -jar dooor-agent.jar start|status}: the agent alone, as a TEE image runs it. */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentCommand()).execute(args));
  }
}
