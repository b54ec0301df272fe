package io.dooor.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real slow disk for the chaos suite: an ext4 file system on a loop device (a sparse image in the
 * test's folder), mounted for a database's data folder, whose I/O the kernel throttles on demand
 * with cgroup v1 blkio ({@code blkio.throttle.write_iops_device} and {@code read_iops_device} of
 * the root group, for this device only). Needs root, {@code /dev/loop-control}, {@code losetup},
 * {@code mkfs.ext4} and a writable {@code /sys/fs/cgroup/blkio}: this machine and CI have them;
 * where they are missing, {@link #mount} says why instead.
 */
final class SlowDisk implements AutoCloseable {
  private static final Path BLKIO = Path.of("/sys/fs/cgroup/blkio");
  private static final long SIZE = 768L * 1024 * 1024;

  private final String loop;
  private final String device;
  private final Path mount;

  private SlowDisk(String loop, String device, Path mount) {
    this.loop = loop;
    this.device = device;
    this.mount = mount;
  }

  /** Why a slow disk cannot be made here, or none if it can. */
  static Optional<String> unavailable() {
    if (!Files.isWritable(BLKIO.resolve("blkio.throttle.write_iops_device"))) {
      return Optional.of("no writable cgroup v1 blkio at " + BLKIO + " (needs root)");
    }
    if (!Files.exists(Path.of("/dev/loop-control"))) {
      return Optional.of("no /dev/loop-control (loop devices)");
    }
    return Optional.empty();
  }

  /** Makes, formats and mounts the disk under {@code dir} (the image and mount point). */
  static SlowDisk mount(Path dir) throws Exception {
    Path image = dir.resolve("disk.img");
    try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
      f.setLength(SIZE); // sparse
    }
    String loop = run("losetup", "-f", "--show", image.toString()).strip();
    Path mount = Files.createDirectories(dir.resolve("disk"));
    try {
      run("mkfs.ext4", "-q", "-F", loop);
      run("mount", loop, mount.toString());
      run("chmod", "0777", mount.toString()); // for a database server running as another user
      String device = run("lsblk", "-dno", "MAJ:MIN", loop).strip();
      return new SlowDisk(loop, device, mount);
    } catch (Exception e) {
      run("losetup", "-d", loop);
      throw e;
    }
  }

  /** The mounted file system. */
  Path path() {
    return mount;
  }

  /** Limits the device to {@code iops} reads and {@code iops} writes a second (0: no limit). */
  void throttle(int iops) throws IOException {
    for (String file : List.of("write_iops_device", "read_iops_device")) {
      Files.writeString(
          BLKIO.resolve("blkio.throttle." + file),
          device + " " + iops + "\n",
          StandardCharsets.US_ASCII);
    }
  }

  /** The throttled device (major:minor) and its loop device, for messages. */
  String device() {
    return device + " on " + loop;
  }

  /** Lifts the limit, unmounts and detaches (after the database on it has stopped). */
  @Override
  public void close() throws Exception {
    throttle(0);
    run("umount", mount.toString());
    run("losetup", "-d", loop);
  }

  private static String run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
