package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.experiments.exec.ExecutorProvider;
import org.dlnlab.experiments.exec.LocalExecutor;
import org.dlnlab.experiments.exec.StatusLine;
import org.dlnlab.experiments.exec.SweepProgress;
import org.dlnlab.experiments.spec.SweepSpec;
import org.dlnlab.experiments.store.SweepDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code dlnlab sweep SPEC.yaml}: a grid of train runs into one results database. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a grid of train runs from a YAML spec (a base run and axes of train options; see"
                + " README, Sweeps) into --out: results.duckdb (tables runs and trajectories), runs.csv and each"
                + " run's train files under runs/.",
                "Every run is checked as train checks its options before any starts. The same command again skips"
                        + " finished runs; Ctrl-C keeps every finished run. Exit 1 when runs failed (their reasons"
                        + " are in the runs table)."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "The sweep spec.")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dlnlab-sweep",
            description = "Output folder (default: ./${DEFAULT-VALUE}). A folder holding the same sweep is resumed.")
    String out;

    @Option(names = "--engine", paramLabel = "local|spark", defaultValue = "local",
            description = "Where the runs execute: local (a pool of --threads threads in this JVM) or spark"
                    + " (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--threads", paramLabel = "N", description = "Runs at a time with --engine local (default: all"
            + " cores).")
    Integer threads;

    @Option(names = "--export", paramLabel = "csv|parquet", defaultValue = "csv",
            description = "Besides results.duckdb: csv (runs.csv only) or parquet (also runs.parquet and"
                    + " trajectories.parquet), sorted by run key (default: ${DEFAULT-VALUE}).")
    String export;

    @Option(names = "--force", description = "Write into a non-empty folder, and replace the runs of an edited spec"
            + " there (without it an edited spec is refused, naming what changed).")
    boolean force;

    @Option(names = "--progress", description = "Show progress on stderr also when stderr is not a terminal"
            + " (default: only on a terminal).")
    boolean progress;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() {
        PrintWriter stdout = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        if (!engine.equals("local") && !engine.equals("spark")) {
            throw new InvalidInputException("--engine: unknown engine \"" + engine + "\"; expected local or spark");
        }
        if (!export.equals("csv") && !export.equals("parquet")) {
            throw new InvalidInputException("--export: unknown format \"" + export + "\"; expected csv or parquet");
        }
        int n = ReproduceCommand.workers(threads);
        SweepSpec spec = SweepSpec.read(specFile);
        List<TrainRuns.Run> runs = new TrainRuns(spec).plan();
        Path dir = OutputDir.prepare(out, "sweep", force);
        boolean terminal = System.console() != null;
        SweepProgress shown = new SweepProgress(new StatusLine(progress || terminal ? err
                : new PrintWriter(java.io.Writer.nullWriter()), terminal));

        Thread main = Thread.currentThread();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread onSigint = new Thread(() -> {
            main.interrupt();
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onSigint);
        Sweeper.Outcome o;
        ExecutorProvider.Engine remote = engine.equals("local") ? null : provider(engine).open(n);
        try {
            o = new Sweeper(spec, runs, dir).run(remote != null ? remote : new LocalExecutor(n), shown, force,
                    export.equals("parquet"));
            shown.end(null);
            print(stdout, err, o, remote != null ? "engine " + engine : n + " thread" + (n == 1 ? "" : "s"), dir);
            if (remote != null) {
                stdout.println("engine: " + remote.summary());
            }
        } finally {
            if (remote != null) {
                remote.close();
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSigint);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook is waiting on `stopped`, released above.
            }
        }
        if (o.interrupted()) {
            return 130;
        }
        return o.failed() > 0 ? Main.EXIT_INTERNAL : 0;
    }

    /** The engine of that name that a jar on the class path registers (dlnlab-spark's jar registers spark). */
    private static ExecutorProvider provider(String name) {
        for (ExecutorProvider p : ServiceLoader.load(ExecutorProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new InvalidInputException("--engine " + name + ": not in this jar; ./dlnlab sweep --engine " + name
                + " builds and runs dlnlab-spark/target/dlnlab-spark.jar, which has it (or spark-submit that jar)");
    }

    private static void print(PrintWriter stdout, PrintWriter err, Sweeper.Outcome o, String workers, Path dir) {
        if (o.interrupted()) {
            err.printf(Locale.ROOT, "dlnlab: sweep interrupted after %d of %d runs; they are kept in %s; run the"
                    + " same command again to run the rest%n", o.skipped() + o.done() + o.failed(), o.total(),
                    dir.resolve(SweepDatabase.FILE));
        }
        stdout.printf(Locale.ROOT, "sweep: %d runs: %d done now, %d done before, %d failed, %d diverged; %.1f s, %.2f"
                        + " runs/s, %.2f of %d cores busy on average (%s)%n", o.total(), o.done(),
                o.skipped(), o.failed(), o.diverged(), o.wallSeconds(), o.runsPerSecond(), o.coresBusy(),
                Runtime.getRuntime().availableProcessors(), workers);
        stdout.println("results: " + dir.resolve(SweepDatabase.FILE) + " (tables runs, trajectories), "
                + dir.resolve("runs.csv"));
        if (o.failed() > 0) {
            err.println("dlnlab: " + o.failed() + " run" + (o.failed() == 1 ? "" : "s") + " failed; their reasons are"
                    + " in the reason column of runs.csv");
        }
        stdout.flush();
        err.flush();
    }
}
