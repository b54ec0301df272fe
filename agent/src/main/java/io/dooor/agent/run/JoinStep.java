package io.dooor.agent.run;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bootstrap's one-time join token (issue 14): a provisioned machine's bootstrap (user data,
 * cloud-init, or the local provider) leaves it in the state folder as {@value #FILE}. Before its
 * first registration the agent presents it once, signed by its TEE-born identity key ({@code POST
 * /v1/join}), which binds the machine to that key; then removes it. The token admits nothing: the
 * node still registers and attests. It is never logged.
 */
final class JoinStep {
  static final String FILE = "join-token";

  private JoinStep() {}

  /** Presents the token if the bootstrap left one; a token already used (409) is dropped. */
  static void presentIfAny(Path stateDir, ApiClient api, AgentLog log)
      throws ApiException, IOException {
    Path file = stateDir.resolve(FILE);
    if (!Files.exists(file)) {
      return;
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      Map<?, ?> joined = api.post("/v1/join", Map.of("token", token), Map.class);
      log.info("node.joined", "node", String.valueOf(joined.get("node_id")));
    } catch (ApiException e) {
      if (e.status() != 409) {
        throw e;
      }
      log.warn("node.join_token_used", "status", e.status());
    }
    Files.delete(file);
  }
}
