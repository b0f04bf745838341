package org.dlnlab;

/** The failure of work done on another thread, rethrown on the thread that waited for it. */
public final class Unchecked {
    private Unchecked() {
    }

    /**
     * t itself when it is unchecked (an Error is thrown from here), else t wrapped: {@code throw Unchecked.of(t);} keeps
     * the original exception for the caller where it can.
     */
    public static RuntimeException of(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
