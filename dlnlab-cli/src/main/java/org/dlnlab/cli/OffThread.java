package org.dlnlab.cli;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Hands items from one producer thread to a consumer running on its own daemon thread (the second core), through
 * a bounded ring: the producer pays two stores per item and waits only while the ring is full; neither side
 * allocates or takes a lock per item, and an idle consumer polls instead of being signalled (a wake-up per item
 * would cost the producer more than the work it hands off). {@link #close} returns once every item handed over has
 * been consumed. A failure of the consumer reaches the producer at its next {@link #accept} or at {@link #close}.
 * Both work with the producer's interrupt flag set (a Ctrl-C interrupts training, and what it reached must still
 * be written); the flag is kept.
 */
final class OffThread<T> implements Consumer<T>, AutoCloseable {
    private static final long POLL_NANOS = 50_000;
    private final Object[] ring;
    private final int mask;
    /** Next slot to consume / to fill; each written by one side only. */
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    /**
     * The producer's last view of head, re-read only when the ring looks full: the cache line head lives on then
     * moves between the cores once per wait instead of once per item.
     */
    private long seenHead;
    private volatile boolean closing;
    private volatile Throwable failure;
    private final Thread thread;

    /** @param capacity a power of two: how many items may wait (bounds the memory) */
    OffThread(String name, int capacity, Consumer<T> consumer) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        ring = new Object[capacity];
        mask = capacity - 1;
        thread = new Thread(() -> drain(consumer), name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(T item) {
        long t = tail.get();
        while (t - seenHead == ring.length) {
            seenHead = head.get();
            if (t - seenHead == ring.length) {
                rethrowFailure();
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        rethrowFailure();
        ring[(int) t & mask] = item;
        tail.lazySet(t + 1);
    }

    @SuppressWarnings("unchecked")
    private void drain(Consumer<T> consumer) {
        try {
            long h = head.get();
            while (true) {
                long t = tail.get();
                if (h == t) {
                    // `closing` is written after the producer's last tail, so the tail read after it is final.
                    if (closing && tail.get() == h) {
                        return;
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                    continue;
                }
                for (; h < t; h++) {
                    int i = (int) h & mask;
                    consumer.accept((T) ring[i]);
                    ring[i] = null;
                }
                head.lazySet(h);
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Waits until every item handed over is consumed; rethrows the consumer's failure. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrowFailure();
    }

    private void rethrowFailure() {
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }
}
