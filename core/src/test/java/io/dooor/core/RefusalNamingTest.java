package io.dooor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.ControlPlaneException.Refusal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A refusal leaves the state machine named once, by the innermost operation that refused it (the
 * one that knows the most facts); an outer step cannot rename it, so the edge records it once.
 */
class RefusalNamingTest {
  @Test
  void theFirstNamingWinsAndAnUnnamedRefusalHasNone() {
    ControlPlaneException e = new ControlPlaneException(Reason.FORBIDDEN, "no");
    assertThat(e.refusal()).isEmpty();
    Refusal inner = new Refusal("key.derive", "vetkd:ctx", Map.of("context", "ctx"));
    assertThat(e.refusing(inner)).isSameAs(e);
    e.refusing(new Refusal("node.read", "node:n1", Map.of()));
    assertThat(e.refusal()).contains(inner);
  }
}
