package io.dooor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The calling thread's CPU time per operation, for the CPU-cost tools (load distorts it little).
 */
public final class CpuTimes {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private CpuTimes() {}

  /** One measured operation. */
  public interface Op {
    Object run() throws Exception;
  }

  /** This thread's CPU time of each of {@code runs} calls of {@code op}, in nanoseconds, sorted. */
  public static long[] sorted(int runs, Op op) throws Exception {
    long[] cpu = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = MX.getCurrentThreadCpuTime();
      op.run();
      cpu[i] = MX.getCurrentThreadCpuTime() - t0;
    }
    Arrays.sort(cpu);
    return cpu;
  }

  /** This process's CPU time from /proc/self/stat (10 ms ticks), 0 where there is none. */
  public static long processCpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
