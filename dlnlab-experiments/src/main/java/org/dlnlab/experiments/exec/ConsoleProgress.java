package org.dlnlab.experiments.exec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The progress of a reproduction on a {@link StatusLine}: runs done of the total, the share of the estimated work
 * done, the diverged count, and an ETA from the estimated cost of what is left (a diverged run counts what it
 * spent, not its estimate).
 * <p>
 * The ETA divides the work left by the rate of the worker threads measured on their own CPU time, read as each
 * reports a finished run: when the workers occupy every core, the JIT compiler's first seconds (several seconds of
 * C2 for the Vector API kernels) are taken from them, and a rate measured on wall time overstated the time left by
 * half on two cores.
 */
public final class ConsoleProgress implements ProgressListener {
    private final StatusLine status;
    private final int workers;
    /** CPU nanoseconds of the calling thread. */
    private final LongSupplier threadCpu;
    /** The latest CPU time of each worker thread seen, by thread id. */
    private final Map<Long, Long> workerCpu = new HashMap<>();
    private long start;
    private int total;
    private int done;
    private int diverged;
    private double totalCost;
    private double doneCost;
    private String family = "";

    /** @param threads the executor's worker threads */
    public ConsoleProgress(PrintWriter err, boolean interactive, int threads) {
        this(new StatusLine(err, interactive), Math.min(threads, Runtime.getRuntime().availableProcessors()),
                ConsoleProgress::currentThreadCpu);
    }

    ConsoleProgress(StatusLine status, int workers, LongSupplier threadCpu) {
        this.status = status;
        this.workers = workers;
        this.threadCpu = threadCpu;
    }

    private static long currentThreadCpu() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean.isCurrentThreadCpuTimeSupported() ? bean.getCurrentThreadCpuTime() : -1;
    }

    @Override
    public void begin(int runs, double cost) {
        total = runs;
        totalCost = cost;
        start = status.now();
    }

    @Override
    public void phase(String name) {
        family = name;
        status.show(line());
    }

    @Override
    public void runDone(boolean div, double estimated, double spent) {
        done++;
        doneCost += spent;
        // A run that diverged early took less than its estimate: the work left is what the other runs need.
        totalCost -= estimated - spent;
        workerCpu.put(Thread.currentThread().getId(), threadCpu.getAsLong());
        if (div) {
            diverged++;
        }
        // A non-interactive log gets no line for the last run: the summary follows at once.
        if (done < total && status.due()) {
            status.show(line());
        }
    }

    @Override
    public void end(String summary) {
        status.finish(summary);
    }

    String line() {
        double elapsed = (status.now() - start) / 1e9;
        long cpu = workerCpu.values().stream().mapToLong(Long::longValue).sum();
        // Without CPU times (an unsupported JVM) the wall time stands in for them.
        double workerSeconds = workerCpu.containsValue(-1L) || cpu == 0 ? workers * elapsed : cpu / 1e9;
        String eta = doneCost > 0 && done < total
                ? StatusLine.duration(workerSeconds / workers * (totalCost - doneCost) / doneCost) : "–";
        return String.format(Locale.ROOT, "reproduce [%s] %d/%d runs, %.0f%% of the work, %d diverged, %s elapsed,"
                        + " ETA %s", family, done, total, total == 0 ? 100.0 : 100.0 * doneCost / Math.max(totalCost,
                1e-300), diverged, StatusLine.duration(elapsed), eta);
    }
}
