package io.dooor.agent.shards;

/**
 * A shard request the agent refuses: the HTTP status, a stable code, and the request field that is
 * wrong ({@code path}, {@code index}, {@code Dooor-Grant}, {@code body}, ...), answered as RFC 9457
 * problem+json. The message names what was checked and never holds shard bytes.
 */
public final class ShardRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  public ShardRequestException(int status, String code, String field, String message) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
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
}
