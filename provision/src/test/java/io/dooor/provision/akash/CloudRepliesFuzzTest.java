package io.dooor.provision.akash;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.provision.azure.AzureVmProvider;
import java.nio.charset.StandardCharsets;

/**
 * The readers of what clouds answer (Akash CLI JSON: transactions, bids, leases, whose contents
 * come from the chain and from bidders; ARM error bodies) on arbitrary text: a value or nothing,
 * never an exception, and only well-formed addresses, hashes and codes come out.
 */
class CloudRepliesFuzzTest {
  private static final String BIDS =
      "{\"bids\":[{\"bid\":{\"id\":{\"provider\":\"akash1"
          + "q".repeat(38)
          + "\",\"gseq\":1,\"oseq\":1},\"price\":{\"denom\":\"uakt\",\"amount\":\"1.5\"}}}]}";

  @FuzzTest(maxDuration = "10s")
  void readersNeverThrow(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    AkashCli.tx(text).ifPresent(t -> assertThat(t.txhash()).matches("[0-9A-Fa-f]{64}"));
    for (AkashCli.Bid b : AkashCli.bids(text)) {
      assertThat(b.provider()).startsWith("akash1");
      assertThat(b.price().signum()).isGreaterThanOrEqualTo(0);
    }
    AkashCli.activeLeaseProvider(text).ifPresent(p -> assertThat(p).startsWith("akash1"));
    assertThat(AzureVmProvider.errorCode(data)).matches("[A-Za-z0-9._-]{1,80}");
  }

  @FuzzTest(maxDuration = "10s")
  void mutatedBidsNeverThrow(FuzzedDataProvider in) {
    byte[] b = BIDS.getBytes(StandardCharsets.UTF_8);
    int edits = in.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      b[in.consumeInt(0, b.length - 1)] = in.consumeByte();
    }
    readersNeverThrow(b);
  }
}
