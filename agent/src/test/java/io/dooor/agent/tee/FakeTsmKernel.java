package io.dooor.agent.tee;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A stand-in for the kernel side of configfs-tsm, following Documentation/ABI/testing/configfs-tsm
 * and drivers/virt/coco/guest/report.c: mkdir of an entry makes {@code provider}, {@code
 * generation} (starting at 0), optionally {@code privlevel_floor}, and the blob attributes. The
 * write-only and read-only blobs are named pipes served by one "kernel" thread per entry, so that a
 * write of {@code inblob} is seen when it happens and a read of {@code outblob} blocks until the
 * report exists, as with the real interface: the thread reads {@code privlevel} (when the floor is
 * above 0) and {@code inblob}, advancing {@code generation} by one per write, then produces the
 * blobs with the responder. A configured number of requests see a concurrent writer: another {@code
 * inblob} write lands after ours, so the generation advances twice and the report answers the other
 * writer's data.
 */
final class FakeTsmKernel implements ReportEntries {
  /** What the TSM answers to one inblob. */
  interface Responder {
    Blobs answer(byte[] inblob) throws IOException;
  }

  record Blobs(byte[] out, byte[] aux) {}

  private final String provider;
  private final long privlevelFloor;
  private final boolean auxblob;
  private final Responder responder;
  final AtomicInteger concurrentWrites = new AtomicInteger();
  final List<Path> created = new CopyOnWriteArrayList<>();
  final List<Path> removed = new CopyOnWriteArrayList<>();
  final List<String> privlevels = new CopyOnWriteArrayList<>();
  private final Map<Path, EntryThread> threads = new ConcurrentHashMap<>();

  /**
   * @param provider the provider name, or null for an entry without one
   * @param privlevelFloor the floor, or -1 for an entry without the attribute (TDX)
   */
  FakeTsmKernel(String provider, long privlevelFloor, boolean auxblob, Responder responder) {
    this.provider = provider;
    this.privlevelFloor = privlevelFloor;
    this.auxblob = auxblob;
    this.responder = responder;
  }

  static FakeTsmKernel snp(Responder responder) {
    return new FakeTsmKernel("sev_guest", 0, true, responder);
  }

  static FakeTsmKernel tdx(Responder responder) {
    return new FakeTsmKernel("tdx_guest", -1, false, responder);
  }

  @Override
  public void create(Path entry) throws IOException {
    Files.createDirectory(entry);
    if (provider != null) {
      Files.writeString(entry.resolve("provider"), provider + "\n", StandardCharsets.US_ASCII);
    }
    setGeneration(entry, 0);
    mkfifo(entry.resolve("inblob"));
    mkfifo(entry.resolve("outblob"));
    if (auxblob) {
      mkfifo(entry.resolve("auxblob"));
    }
    if (privlevelFloor >= 0) {
      Files.writeString(entry.resolve("privlevel_floor"), privlevelFloor + "\n");
      mkfifo(entry.resolve("privlevel"));
    }
    EntryThread t = new EntryThread(entry);
    threads.put(entry, t);
    created.add(entry);
    t.start();
  }

  @Override
  public void remove(Path entry) throws IOException {
    removed.add(entry);
    EntryThread t = threads.remove(entry);
    t.stopped = true;
    for (int i = 0; t.isAlive() && i < 500; i++) {
      Path waiting = t.waitingOn;
      if (waiting != null) {
        // O_RDWR on a FIFO never blocks on Linux and wakes whichever side waits in open(2)
        new RandomAccessFile(waiting.toFile(), "rw").close();
      }
      try {
        t.join(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (t.isAlive()) {
      throw new IOException("the kernel thread of " + entry + " did not stop");
    }
    try (Stream<Path> files = Files.list(entry)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(entry);
  }

  private static void setGeneration(Path entry, long value) throws IOException {
    Path tmp = entry.resolve(".generation.tmp");
    Files.writeString(tmp, value + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, entry.resolve("generation"), StandardCopyOption.ATOMIC_MOVE);
  }

  static void mkfifo(Path path) throws IOException {
    try {
      Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IOException("mkfifo " + path + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The kernel's work for one entry: one report request. */
  private final class EntryThread extends Thread {
    private final Path entry;
    volatile Path waitingOn;
    volatile boolean stopped;
    private long generation;

    EntryThread(Path entry) {
      super("fake-tsm-" + entry.getFileName());
      this.entry = entry;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        serve();
      } catch (IOException e) {
        // the reader went away (early failure or cleanup): like a process closing its fd
      }
    }

    private void serve() throws IOException {
      if (privlevelFloor > 0) {
        privlevels.add(new String(readPipe("privlevel"), StandardCharsets.US_ASCII));
        setGeneration(entry, ++generation);
      }
      byte[] in = readPipe("inblob");
      setGeneration(entry, ++generation);
      if (concurrentWrites.getAndDecrement() > 0) {
        in = new byte[64];
        in[0] = 0x77;
        setGeneration(entry, ++generation);
      }
      if (stopped) {
        return;
      }
      Blobs b = responder.answer(in);
      writePipe("outblob", b.out());
      if (auxblob) {
        writePipe("auxblob", b.aux());
      }
    }

    private byte[] readPipe(String name) throws IOException {
      Path p = entry.resolve(name);
      waitingOn = p;
      try {
        return Files.readAllBytes(p);
      } finally {
        waitingOn = null;
      }
    }

    private void writePipe(String name, byte[] content) throws IOException {
      if (stopped) {
        return;
      }
      Path p = entry.resolve(name);
      waitingOn = p;
      try {
        Files.write(p, content, StandardOpenOption.WRITE);
      } finally {
        waitingOn = null;
      }
    }
  }
}
