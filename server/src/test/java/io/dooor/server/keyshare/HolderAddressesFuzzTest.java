package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.util.List;

/** The INDEX=URL list of key-share holders (operator input) on arbitrary text. */
class HolderAddressesFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(String text) {
    if (text == null) {
      return;
    }
    for (String in : new String[] {text, "1=http://" + text, "2=" + text + ",3=http://h:1"}) {
      try {
        HolderAddresses a = HolderAddresses.parse(List.of(in));
        for (var e : a.byIndex().entrySet()) {
          URI u = e.getValue();
          assertThat(e.getKey()).isBetween(1, 255);
          assertThat(u.getScheme()).matches("(?i)https?");
          assertThat(u.getHost()).isNotNull();
          assertThat(u.getRawQuery()).isNull();
        }
      } catch (IllegalArgumentException expected) {
        // the only allowed failure
      }
    }
  }
}
