package io.dooor.provision;

import io.dooor.core.TeeType;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a cloud machine runs first (issue 14): the join token written owner-only into the agent's
 * state folder, the agent's settings, then the agent. One text per form a cloud takes: cloud-init
 * (AWS user data, Azure custom data) or a shell script (GCP startup script). Every value put into
 * them is checked against a strict character set first, so none can break out of its line.
 */
public final class AgentBootstrap {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~:/@+=-]{1,512}");

  private AgentBootstrap() {}

  /** The agent's settings file ({@code /etc/dooor/agent.properties}), one line each. */
  public static String properties(MachineRequest r) {
    return "server = "
        + safe("controlPlane", r.controlPlane())
        + "\nnode_id = "
        + safe("machineId", r.machineId())
        + "\nworkload = "
        + safe("workload", r.spec().name())
        + "\nevidence = "
        + evidence(r.spec().teeType())
        + "\ntee_type = "
        + r.spec().teeType().wireName()
        + "\nstate_dir = /var/lib/dooor-agent\n";
  }

  /** The join token as text, checked. */
  public static String token(MachineRequest r) {
    return safe("joinToken", new String(r.joinToken().toArray(), StandardCharsets.UTF_8));
  }

  /** cloud-config user data. */
  public static byte[] cloudInit(MachineRequest r) {
    StringBuilder s = new StringBuilder();
    s.append("#cloud-config\nwrite_files:\n")
        .append("  - path: /var/lib/dooor-agent/join-token\n    permissions: '0600'\n")
        .append("    content: ")
        .append(token(r))
        .append("\n  - path: /etc/dooor/agent.properties\n    permissions: '0600'\n")
        .append("    content: |\n");
    for (String line : properties(r).split("\n", -1)) {
      if (!line.isEmpty()) {
        s.append("      ").append(line).append('\n');
      }
    }
    s.append("runcmd:\n  - [systemctl, enable, --now, dooor-agent.service]\n");
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A POSIX shell startup script. Clouds run it at every boot: the token is written only at the
   * first ({@code /var/lib/dooor-agent/.bootstrapped} marks it), so a reboot never presents it
   * again.
   */
  public static String shellScript(MachineRequest r) {
    return "#!/bin/sh\nset -eu\numask 077\n"
        + "if [ ! -e /var/lib/dooor-agent/.bootstrapped ]; then\n"
        + "  mkdir -p /var/lib/dooor-agent /etc/dooor\n"
        + "  cat > /var/lib/dooor-agent/join-token <<'DOOOR_EOF'\n"
        + token(r)
        + "\nDOOOR_EOF\n"
        + "  cat > /etc/dooor/agent.properties <<'DOOOR_EOF'\n"
        + properties(r)
        + "DOOOR_EOF\n"
        + "  touch /var/lib/dooor-agent/.bootstrapped\n"
        + "fi\n"
        + "systemctl enable --now dooor-agent.service\n";
  }

  /** How the agent gets its evidence for {@code type}. */
  public static String evidence(TeeType type) {
    return switch (type) {
      case NITRO -> "nsm";
      case SIM -> "sim";
      default -> "configfs-tsm";
    };
  }

  private static String safe(String field, String value) {
    if (!SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " has characters a bootstrap cannot carry");
    }
    return value;
  }
}
