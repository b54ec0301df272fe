package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;

/** Proof wire forms and verification with arbitrary sizes, indexes and hashes. */
class ProofParserFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void inclusion(FuzzedDataProvider data) {
    long index = data.consumeLong();
    long size = data.consumeLong();
    Bytes leaf = Bytes.of(data.consumeBytes(33));
    Bytes root = Bytes.of(data.consumeBytes(33));
    Bytes wire = Bytes.of(data.consumeRemainingAsBytes());
    try {
      InclusionProof p = InclusionProof.parse(index, size, wire);
      assertThat(p.encode()).isEqualTo(wire);
      MerkleVerifier.verifyInclusion(index, size, leaf, p.hashes(), root);
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void consistency(FuzzedDataProvider data) {
    long size1 = data.consumeLong();
    long size2 = data.consumeLong();
    Bytes root1 = Bytes.of(data.consumeBytes(33));
    Bytes root2 = Bytes.of(data.consumeBytes(33));
    Bytes wire = Bytes.of(data.consumeRemainingAsBytes());
    try {
      ConsistencyProof p = ConsistencyProof.parse(size1, size2, wire);
      assertThat(p.encode()).isEqualTo(wire);
      MerkleVerifier.verifyConsistency(size1, size2, root1, root2, p.hashes());
    } catch (AuditException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }
}
