package org.dlnlab.experiments;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.exec.ProgressListener;
import org.dlnlab.experiments.exec.Runner;
import org.dlnlab.experiments.exec.Executor;
import org.dlnlab.experiments.exec.LocalExecutor;
import org.dlnlab.experiments.report.FigureRenderer;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Report;
import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.experiments.store.AtomicFiles;
import org.dlnlab.experiments.store.Csv;
import org.dlnlab.experiments.store.DatabaseStore;
import org.dlnlab.experiments.store.ResultStore;
import org.dlnlab.experiments.store.SweepRow;
import org.dlnlab.experiments.store.TrajectoryRow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code dlnlab reproduce PAPER}: runs every figure family of a {@link Paper}, keeps one tidy table per family in a
 * {@link ResultStore} (the {@link DatabaseStore}: {@code <id>.csv}, and the rows in {@code results.duckdb}), writes the figures ({@code figures/<name>.png|svg}),
 * {@code claims.csv}, {@code timing.json} and {@code report.html}.
 * <p>
 * Resuming: a family's results are stored under the fingerprint of its config and seed. A later invocation with
 * the same settings reuses a completed family's rows and the checkpointed runs of a partial sweep, and computes
 * only the rest.
 */
public final class Reproduction {
    /**
     * The claims table this writes into its output folder, in Markdown (its columns: docs/experiments.md); the
     * table of the full reproduction at this version is kept in docs/claims.md.
     */
    public static final String CLAIMS_TABLE = "claims.md";

    /** Which settings: the paper's, or a reduced smoke test of every figure. */
    public enum Scale {
        PAPER, QUICK;

        public String label() {
            return this == PAPER ? "paper" : "quick";
        }
    }

    /**
     * @param resume reuse results of an earlier invocation in {@code out} (false: recompute everything)
     */
    public record Options(Path out, Scale scale, int threads, long seed, boolean resume) {
    }

    /** What an invocation did. */
    public record Outcome(Path report, List<Claim> claims, int runsComputed, int runsLoaded, int diverged,
                          long gdSteps, double wallSeconds) {
    }

    static final String FORMAT = "dlnlab-reproduce-v1";

    private final Paper paper;
    private final Options options;

    public Reproduction(Paper paper, Options options) {
        this.paper = paper;
        this.options = options;
    }

    /** The fingerprint of a family's results: format, seed and config. */
    static String fingerprint(Family f, long seed) {
        String text = FORMAT + "|seed=" + seed + "|" + f.config();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows an earlier invocation left for one family (a table family's in trajectoryRows' place). */
    private record Previous(boolean complete, Map<String, SweepRow> sweepRows, List<? extends Record> trajectoryRows) {
        static final Previous NONE = new Previous(false, Map.of(), List.of());

        int count(Family f) {
            return complete ? f.runs().size() : sweepRows.size();
        }
    }

    public Outcome run(ProgressListener progress) throws InterruptedException {
        long t0 = System.nanoTime();
        Path out = options.out();
        ResultStore store = new DatabaseStore(out);
        Runner runner = new Runner(options.seed());
        List<Family> families = paper.families(options.scale());
        Map<String, Previous> previous = new HashMap<>();
        int toCompute = 0;
        int loaded = 0;
        double cost = 0;
        for (Family f : families) {
            List<RunConfig> runs = f.runs();
            if (!(f instanceof TableFamily)) {
                // A table family reads its own data; Marion & Chizat's constants are for single targets.
                runner.prepare(runs);
            }
            Previous p = options.resume() ? previous(f, store) : Previous.NONE;
            previous.put(f.id(), p);
            loaded += p.count(f);
            for (RunConfig r : runs) {
                if (!p.complete() && !p.sweepRows().containsKey(r.key())) {
                    toCompute++;
                    cost += f instanceof TableFamily ? TableFamily.cost(r) : runner.cost(r);
                }
            }
        }
        progress.begin(toCompute, cost);
        Report.Timing earlier = earlierTiming(out.resolve("timing.json"));
        Executor executor = new LocalExecutor(options.threads());
        Map<String, List<SweepRow>> sweepRows = new LinkedHashMap<>();
        Map<String, List<? extends Record>> trajectoryRows = new LinkedHashMap<>();
        List<String[]> perFamily = new ArrayList<>();
        long computeStart = System.nanoTime();
        for (Family f : families) {
            long ft = System.nanoTime();
            Previous p = previous.get(f.id());
            String fp = fingerprint(f, options.seed());
            if (f instanceof SweepFamily sf) {
                List<SweepRow> rows = p.complete() ? new ArrayList<>(orderedRows(sf, p.sweepRows()))
                        : computeSweep(sf, p, fp, store, runner, executor, progress);
                if (!p.complete()) {
                    store.saveSweep(f.id(), fp, rows);
                }
                sweepRows.put(f.id(), rows);
            } else if (f instanceof TableFamily<?> tf) {
                trajectoryRows.put(f.id(), p.complete() ? p.trajectoryRows()
                        : computeTable(tf, fp, store, executor, progress));
            } else if (f instanceof TrajectoryFamily tf) {
                List<? extends Record> rows;
                if (p.complete()) {
                    rows = p.trajectoryRows();
                } else {
                    progress.phase(f.id());
                    List<RunConfig> runs = tf.runs();
                    List<List<TrajectoryRow>> parts = executor.map(runs, runner::cost, runner::trajectory,
                            (r, res) -> progress.runDone(false, runner.cost(r), runner.cost(r)));
                    List<TrajectoryRow> computed = parts.stream().flatMap(List::stream).toList();
                    store.saveTrajectories(f.id(), fp, computed);
                    rows = computed;
                }
                trajectoryRows.put(f.id(), rows);
            }
            perFamily.add(new String[]{f.id(), p.complete() ? earlierTime(earlier, f.id())
                    : String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - ft) / 1e9)});
        }
        double computeWall = (System.nanoTime() - computeStart) / 1e9;
        int totalDiverged = (int) sweepRows.values().stream().flatMap(List::stream).filter(SweepRow::diverged).count();
        progress.end(String.format(Locale.ROOT, "reproduce: %d runs computed in %.1f s on %d thread%s (%d loaded"
                        + " from an earlier run); %d of %d sweep runs diverged", toCompute, computeWall,
                options.threads(), options.threads() == 1 ? "" : "s", loaded, totalDiverged,
                sweepRows.values().stream().mapToInt(List::size).sum()));

