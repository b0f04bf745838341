package org.dlnlab.experiments.exec;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Runs the independent runs of a reproduction. {@link LocalExecutor} runs them on threads of this JVM; running
 * them elsewhere (a cluster) means implementing this interface.
 */
public interface Executor {
    /**
     * Maps every task through fn and returns the results in the order of the task list, whatever the order in
     * which they complete. Each result is handed to onDone as it completes (for checkpoints and progress), one
     * call at a time. The cost is a rough relative estimate per task, for scheduling only. The first failure
     * cancels the rest and is rethrown (a RuntimeException as is, anything else wrapped); an interrupt of the
     * calling thread cancels the rest and is rethrown.
     */
    <T, R> List<R> map(List<T> tasks, ToDoubleFunction<T> cost, Function<T, R> fn, BiConsumer<T, R> onDone)
            throws InterruptedException;
}
