package org.dlnlab.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during a training run: the shutdown hook interrupts the training thread and keeps the JVM alive (up to 60
 * s) until {@link #release()} says the results are saved, so nothing computed is lost.
 */
final class SigintGuard {
    private final CountDownLatch saved = new CountDownLatch(1);
    private final Thread hook;

    private SigintGuard(Thread worker) {
        hook = new Thread(() -> {
            worker.interrupt();
            try {
                saved.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Installs the hook for the calling thread. When the JVM is already shutting down (Ctrl-C came before this run
     * started, as for a sweep's next run), the thread is interrupted instead, so the run stops at once as interrupted
     * rather than failing.
     */
    static SigintGuard install() {
        SigintGuard g = new SigintGuard(Thread.currentThread());
        try {
            Runtime.getRuntime().addShutdownHook(g.hook);
        } catch (IllegalStateException shuttingDown) {
            Thread.currentThread().interrupt();
        }
        return g;
    }

    /**
     * Results are saved (or failed): called on every exit, an exception included, so a pending Ctrl-C never waits for
     * nothing.
     */
    void release() {
        saved.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C arrived: the JVM is exiting and the hook is already waiting on `saved`.
        }
    }
}