        // Figures, claims and the report are rebuilt from the rows on every invocation.
        Path figures = out.resolve("figures");
        List<Claim> claims = new ArrayList<>();
        List<Report.Section> sections = new ArrayList<>();
        List<SweepRow> allSweep = new ArrayList<>();
        for (Family f : families) {
            List<FigureSpec> specs;
            List<Report.Table> tables = List.of();
            if (f instanceof SweepFamily sf) {
                List<SweepRow> rows = sweepRows.get(f.id());
                specs = sf.figures(rows, runner);
                claims.addAll(sf.claims(rows, runner));
                allSweep.addAll(rows);
            } else if (f instanceof TableFamily<?> tf) {
                specs = tableOutputs(tf, trajectoryRows.get(f.id()), claims);
                tables = tableTables(tf, trajectoryRows.get(f.id()));
            } else {
                TrajectoryFamily tf = (TrajectoryFamily) f;
                @SuppressWarnings("unchecked")
                List<TrajectoryRow> rows = (List<TrajectoryRow>) trajectoryRows.get(f.id());
                specs = tf.figures(rows, runner);
                claims.addAll(tf.claims(rows, runner));
            }
            List<Report.Figure> drawn = new ArrayList<>();
            for (FigureSpec spec : specs) {
                drawn.add(new Report.Figure(spec, FigureRenderer.write(spec, figures)));
            }
            sections.add(new Report.Section(f.id(), f.title(), f.settings(), store.location(f.id()), drawn, tables));
        }
        claims.addAll(paper.claims(allSweep));
        claims = orderClaims(claims, paper.claimOrder());
        AtomicFiles.writeString(out.resolve("claims.csv"), Csv.table(Csv.line(Claim.HEADER),
                claims.stream().map(Claim::toCsv).toList()));
        AtomicFiles.writeString(out.resolve(CLAIMS_TABLE), Report.markdown("dlnlab reproduce"
                + (options.scale() == Scale.QUICK ? " --quick" : "") + " --seed " + options.seed(), claims));

