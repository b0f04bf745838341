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
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * {@code --engine spark}: a sweep's runs as Spark tasks. The runs are cut into jobs of at most {@value #JOB_RUNS}
 * runs each, all submitted at once, each job's runs split into partitions (one Spark task each); a job's results
 * return to the driver when it completes, where the sweep commits them. Without {@code spark-submit} (which sets the
 * master) it runs in local mode on every core, bound to the loopback interface with the web UI off.
 */
public final class SparkEngine implements ExecutorProvider {
    /** Runs per job: the driver commits results job by job, so a job is also how much an interrupt can lose. */
    static final int JOB_RUNS = 256;

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

        Session(JavaSparkContext sc) {
            this.sc = sc;
            sc.setLogLevel("WARN");
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                    tasks.incrementAndGet();
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
            for (int i = 0; i < runs.size(); i += JOB_RUNS) {
                chunks.add(new ArrayList<>(runs.subList(i, Math.min(runs.size(), i + JOB_RUNS))));
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
            return String.format(Locale.ROOT, "spark (master %s, %d slots): %d tasks in %d jobs", sc.master(),
                    sc.defaultParallelism(), tasks.get(), jobs.get());
        }

        @Override
        public void close() {
            sc.stop();
        }
    }
}
