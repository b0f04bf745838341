package org.dlnlab.kernels;

import org.dlnlab.Unchecked;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the blocks of one large pass on several cores. The caller decides the blocks from the problem size only
 * (never from the thread count), every block writes its own outputs, and partial sums are combined by the caller
 * in block order afterwards: so the result is bitwise the same whoever runs which block, with 1 thread or many
 * (docs/architecture.md, determinism). Blocks are claimed dynamically, so a slow or busy core only costs time.
 * <p>
 * One pool for the whole JVM, allocation-free per pass. While one pass uses the pool, a pass started by another
 * thread (e.g. a sweep running many small runs at once) simply runs its blocks itself. The number of threads
 * defaults to the available processors and can be set with {@code -Ddlnlab.threads=N} or {@link #setThreads}.
 */
public final class Parallel {
    /** A pass split into blocks: {@code run(b)} for b = 0..blocks−1, in any order, on any thread. */
    public interface Job {
        void run(int block);
    }

    private static volatile int threads = defaultThreads();
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** The pass's generation (high 32 bits) and its next unclaimed block (low 32 bits). */
    private static final AtomicLong STATE = new AtomicLong();
    private static final AtomicInteger DONE = new AtomicInteger();
    private static final Object LOCK = new Object();
    private static Job job;
    private static int jobBlocks;
    private static int generation;
    private static volatile Throwable failure;
    private static volatile Thread[] workers = new Thread[0];
    /** Blocks run by pool threads so far (for tests: proof that a pass really ran on several threads). */
    private static final AtomicLong WORKER_BLOCKS = new AtomicLong();
    /** How long an idle worker spins before it parks, and how long a caller spins before it yields. */
    private static final long SPIN_NANOS = 50_000;

    private Parallel() {
    }

    private static int defaultThreads() {
        String p = System.getProperty("dlnlab.threads");
        if (p != null && !p.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                // fall through to the default
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The number of threads a pass may use (including the caller). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads a pass may use (≥ 1); results do not depend on it. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + n);
        }
        threads = n;
    }

    /** Runs job for blocks 0..blocks−1 and returns when all are done. */
    public static void run(Job job, int blocks) {
        int t = threads;
        if (blocks <= 1 || t <= 1 || !BUSY.compareAndSet(false, true)) {
            for (int b = 0; b < blocks; b++) {
                job.run(b);
            }
            return;
        }
        try {
            ensureWorkers(t - 1);
            int gen;
            synchronized (LOCK) {
                failure = null;
                DONE.set(0);
                gen = ++generation;
                Parallel.job = job;
                jobBlocks = blocks;
                STATE.set((long) gen << 32);
            }
            Thread[] ws = workers;
            for (int i = 0; i < Math.min(Math.min(ws.length, t - 1), blocks - 1); i++) {
                LockSupport.unpark(ws[i]);
            }
            work(job, blocks, gen);
            long start = System.nanoTime();
            while (DONE.get() < blocks) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable f = failure;
            if (f != null) {
                throw Unchecked.of(f);
            }
        } finally {
            synchronized (LOCK) {
                Parallel.job = null;
            }
            BUSY.set(false);
        }
    }

    /** Blocks run by pool threads (not callers) since the JVM started. */
    static long workerBlocks() {
        return WORKER_BLOCKS.get();
    }

    /** Claims and runs blocks of pass gen until none is left (or a newer pass has started); returns how many. */
    private static int work(Job j, int blocks, int gen) {
        int ran = 0;
        while (true) {
            long s = STATE.get();
            if ((int) (s >>> 32) != gen) {
                return ran;
            }
            int b = (int) s;
            if (b >= blocks) {
                return ran;
            }
            if (!STATE.compareAndSet(s, s + 1)) {
                continue;
            }
            ran++;
            try {
                j.run(b);
            } catch (Throwable e) {
                failure = e;
            } finally {
                DONE.incrementAndGet();
            }
        }
    }

    private static synchronized void ensureWorkers(int n) {
        if (workers.length >= n) {
            return;
        }
        Thread[] ws = java.util.Arrays.copyOf(workers, n);
        for (int i = workers.length; i < n; i++) {
            int index = i;
            Thread th = new Thread(() -> workerLoop(index), "dlnlab-pass-" + i);
            th.setDaemon(true);
            ws[i] = th;
            th.start();
        }
        workers = ws;
    }

    private static void workerLoop(int index) {
        int seen = 0;
        while (true) {
            long start = System.nanoTime();
            while ((int) (STATE.get() >>> 32) == seen) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(Parallel.class);
                }
            }
            Job j;
            int blocks;
            int gen;
            synchronized (LOCK) {
                j = job;
                blocks = jobBlocks;
                gen = generation;
            }
            seen = gen;
            if (j != null && index < threads - 1) {
                WORKER_BLOCKS.addAndGet(work(j, blocks, gen));
            }
        }
    }
}
