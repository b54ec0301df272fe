package io.dooor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dooor.audit.AuditException.Reason;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every inclusion and consistency vector of transparency-dev/merkle (../shared/vectors/merkle),
 * loaded into typed records; all failures are collected and reported at once. Negative vectors must
 * fail with the reason an independent oracle (RFC 9162 recursion, not the verifier's bit
 * arithmetic) predicts.
 */
class MerkleVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record InclusionVector(
      String file, long index, long size, Bytes root, Bytes leaf, List<Bytes> proof, boolean bad) {}

  record ConsistencyVector(
      String file,
      long size1,
      long size2,
      Bytes root1,
      Bytes root2,
      List<Bytes> proof,
      boolean bad) {}

  static Path testdata() {
    String dir = System.getProperty("dooor.vectors", "../../shared/vectors");
    Path p = Path.of(dir, "merkle", "testdata");
    assumeTrue(Files.isDirectory(p), "Merkle vectors folder absent: " + p);
    return p;
  }

  @Test
  void allInclusionVectors() throws IOException {
    List<String> failures = new ArrayList<>();
    List<InclusionVector> vs = load(testdata().resolve("inclusion"), MerkleVectorsTest::inclusion);
    for (InclusionVector v : vs) {
      Reason expected = v.bad() ? Oracle.inclusionReason(v) : null;
      Reason got =
          run(
              () ->
                  MerkleVerifier.verifyInclusion(
                      v.index(), v.size(), v.leaf(), v.proof(), v.root()));
      check(v.file(), v.bad(), expected, got, failures);
    }
    assertThat(vs.size()).isEqualTo(98);
    assertThat(failures).as("failing inclusion vectors").isEmpty();
  }

  @Test
  void allConsistencyVectors() throws IOException {
    List<String> failures = new ArrayList<>();
    List<ConsistencyVector> vs =
        load(testdata().resolve("consistency"), MerkleVectorsTest::consistency);
    for (ConsistencyVector v : vs) {
      Reason expected = v.bad() ? Oracle.consistencyReason(v) : null;
      Reason got =
          run(
              () ->
                  MerkleVerifier.verifyConsistency(
                      v.size1(), v.size2(), v.root1(), v.root2(), v.proof()));
      check(v.file(), v.bad(), expected, got, failures);
    }
    assertThat(vs.size()).isEqualTo(98);
    assertThat(failures).as("failing consistency vectors").isEmpty();
  }

  private static void check(
      String file, boolean bad, Reason expected, Reason got, List<String> failures) {
    if (!bad && got != null) {
      failures.add(file + ": valid vector rejected with " + got);
    } else if (bad && got == null) {
      failures.add(file + ": invalid vector accepted");
    } else if (bad && got != expected) {
      failures.add(file + ": rejected with " + got + ", expected " + expected);
    }
    if (bad && nameSays(file) != null && nameSays(file) != got) {
      failures.add(file + ": its name implies " + nameSays(file) + ", got " + got);
    }
  }

  /** What the mutation named in the file implies, where that is unambiguous. */
  private static Reason nameSays(String file) {
    String name = Path.of(file).getFileName().toString();
    if (name.startsWith("modified-proof")
        || name.startsWith("random-root")
        || name.startsWith("swapped-roots")
        || name.startsWith("wrong-root1")
        || name.startsWith("wrong-root2")) {
      return Reason.ROOT_MISMATCH;
    }
    if (name.startsWith("inserted-component")
        || name.startsWith("removed-component")
        || name.startsWith("truncated-proof")
        || name.startsWith("preceding-root")
        || name.startsWith("trailing-root")
        || name.startsWith("empty-proof")) {
      return Reason.PROOF_SIZE_MISMATCH;
    }
    if (name.startsWith("size1-is-greater")) {
      return Reason.TREE_SIZE_ORDER;
    }
    return null;
  }

  interface Check {
    void run() throws AuditException;
  }

  private static Reason run(Check c) {
    try {
      c.run();
      return null;
    } catch (AuditException e) {
      return e.reason();
    }
  }

  interface Parser<T> {
    T parse(String file, JsonNode n);
  }

  private static <T> List<T> load(Path dir, Parser<T> parser) throws IOException {
    List<T> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(parser.parse(dir.relativize(f).toString(), JSON.readTree(f.toFile())));
      }
    }
    return out;
  }

  private static InclusionVector inclusion(String file, JsonNode n) {
    return new InclusionVector(
        file,
        Long.parseUnsignedLong(n.get("leafIdx").asText()),
        Long.parseUnsignedLong(n.get("treeSize").asText()),
        b64(n.get("root")),
        b64(n.get("leafHash")),
        hashes(n.get("proof")),
        n.get("wantErr").asBoolean());
  }

  private static ConsistencyVector consistency(String file, JsonNode n) {
    return new ConsistencyVector(
        file,
        Long.parseUnsignedLong(n.get("size1").asText()),
        Long.parseUnsignedLong(n.get("size2").asText()),
        b64(n.get("root1")),
        b64(n.get("root2")),
        hashes(n.get("proof")),
        n.get("wantErr").asBoolean());
  }

  private static Bytes b64(JsonNode n) {
    return n == null || n.isNull() ? Bytes.empty() : Bytes.fromBase64(n.asText());
  }

  private static List<Bytes> hashes(JsonNode n) {
    List<Bytes> out = new ArrayList<>();
    if (n != null && !n.isNull()) {
      n.forEach(h -> out.add(b64(h)));
    }
    return out;
  }

  /** Independent expectations: RFC 9162 §2.1.3.1 / §2.1.4.1 proof lengths by plain recursion. */
  static final class Oracle {
    static Reason inclusionReason(InclusionVector v) {
      if (v.leaf().length() != 32 || !allHashes(v.proof())) {
        return Reason.MALFORMED_HASH;
      }
      if (Long.compareUnsigned(v.index(), v.size()) >= 0) {
        return Reason.INDEX_OUT_OF_RANGE;
      }
      return v.proof().size() != pathLength(v.index(), v.size())
          ? Reason.PROOF_SIZE_MISMATCH
          : Reason.ROOT_MISMATCH;
    }

    static Reason consistencyReason(ConsistencyVector v) {
      if (!allHashes(v.proof())) {
        return Reason.MALFORMED_HASH;
      }
      if (Long.compareUnsigned(v.size1(), v.size2()) > 0 || v.size1() == 0) {
        return Reason.TREE_SIZE_ORDER;
      }
      long len =
          v.size1() == 0 || v.size1() == v.size2() ? 0 : subproofLength(v.size1(), v.size2(), true);
      return v.proof().size() != len ? Reason.PROOF_SIZE_MISMATCH : Reason.ROOT_MISMATCH;
    }

    static boolean allHashes(List<Bytes> proof) {
      return proof.stream().allMatch(h -> h.length() == 32);
    }

    /** |PATH(m, D[n])|. */
    static long pathLength(long m, long n) {
      if (n <= 1) {
        return 0;
      }
      long k = 1;
      while (k * 2 < n) {
        k *= 2;
      }
      return 1 + (m < k ? pathLength(m, k) : pathLength(m - k, n - k));
    }

    /** |SUBPROOF(m, D[n], b)|. */
    static long subproofLength(long m, long n, boolean b) {
      if (m == n) {
        return b ? 0 : 1;
      }
      long k = 1;
      while (k * 2 < n) {
        k *= 2;
      }
      return 1 + (m <= k ? subproofLength(m, k, b) : subproofLength(m - k, n - k, false));
    }
  }
}
