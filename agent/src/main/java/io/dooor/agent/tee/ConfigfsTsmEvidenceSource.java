package io.dooor.agent.tee;

import io.dooor.agent.EvidenceSource;
import io.dooor.agent.tee.TeeDeviceException.Reason;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * TDX quotes and SNP reports through the kernel's configfs-tsm interface
 * (Documentation/ABI/testing/configfs-tsm, Linux 6.7+). Each request makes its own report entry
 * (mkdir under the report root), checks that {@code provider} is {@code tdx_guest} or {@code
 * sev_guest}, reads {@code generation}, writes the 64 bytes of report data to {@code inblob} (and,
 * for SNP with a {@code privlevel_floor} above 0, that floor to {@code privlevel}), reads {@code
 * outblob} and, for SNP, {@code auxblob}, then reads {@code generation} again: it must have grown
 * by exactly the number of our writes, or another writer touched the entry and the blobs are not
 * ours (the ABI's conflict rule). Such a conflict is retried in a fresh entry up to {@link
 * #ATTEMPTS} times, then refused. The entry is removed (rmdir) in every case.
 *
 * <p>Evidence: for TDX the quote as {@code outblob} holds it; for SNP the report followed by the
 * VCEK/VLEK from the certificate table ({@link SnpEvidenceAssembly}). Either is parsed as the
 * control plane will parse it and must carry exactly the requested report data.
 */
public final class ConfigfsTsmEvidenceSource implements EvidenceSource {
  /** Where the kernel mounts the report group. */
  public static final Path DEFAULT_ROOT = Path.of("/sys/kernel/config/tsm/report");

  /** TSM_REPORT_OUTBLOB_MAX: the kernel serves no larger blob. */
  public static final int BLOB_MAX = 32 * 1024;

  /** Entries tried when a concurrent writer changes the generation. */
  public static final int ATTEMPTS = 3;

  private static final SecureRandom RNG = new SecureRandom();

  private final Path root;
  private final TeeType type;
  private final ReportEntries entries;

  public ConfigfsTsmEvidenceSource(Path reportRoot, TeeType type) {
    this(reportRoot, type, ReportEntries.KERNEL);
  }

  ConfigfsTsmEvidenceSource(Path reportRoot, TeeType type, ReportEntries entries) {
    if (type != TeeType.TDX && type != TeeType.SNP) {
      throw new IllegalArgumentException("configfs-tsm serves TDX and SNP, not " + type);
    }
    this.root = reportRoot;
    this.type = type;
    this.entries = entries;
  }

  @Override
  public TeeType type() {
    return type;
  }

  @Override
  public Bytes evidence(Bytes reportData) throws IOException {
    ReportData.check(reportData);
    if (!Files.isDirectory(root)) {
      throw new TeeDeviceException(Reason.UNAVAILABLE, "no configfs-tsm report group at " + root);
    }
    TeeDeviceException conflict = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        return toEvidence(inFreshEntry(reportData), reportData);
      } catch (TeeDeviceException e) {
        if (e.reason() != Reason.CONCURRENT_WRITER) {
          throw e;
        }
        conflict = e;
      }
    }
    throw conflict;
  }

  private Blobs inFreshEntry(Bytes reportData) throws IOException {
    Path entry = root.resolve("dooor-" + HexFormat.of().formatHex(randomName()));
    entries.create(entry);
    Blobs blobs;
    try {
      blobs = generate(entry, reportData);
    } catch (IOException | RuntimeException e) {
      removeQuietly(entry, e);
      throw e;
    }
    entries.remove(entry);
    return blobs;
  }

  private Blobs generate(Path entry, Bytes reportData) throws IOException {
    checkProvider(entry);
    long before = generation(entry);
    int writes = writeRequest(entry, reportData);
    Bytes out = readBlob(entry.resolve("outblob"));
    Bytes aux = type == TeeType.SNP ? readAuxblob(entry) : Bytes.empty();
    long after = generation(entry);
    if (after != before + writes) {
      throw new TeeDeviceException(
          Reason.CONCURRENT_WRITER,
          "generation went from "
              + before
              + " to "
              + after
              + " around our "
              + writes
              + " write(s)");
    }
    return new Blobs(out, aux);
  }

  private int writeRequest(Path entry, Bytes reportData) throws IOException {
    int writes = 0;
    long floor = type == TeeType.SNP ? privlevelFloor(entry) : 0;
    if (floor > 0) {
      write(entry.resolve("privlevel"), (floor + "\n").getBytes(StandardCharsets.US_ASCII));
      writes++;
    }
    write(entry.resolve("inblob"), reportData.toArray());
    return writes + 1;
  }

  private Bytes toEvidence(Blobs blobs, Bytes reportData) throws TeeDeviceException {
    if (type == TeeType.TDX) {
      return TdxQuoteCheck.check(blobs.out(), reportData);
    }
    return SnpEvidenceAssembly.assemble(
        blobs.out(), SnpCertificateTable.parse(blobs.aux()), reportData);
  }

  private void checkProvider(Path entry) throws IOException {
    String expected = type == TeeType.TDX ? "tdx_guest" : "sev_guest";
    String provider;
    try {
      provider = readText(entry.resolve("provider"));
    } catch (NoSuchFileException e) {
      throw new TeeDeviceException(
          Reason.PROVIDER_MISMATCH, "no provider attribute in " + entry + ": no TSM is registered");
    }
    if (!provider.equals(expected)) {
      throw new TeeDeviceException(
          Reason.PROVIDER_MISMATCH,
          "provider is '" + provider + "', expected '" + expected + "' for " + type.wireName());
    }
  }

  private static long generation(Path entry) throws IOException {
    return number(entry.resolve("generation"), "generation");
  }

  private static long privlevelFloor(Path entry) throws IOException {
    Path floor = entry.resolve("privlevel_floor");
    return Files.exists(floor) ? number(floor, "privlevel_floor") : 0;
  }

  private static long number(Path attribute, String name) throws IOException {
    String text = readText(attribute);
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TeeDeviceException(Reason.MALFORMED_RESPONSE, name + " is not a number: " + text);
  }

  private static String readText(Path attribute) throws IOException {
    byte[] b;
    try (InputStream in = Files.newInputStream(attribute)) {
      b = in.readNBytes(64);
    }
    return new String(b, StandardCharsets.US_ASCII).strip();
  }

  private static Bytes readAuxblob(Path entry) throws IOException {
    Path aux = entry.resolve("auxblob");
    return Files.exists(aux) ? readBlob(aux) : Bytes.empty();
  }

  /** Reads a whole blob attribute, refusing one larger than the kernel's maximum. */
  static Bytes readBlob(Path blob) throws IOException {
    byte[] b;
    try (InputStream in = Files.newInputStream(blob)) {
      b = in.readNBytes(BLOB_MAX + 1);
    } catch (NoSuchFileException e) {
      throw new TeeDeviceException(Reason.MALFORMED_RESPONSE, "no " + blob.getFileName());
    } catch (IOException e) {
      throw new TeeDeviceException(
          Reason.FIRMWARE_ERROR,
          "the TSM produced no report (reading " + blob.getFileName() + ": " + e.getMessage() + ")",
          e);
    }
    if (b.length > BLOB_MAX) {
      throw new TeeDeviceException(
          Reason.MALFORMED_RESPONSE, blob.getFileName() + " is larger than " + BLOB_MAX + " bytes");
    }
    return Bytes.of(b);
  }

  private static void write(Path attribute, byte[] content) throws IOException {
    Files.write(attribute, content, StandardOpenOption.WRITE);
  }

  private void removeQuietly(Path entry, Exception primary) {
    try {
      entries.remove(entry);
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  private static byte[] randomName() {
    byte[] b = new byte[8];
    RNG.nextBytes(b);
    return b;
  }

  private record Blobs(Bytes out, Bytes aux) {}
}
