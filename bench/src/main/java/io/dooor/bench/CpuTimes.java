package io.dooor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
}
