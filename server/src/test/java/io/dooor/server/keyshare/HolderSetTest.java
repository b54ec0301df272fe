package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.core.ControlPlaneException;
import io.dooor.core.Policy;
import io.dooor.core.Principal;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A change of the holder set is a pure function of a described change, refused below t. */
class HolderSetTest {
  private static final Instant NOW = Instant.parse("2026-12-07T23:00:00Z");
  private static final Policy POLICY =
      Policy.productionDefault("keyshare-holders", Principal.anonymous(), NOW);

  private static HolderSet three() {
    return new HolderSet(
        Map.of(
            1, URI.create("http://h1:7101"),
            2, URI.create("http://h2:7101"),
            3, URI.create("http://h3:7101")),
        POLICY,
        2,
        Set.of(1, 2, 3, 4));
  }

  @Test
  void removeMoveAddAndPolicyChangeTheSetAndLeaveTheOriginal() throws Exception {
    HolderSet before = three();
    HolderSet removed = before.apply(new HolderSetChange.Remove(3));
    assertThat(removed.addresses()).containsOnlyKeys(1, 2);
    assertThat(before.addresses()).containsOnlyKeys(1, 2, 3);
    HolderSet moved = removed.apply(new HolderSetChange.Move(2, URI.create("http://h2b:7101")));
    assertThat(moved.addresses().get(2)).isEqualTo(URI.create("http://h2b:7101"));
    HolderSet added = moved.apply(new HolderSetChange.Add(4, URI.create("http://h4:7101")));
    assertThat(added.addresses()).containsOnlyKeys(1, 2, 4);
    Policy other = Policy.productionDefault("stricter", Principal.anonymous(), NOW);
    assertThat(added.apply(new HolderSetChange.SetPolicy(other)).policy()).isEqualTo(other);
  }

  @Test
  void refusesBelowThresholdUnknownAndDuplicateHolders() throws Exception {
    HolderSet two = three().apply(new HolderSetChange.Remove(3));
    assertThatThrownBy(() -> two.apply(new HolderSetChange.Remove(1)))
        .isInstanceOf(ControlPlaneException.class)
        .hasMessageContaining("fewer than t=2");
    assertThatThrownBy(() -> two.apply(new HolderSetChange.Add(9, URI.create("http://x:1"))))
        .hasMessageContaining("not configured at startup");
    assertThatThrownBy(() -> two.apply(new HolderSetChange.Add(1, URI.create("http://x:1"))))
        .hasMessageContaining("in the set already");
    assertThatThrownBy(() -> two.apply(new HolderSetChange.Move(3, URI.create("http://x:1"))))
        .hasMessageContaining("not in the set");
    assertThat(new HolderSetChange.Remove(3).describe()).isEqualTo("remove key-share holder 3");
  }
}
