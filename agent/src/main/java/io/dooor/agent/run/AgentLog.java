package io.dooor.agent.run;

import io.dooor.client.Json;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's structured log: one JSON object per line ({@code time}, {@code level}, {@code event},
 * then the fields), so that nothing a field holds can forge a line. Callers pass public facts only:
 * node ids, principals, states, times and problem codes, never key material or evidence.
 */
public final class AgentLog {
  private final PrintStream out;
  private final Clock clock;

  public AgentLog(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  public void info(String event, Object... fields) {
    write("info", event, fields);
  }

  public void warn(String event, Object... fields) {
    write("warn", event, fields);
  }

  /** Writes one line; {@code fields} alternate name and value. */
  private void write(String level, String event, Object... fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", clock.instant().toString());
    line.put("level", level);
    line.put("event", event);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      line.put(String.valueOf(fields[i]), String.valueOf(fields[i + 1]));
    }
    synchronized (out) {
      out.println(new String(Json.write(line), StandardCharsets.UTF_8));
      out.flush();
    }
  }
}