        double wall = (System.nanoTime() - t0) / 1e9;
        // Reopening a finished folder computes nothing: its timing stays that of the run that computed it.
        Report.Timing timing = toCompute == 0 && earlier != null ? earlier : new Report.Timing(wall, options.threads(),
                toCompute, loaded, runner.gdSteps(), runner.trainNanos(), computeWall, perFamily);
        if (timing != earlier) {
            AtomicFiles.writeString(out.resolve("timing.json"), Report.timingJson(timing));
        }
        Path report = out.resolve("report.html");
        AtomicFiles.writeString(report, Report.html("dlnlab reproduce " + paper.id(), paper.about(),
                options.scale().label(), options.seed(), claims, sections, timing));
        return new Outcome(report, claims, toCompute, loaded, totalDiverged, runner.gdSteps(), wall);
    }

    /** Computes a table family's runs (in list order, whatever the threads) and saves its rows complete. */
    private <R extends Record> List<R> computeTable(TableFamily<R> f, String fp, ResultStore store, Executor executor,
                                                    ProgressListener progress)
            throws InterruptedException {
        progress.phase(f.id());
        List<List<R>> parts = executor.map(f.runs(), TableFamily::cost, r -> f.compute(r, options.seed()),
                (r, res) -> progress.runDone(false, TableFamily.cost(r), TableFamily.cost(r)));
        List<R> rows = parts.stream().flatMap(List::stream).toList();
        store.saveTable(f.id(), fp, f.rowType(), rows);
        return rows;
    }

    /** A table family's figures, its claims added to {@code claims}; the rows are of its own row type. */
    @SuppressWarnings("unchecked")
    private static <R extends Record> List<FigureSpec> tableOutputs(TableFamily<R> f, List<? extends Record> rows,
                                                                    List<Claim> claims) {
        claims.addAll(f.claims((List<R>) rows));
        return f.figures((List<R>) rows);
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> List<Report.Table> tableTables(TableFamily<R> f, List<? extends Record> rows) {
        return f.tables((List<R>) rows);
    }

    /** The timing.json of an earlier invocation in the folder, or null. */
    private static Report.Timing earlierTiming(Path file) {
        try {
            return java.nio.file.Files.isRegularFile(file) ? Report.Timing.parse(java.nio.file.Files.readString(file))
                    : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A loaded family's time as the run that computed it measured it. */
    private static String earlierTime(Report.Timing earlier, String family) {
        if (earlier != null) {
            for (String[] f : earlier.perFamily()) {
                if (f[0].equals(family) && f[1].endsWith(" s")) {
                    return f[1] + " (computed earlier)";
                }
                if (f[0].equals(family)) {
                    return f[1];
                }
            }
        }
        return "loaded from an earlier run";
    }

    /** The claims in the paper's order ({@link Paper#claimOrder()}); the sort is stable. */
    private static List<Claim> orderClaims(List<Claim> claims, List<String> order) {
        List<Claim> sorted = new ArrayList<>(claims);
        sorted.sort(java.util.Comparator.comparingInt(c -> {
            for (int i = 0; i < order.size(); i++) {
                if (c.id().startsWith(order.get(i))) {
                    return i;
                }
            }
            return order.size();
        }));
        return sorted;
    }

    private List<SweepRow> computeSweep(SweepFamily f, Previous p, String fp, ResultStore store, Runner runner,
                                        Executor executor, ProgressListener progress)
            throws InterruptedException {
        List<RunConfig> runs = f.runs();
        List<RunConfig> todo = runs.stream().filter(r -> !p.sweepRows().containsKey(r.key())).toList();
        Map<String, SweepRow> done = new HashMap<>(p.sweepRows());
        progress.phase(f.id());
        List<SweepRow> kept = runs.stream().map(r -> done.get(r.key())).filter(Objects::nonNull).toList();
        try (ResultStore.Checkpoint checkpoint = store.checkpoint(f.id(), fp, kept)) {
            List<SweepRow> computed = executor.map(todo, runner::cost, runner::sweep, (r, row) -> {
                checkpoint.append(row);
                progress.runDone(row.diverged(), runner.cost(r), runner.spent(r, row.stepsDone()));
            });
            for (SweepRow row : computed) {
                done.put(row.runKey(), row);
            }
        }
        return orderedRows(f, done);
    }

    /** The rows in the grid's order. */
    private static List<SweepRow> orderedRows(SweepFamily f, Map<String, SweepRow> byKey) {
        List<SweepRow> rows = new ArrayList<>();
        for (RunConfig r : f.runs()) {
            SweepRow row = byKey.get(r.key());
            if (row == null) {
                throw new IllegalStateException("no result for run " + r.key());
            }
            rows.add(row);
        }
        return rows;
    }

    /** What an earlier invocation left for a family: its complete rows, finished runs of a sweep, or nothing. */
    private Previous previous(Family f, ResultStore store) {
        String fp = fingerprint(f, options.seed());
        if (f instanceof SweepFamily) {
            Set<String> keys = f.runs().stream().map(RunConfig::key).collect(Collectors.toSet());
            ResultStore.Sweep s = store.loadSweep(f.id(), fp, keys);
            return new Previous(s.complete(), s.rows(), List.of());
        }
        if (f instanceof TableFamily<?> tf) {
            return store.loadTable(f.id(), fp, tf.rowType()).map(rows -> new Previous(true, Map.of(), rows))
                    .orElse(Previous.NONE);
        }
        return store.loadTrajectories(f.id(), fp).map(rows -> new Previous(true, Map.of(), rows))
                .orElse(Previous.NONE);
    }
}
