package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class HolderAddressesTest {
  @Test
  void parsesRepeatedAndCommaSeparatedEntries() {
    HolderAddresses a =
        HolderAddresses.parse(
            List.of(
                "3=http://10.0.0.3:7101", "1=https://h1.example:443/holder,2=http://[::1]:7102"));
    assertThat(a.byIndex().keySet()).containsExactly(1, 2, 3);
    assertThat(a.byIndex().get(1)).isEqualTo(URI.create("https://h1.example:443/holder"));
    assertThat(a.byIndex().get(2).getHost()).isEqualTo("[::1]");
    assertThat(HolderAddresses.none().isEmpty()).isTrue();
  }

  @Test
  void refusesEachBadEntryNamingIt() {
    bad("http://h:1", "expected index=URL");
    bad("=http://h:1", "expected index=URL");
    bad("0=http://h:1", "index must be in 1..255");
    bad("256=http://h:1", "index must be in 1..255");
    bad("-1=http://h:1", "index must be a number");
    bad("1=ftp://h/x", "http or https");
    bad("1=/relative", "http or https");
    bad("1=http://u:p@h:1", "no user info");
    bad("1=http://h:1/?q=1", "no query or fragment");
    bad("1=http://h:1/#f", "no query or fragment");
    bad("1=http://h :1", "not a URL");
    bad("1=http://h:1,1=http://g:1", "holder 1 given twice");
  }

  private static void bad(String entry, String why) {
    assertThatThrownBy(() -> HolderAddresses.parse(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key-share holder '")
        .hasMessageContaining(why);
  }
}
