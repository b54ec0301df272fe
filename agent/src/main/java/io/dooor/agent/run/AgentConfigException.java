package io.dooor.agent.run;

/** A configuration value the agent cannot run with, naming its key. */
public final class AgentConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String key;

  public AgentConfigException(String key, String problem) {
    super(key + " (env " + AgentConfig.envName(key) + "): " + problem);
    this.key = key;
  }

  /** The configuration key, e.g. {@code heartbeat_interval}. */
  public String key() {
    return key;
  }
}
