package org.dlnlab.experiments.exec;

/**
 * An {@link Executor} found at run time by name through {@link java.util.ServiceLoader}: an engine whose libraries
 * the program's own jar leaves out (Spark) registers one in the jar that brings them.
 */
public interface ExecutorProvider {
    /** The name users choose it by ({@code --engine NAME}). */
    String name();

    /** Starts the engine; {@code threads} is the user's hint for a local engine. Closed when the work is done. */
    Engine open(int threads);

    /** A started engine. */
    interface Engine extends Executor, AutoCloseable {
        /** One line on what ran where (for the summary), e.g. how many tasks. */
        String summary();

        @Override
        void close();
    }
}
