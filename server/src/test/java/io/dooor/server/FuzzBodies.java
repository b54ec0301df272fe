package io.dooor.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dooor.client.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Grammar-aware mutations of a valid JSON body: a field (at any depth) replaced by null, a value of
 * another type, a huge, empty or control-laden string, deep nesting; fields added or removed; or
 * the whole body replaced (null, scalars, truncated JSON, deep arrays).
 */
final class FuzzBodies {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> NASTY =
      List.of(
          "\n",
          "\r\nOK node.deactivate x",
          "\u0000",
          "\u001b[2J",
          "\u202e",
          "\u2066",
          "\ufeff",
          "\u0085",
          "\u200b",
          "\ud800");

  private final SplittableRandom rnd;

  FuzzBodies(SplittableRandom rnd) {
    this.rnd = rnd;
  }

  /** A mutation of {@code template} (a JSON object), as the bytes to send. */
  String mutate(JsonNode template) {
    return switch (rnd.nextInt(14)) {
      case 0 -> "null";
      case 1 ->
          pick(List.of("[]", "1", "\"s\"", "true", "{}", "[null]", "{\"\":null}", "-0.5e999"));
      case 2 -> deep(pick(List.of(10, 900, 1500, 5000)));
      case 3 -> truncated(template.toString());
      default -> tree(template).toString();
    };
  }

  private JsonNode tree(JsonNode template) {
    JsonNode copy = template.deepCopy();
    int edits = 1 + rnd.nextInt(3);
    for (int i = 0; i < edits; i++) {
      edit(copy);
    }
    return copy;
  }

  /** Replaces, adds or removes one value somewhere in {@code root}. */
  private void edit(JsonNode root) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode c = containers.get(rnd.nextInt(containers.size()));
    if (c instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      int what = rnd.nextInt(10);
      if (names.isEmpty() || what == 0) {
        o.set(pick(List.of("surprise", "", "node_id", "x\n", "a".repeat(300))), value(0));
      } else if (what == 1) {
        o.remove(pick(names));
      } else {
        o.set(pick(names), value(0));
      }
    } else if (c instanceof ArrayNode a) {
      if (a.isEmpty() || rnd.nextInt(4) == 0) {
        a.add(value(0));
      } else {
        a.set(rnd.nextInt(a.size()), value(0));
      }
    }
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      n.forEach(child -> collect(child, out));
    }
  }

  /** A random JSON value: null, wrong types, nasty strings, containers of those. */
  JsonNode value(int depth) {
    return switch (rnd.nextInt(depth > 2 ? 9 : 12)) {
      case 0 -> F.nullNode();
      case 1 -> F.numberNode(pick(List.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, 31622401L)));
      case 2 -> F.numberNode(rnd.nextDouble() * 1e300);
      case 3 -> F.booleanNode(rnd.nextBoolean());
      case 4 -> F.textNode("");
      case 5 -> F.textNode("a".repeat(pick(List.of(64, 65, 128, 129, 255, 256, 2049, 70_000))));
      case 6 -> F.textNode("ok" + pick(NASTY) + "ok");
      case 7 -> F.textNode(pick(List.of("sim", "tdx", "w", "AAAA", "00", "operator", "UpToDate")));
      case 8 -> F.textNode("é".repeat(1 + rnd.nextInt(200)));
      case 9 -> F.arrayNode().add(value(depth + 1)).add(F.nullNode());
      case 10 -> F.objectNode().set("k" + rnd.nextInt(3), value(depth + 1));
      default -> Json.MAPPER.valueToTree(List.of(List.of(List.of("deep"))));
    };
  }

  private String deep(int n) {
    String open = rnd.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    return open.repeat(n) + "1" + close.repeat(n);
  }

  private String truncated(String json) {
    return json.substring(0, rnd.nextInt(Math.max(1, json.length())));
  }

  <T> T pick(List<T> xs) {
    return xs.get(rnd.nextInt(xs.size()));
  }
}
