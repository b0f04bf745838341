package org.dlnlab.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.dlnlab.experiments.exec.ExecutorProvider;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * {@code --engine spark}: a sweep's runs as Spark tasks. The runs are cut into jobs of {@value #RUNS_PER_SLOT} runs
 * per slot (task slot of the cluster), all submitted at once, each job split into 4 partitions per slot (one Spark
 * task each, so {@value #RUNS_PER_SLOT}/4 runs per task); a job's results return to the driver when it completes,
 * where the sweep commits them. Without {@code spark-submit} (which sets the
 * master) it runs in local mode on every core, bound to the loopback interface with the web UI off.
 */
public final class SparkEngine implements ExecutorProvider {
    /**
     * Runs per job and slot. A task costs ~200 ms besides its runs (measured in local mode), so a task gets tens of
     * runs; the driver commits results job by job, so a job is also what an interrupt can lose.
     */
    static final int RUNS_PER_SLOT = 128;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Engine open(int threads) {
        SparkConf conf = new SparkConf().setAppName("dlnlab sweep").setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.ui.enabled", "false");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1").setIfMissing("spark.driver.host", "127.0.0.1");
        }
        return new Session(new JavaSparkContext(conf));
    }

    private static final class Session implements Engine {
        private final JavaSparkContext sc;
        private final AtomicInteger tasks = new AtomicInteger();
        private final AtomicInteger jobs = new AtomicInteger();
        /** Milliseconds of the tasks' lives outside their run code: launch, deserialization, result shipping. */
        private final AtomicLong overheadMs = new AtomicLong();

        Session(JavaSparkContext sc) {
            this.sc = sc;
            sc.setLogLevel("WARN");
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                    tasks.incrementAndGet();
                    if (taskEnd.taskMetrics() != null) {
                        overheadMs.addAndGet(taskEnd.taskInfo().duration() - taskEnd.taskMetrics().executorRunTime());
                    }
                }
            });
        }

        @Override
        public <T, R> List<R> map(List<T> runs, ToDoubleFunction<T> cost, Function<T, R> fn, BiConsumer<T, R> onDone)
                throws InterruptedException {
            if (!(fn instanceof Serializable)) {
                throw new IllegalArgumentException("a Spark task must be serializable: " + fn);
            }
            int slots = Math.max(1, sc.defaultParallelism());
            List<List<T>> chunks = new ArrayList<>();
            int perJob = RUNS_PER_SLOT * slots;
            for (int i = 0; i < runs.size(); i += perJob) {
                chunks.add(new ArrayList<>(runs.subList(i, Math.min(runs.size(), i + perJob))));
            }
            List<JavaFutureAction<List<R>>> submitted = new ArrayList<>();
            for (List<T> chunk : chunks) {
                // Several partitions per slot, so that a slow partition does not leave the others' cores idle.
                int partitions = Math.min(chunk.size(), 4 * slots);
                submitted.add(sc.parallelize(chunk, partitions).map(fn::apply).collectAsync());
                jobs.incrementAndGet();
            }
            List<R> out = new ArrayList<>(runs.size());
            try {
                for (int c = 0; c < chunks.size(); c++) {
                    List<R> results = submitted.get(c).get();
                    for (int i = 0; i < results.size(); i++) {
                        onDone.accept(chunks.get(c).get(i), results.get(i));
                    }
                    out.addAll(results);
                }
            } catch (InterruptedException e) {
                sc.cancelAllJobs();
                throw e;
            } catch (ExecutionException e) {
                sc.cancelAllJobs();
                throw new IllegalStateException("a Spark job failed: " + e.getCause(), e.getCause());
            }
            return out;
        }

        @Override
        public String summary() {
            int n = tasks.get();
            return String.format(Locale.ROOT, "spark (master %s, %d slots): %d tasks in %d jobs, %.1f ms per task"
                            + " outside its runs", sc.master(), sc.defaultParallelism(), n, jobs.get(),
                    n == 0 ? 0.0 : (double) overheadMs.get() / n);
        }

        @Override
        public void close() {
            sc.stop();
        }
    }
}
