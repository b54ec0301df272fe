package io.dooor.cli;

import io.dooor.client.Json;
import java.nio.charset.StandardCharsets;

/** Output helpers: JSON for --json, plain text otherwise. */
final class Output {
  private Output() {}

  static void json(Object value) {
    System.out.println(new String(Json.write(value), StandardCharsets.UTF_8));
  }
}
