package org.dlnlab.experiments.exec;

import org.dlnlab.Unchecked;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The {@link Executor} of this JVM: a fixed pool of threads. Tasks start most expensive first (by the given
 * cost) so that long runs do not trail at the end; that order affects only timing.
 */
public final class LocalExecutor implements Executor {
    private final int threads;

    public LocalExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public <T, R> List<R> map(List<T> tasks, ToDoubleFunction<T> cost, Function<T, R> fn, BiConsumer<T, R> onDone)
            throws InterruptedException {
        int n = tasks.size();
        Object[] results = new Object[n];
        if (n == 0) {
            return List.of();
        }
        double[] costs = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            costs[i] = cost.applyAsDouble(tasks.get(i));
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -costs[i]).thenComparingInt(i -> i));
        Object lock = new Object();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), daemonThreads());
        List<Future<?>> futures = new ArrayList<>(n);
        try {
            for (int i : order) {
                T task = tasks.get(i);
                futures.add(pool.submit(() -> {
                    R r = fn.apply(task);
                    results[i] = r;
                    synchronized (lock) {
                        onDone.accept(task, r);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            pool.shutdownNow();
            throw Unchecked.of(e.getCause());
        } catch (InterruptedException e) {
            pool.shutdownNow();
            throw e;
        } finally {
            pool.shutdown();
        }
        List<R> out = new ArrayList<>(n);
        for (Object o : results) {
            @SuppressWarnings("unchecked")
            R r = (R) o;
            out.add(r);
        }
        return out;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "dlnlab-sweep-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
