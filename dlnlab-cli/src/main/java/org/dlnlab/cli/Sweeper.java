package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.experiments.exec.Executor;
import org.dlnlab.experiments.exec.SweepProgress;
import org.dlnlab.experiments.spec.SweepSpec;
import org.dlnlab.experiments.store.Csv;
import org.dlnlab.experiments.store.SweepDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a sweep's train runs into a folder: {@code results.duckdb} (each finished run committed as it finishes),
 * {@code runs.csv} (appended as runs finish, rewritten sorted by key at the end), {@code runs/KEY/} (each run's
 * train files). Finished runs of an earlier invocation with the same spec are skipped; a run that throws is
 * recorded as failed with its one-line reason and the others go on. An interrupt stops the runs in flight, which
 * are not recorded (the next invocation runs them), and keeps every finished one.
 */
final class Sweeper {
    /** What a sweep invocation did. */
    record Outcome(int total, int skipped, int done, int failed, int diverged, double wallSeconds, double cpuSeconds,
                   boolean interrupted) {
        /** Cores kept busy on average: the process's CPU time over the wall time. */
        double coresBusy() {
            return wallSeconds > 0 ? cpuSeconds / wallSeconds : 0;
        }

        /** Runs finished per second (failed ones included). */
        double runsPerSecond() {
            return wallSeconds > 0 ? (done + failed) / wallSeconds : 0;
        }
    }

    private final SweepSpec spec;
    private final List<TrainRuns.Run> runs;
    private final Path dir;
    /**
     * Finished runs are committed in groups, at most this many or this long apart: a commit costs a write to disk,
     * more than a small run, so a crash loses at most the last second's runs (an interrupt loses none).
     */
    private static final int BATCH = 64;
    private static final long COMMIT_INTERVAL_NS = 1_000_000_000L;
    private final Object lock = new Object();
    private final List<Finished> pending = new ArrayList<>();
    private long lastCommit = System.nanoTime();
    private SweepDatabase db;
    private BufferedWriter live;
    private List<String> liveHeader;
    private volatile boolean stopping;
    private int done;
    private int failed;
    private int diverged;

    Sweeper(SweepSpec spec, List<TrainRuns.Run> runs, Path dir) {
        this.spec = spec;
        this.runs = runs;
        this.dir = dir;
    }

