package org.dlnlab.experiments.exec;

/** Receives the progress of a reproduction; calls come from one thread at a time. */
public interface ProgressListener {
    /** Before any run: how many runs will be computed and their total estimated cost. */
    void begin(int runs, double cost);

    /** A figure family starts computing. */
    void phase(String family);

    /** One run finished: its estimated cost, and what it spent (less when it diverged and stopped early). */
    void runDone(boolean diverged, double estimated, double spent);

    /** Everything computed; a one-line summary may follow. */
    void end(String summary);

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void begin(int runs, double cost) {
        }

        @Override
        public void phase(String family) {
        }

        @Override
        public void runDone(boolean diverged, double estimated, double spent) {
        }

        @Override
        public void end(String summary) {
        }
    };
}
