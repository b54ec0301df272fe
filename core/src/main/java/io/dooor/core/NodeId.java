package io.dooor.core;

import java.util.regex.Pattern;

/** A node's operator-chosen name: 1-64 of [a-z0-9._-], starting with a letter or digit. */
public record NodeId(String value) implements Comparable<NodeId> {
  private static final Pattern SYNTAX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public NodeId {
    if (value == null || !SYNTAX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "node_id must be 1-64 characters of [a-z0-9._-] starting with a letter or digit");
    }
  }

  public static NodeId of(String value) {
    return new NodeId(value);
  }

  @Override
  public int compareTo(NodeId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