    /**
     * Runs what is not finished on the executor. An edited spec over earlier runs is refused naming what changed,
     * unless {@code force} (which discards them). Interrupting the calling thread stops the sweep: the outcome
     * then says so.
     */
    Outcome run(Executor executor, SweepProgress progress, boolean force, boolean parquet) {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        boolean interrupted = false;
        int skipped;
        try (SweepDatabase opened = SweepDatabase.open(dir)) {
            db = opened;
            Map<String, String> earlier = db.spec();
            List<String> changes = earlier.isEmpty() ? List.of() : spec.changesFrom(earlier);
            if (!changes.isEmpty() && !force) {
                throw new InvalidInputException("--out " + dir + ": holds the runs of another version of the spec ("
                        + String.join("; ", changes) + "); choose another folder, or add --force to discard them");
            }
            db.begin(spec.canonical(), !changes.isEmpty());
            Set<String> finished = db.finished();
            List<TrainRuns.Run> todo = runs.stream().filter(r -> !finished.contains(r.key())).toList();
            skipped = runs.size() - todo.size();
            openLive();
            progress.begin(todo.size());
            try {
                executor.map(todo, r -> 1.0, new RunTask(spec.seed(), dir.toString()), (run, row) -> record(row, progress));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            synchronized (lock) {
                // Runs still in flight after an interrupt end without being recorded.
                stopping = true;
                commit();
                closeLive();
                db.writeRunsCsv(dir.resolve("runs.csv"));
                if (parquet) {
                    db.exportParquet(dir);
                }
                db = null;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        return new Outcome(runs.size(), skipped, done, failed, diverged, wall, cpu, interrupted);
    }

    /** A finished run's row and the path of its trajectory file (null when it failed). */
    record Finished(Map<String, Object> row, String trajectory) implements Serializable {
    }

    /**
     * Executes one run into its folder under DIR/runs: what an engine ships to where runs execute (serializable, it
     * holds only the seed and the folder). Returns null for a run stopped by an interrupt.
     */
    record RunTask(long seed, String dir) implements Function<TrainRuns.Run, Finished>, Serializable {
        @Override
        public Finished apply(TrainRuns.Run run) {
            return Thread.currentThread().isInterrupted() ? null : execute(run, seed, Path.of(dir));
        }
    }

    private static Finished execute(TrainRuns.Run run, long seed, Path dir) {
        Path folder = run.folder(dir.resolve("runs"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_key", run.key());
        try {
            ObjectNode result = TrainRuns.execute(run, seed, folder);
            if (result.path("interrupted").asBoolean(false)) {
                return null;
            }
            row.put("status", "done");
            row.put("reason", null);
            columns(row, run, seed, result);
            return new Finished(row, folder.resolve("trajectory.csv").toString());
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || stoppedByInterrupt(e)) {
                return null;
            }
            row.put("status", "failed");
            row.put("reason", reason(e));
            columns(row, run, seed, null);
            return new Finished(row, null);
        }
    }

    /** The columns of a run: rep, seed, the spec's options, then every result train reports, then its command. */
    private static void columns(Map<String, Object> row, TrainRuns.Run run, long seed, ObjectNode result) {
        row.put("rep", run.rep());
        row.put("seed", seed);
        for (Map.Entry<String, Object> e : run.config().entrySet()) {
            Object v = e.getValue();
            row.put(e.getKey(), v instanceof Integer || v instanceof Long || v instanceof Double
                    || v instanceof Boolean || v == null ? v : TrainRuns.text(v));
        }
        if (result != null) {
            for (Map.Entry<String, JsonNode> e : result.properties()) {
                if (e.getKey().equals("settings")) {
                    continue; // the options are the columns above
                }
                // A result named like an option (steps: the steps taken, not those asked for) keeps both.
                String name = row.containsKey(e.getKey()) ? e.getKey() + "_result" : e.getKey();
                row.put(name, value(e.getValue()));
            }
        }
        row.put("command", run.command(seed));
        row.put("dlnlab_version", TrainRuns.VERSION);
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isString()) {
            return v.asString();
        }
        return v.toString();
    }

    /**
     * Whether an interrupt made the run throw: an {@link InterruptedException} (which clears the thread's flag) or an
     * interrupted I/O call, wrapped somewhere on the way up. Such a run did not fail; it is run again next time.
     */
    private static boolean stoppedByInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** The one line that says why a run failed. */
    private static String reason(RuntimeException e) {
        String message = e instanceof InvalidInputException bad ? OptionNames.message(bad)
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    private void record(Finished f, SweepProgress progress) {
        if (f == null) {
            return;
        }
        synchronized (lock) {
            if (stopping) {
                return;
            }
            pending.add(f);
            if (pending.size() >= BATCH || System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NS) {
                commit();
            }
            boolean fail = "failed".equals(f.row().get("status"));
            boolean div = Boolean.TRUE.equals(f.row().get("diverged"));
            if (fail) {
                failed++;
            } else {
                done++;
            }
            diverged += div ? 1 : 0;
            progress.runDone(div, fail);
        }
    }

    /** Commits the runs finished since the last commit, then shows them in runs.csv. */
    private void commit() {
        if (pending.isEmpty()) {
            return;
        }
        db.add(pending.stream().map(f -> new SweepDatabase.Run(f.row(), f.trajectory() == null ? null
                : Path.of(f.trajectory()))).toList());
        if (!db.runColumns().equals(liveHeader)) {
            // Runs brought new columns: the file is written anew from the database, these runs included.
            closeLive();
            openLive();
        } else {
            pending.forEach(f -> appendLive(f.row()));
        }
        pending.clear();
        lastCommit = System.nanoTime();
    }

    /** runs.csv as the database holds it, then open for appending. */
    private void openLive() {
        Path file = dir.resolve("runs.csv");
        db.writeRunsCsv(file);
        liveHeader = db.runColumns();
        try {
            // A FileOutputStream, not a channel: the interrupt that stops the workers would close a channel under them.
            live = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(file.toFile(), true),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Appends a run to runs.csv in the header's columns. */
    private void appendLive(Map<String, Object> row) {
        try {
            List<String> cells = new ArrayList<>(liveHeader.size());
            for (String c : liveHeader) {
                cells.add(SweepDatabase.cell(row.get(c)));
            }
            live.write(Csv.line(cells));
            live.write('\n');
            live.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write runs.csv", e);
        }
    }

    private void closeLive() {
        try {
            if (live != null) {
                live.close();
                live = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write runs.csv", e);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
