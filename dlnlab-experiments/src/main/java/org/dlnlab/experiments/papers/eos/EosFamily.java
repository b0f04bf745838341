package org.dlnlab.experiments.papers.eos;

import org.dlnlab.experiments.TableFamily;
import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.report.Report;
import org.dlnlab.experiments.report.Setting;
import org.dlnlab.experiments.spec.RunConfig;

import java.util.List;
import java.util.Map;

/**
 * The table families of {@code reproduce eos}: each holds its runs (built by {@link EdgeOfStability}), the record of
 * its settings that fingerprints its results, and its report texts; the subclasses say what a run's rows are.
 *
 * @param <R> the row record: the family's CSV columns
 */
abstract class EosFamily<R extends Record> implements TableFamily<R> {
    /**
     * The family's settings as a record, for the fingerprint of its results.
     *
     * @param runs every run's config (its key, network, initialization, η and steps)
     */
    record Config(String id, List<RunConfig> runs) {
    }

    private final Config config;
    private final String title;
    private final List<Setting> settings;

    EosFamily(String id, String title, List<Setting> settings, List<RunConfig> runs) {
        this.config = new Config(id, List.copyOf(runs));
        this.title = title;
        this.settings = List.copyOf(settings);
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public List<Setting> settings() {
        return settings;
    }

    @Override
    public List<RunConfig> runs() {
        return config.runs();
    }

    /**
     * A family of E1's runs, at the learning rates {@code rates}; {@code handOver} passes each run's comparison from
     * {@link Trajectories} to {@link Edge}, keyed by {@link #handOverKey}.
     */
    abstract static class E1<R extends Record> extends EosFamily<R> {
        final List<Double> rates;
        final Map<String, EosRuns.Trajectory> handOver;

        E1(String id, String title, List<Setting> settings, List<RunConfig> runs, List<Double> rates,
           Map<String, EosRuns.Trajectory> handOver) {
            super(id, title, settings, runs);
            this.rates = List.copyOf(rates);
            this.handOver = handOver;
        }

        static String handOverKey(RunConfig run, long seed) {
            return run.key() + "#" + seed;
        }
    }

    /**
     * E1's per-step comparison of GD, gradient flow and the central flow (e1.csv): its figures. The run's edge
     * statistics go to {@link Edge}, so that family need not run it again.
     */
    static final class Trajectories extends E1<EosRuns.TrajectoryRow> {
        Trajectories(String id, String title, List<Setting> settings, List<RunConfig> runs, List<Double> rates,
                     Map<String, EosRuns.Trajectory> handOver) {
            super(id, title, settings, runs, rates, handOver);
        }

        @Override
        public Class<EosRuns.TrajectoryRow> rowType() {
            return EosRuns.TrajectoryRow.class;
        }

        @Override
        public List<EosRuns.TrajectoryRow> compute(RunConfig run, long seed) {
            EosRuns.Trajectory t = EosRuns.trajectory(run, seed);
            handOver.put(handOverKey(run, seed), t);
            return t.rows();
        }

        @Override
        public List<FigureSpec> figures(List<EosRuns.TrajectoryRow> rows) {
            return EosFigures.e1(rows, rates);
        }

        @Override
        public List<Claim> claims(List<EosRuns.TrajectoryRow> rows) {
            return List.of();
        }
    }

    /**
     * E1's edge statistics per η (e1_edge.csv) and E1's claims. A run takes what {@link Trajectories} left for it
     * and runs the comparison again only when that family was loaded from an earlier invocation instead of computed:
     * the same streams give the same numbers.
     */
    static final class Edge extends E1<EosRuns.EdgeRow> {
        Edge(String id, String title, List<Setting> settings, List<RunConfig> runs, List<Double> rates,
             Map<String, EosRuns.Trajectory> handOver) {
            super(id, title, settings, runs, rates, handOver);
        }

        @Override
        public Class<EosRuns.EdgeRow> rowType() {
            return EosRuns.EdgeRow.class;
        }

        @Override
        public List<EosRuns.EdgeRow> compute(RunConfig run, long seed) {
            EosRuns.Trajectory t = handOver.remove(handOverKey(run, seed));
            if (t == null) {
                t = EosRuns.trajectory(run, seed);
            }
            return List.of(new EosRuns.EdgeRow(run.learningRate(), t.edgeStep() < 0 ? null : t.edgeStep(),
                    t.maxEdgeDeviation(), EdgeOfStability.secondHalfLossGap(t.rows())));
        }

        @Override
        public List<FigureSpec> figures(List<EosRuns.EdgeRow> rows) {
            return List.of();
        }

        @Override
        public List<Claim> claims(List<EosRuns.EdgeRow> rows) {
            return EosClaims.e1(rates, rows.stream().mapToDouble(EosRuns.EdgeRow::maxEdgeDeviation).toArray(),
                    rows.stream().mapToDouble(EosRuns.EdgeRow::secondHalfLossGap).toArray(),
                    rows.stream().mapToInt(r -> r.edgeStep() == null ? -1 : r.edgeStep()).toArray());
        }

        @Override
        public List<Report.Table> tables(List<EosRuns.EdgeRow> rows) {
            return List.of(new Report.Table("E1: the central flow at the edge, per η", List.of("η", "edge reached at"
                    + " step", "max |ηS − 2| at the edge", "mean |L̄_GD − (R + σ²/η)|/L̄_GD, second half"),
                    rows.stream().map(r -> List.of(Fmt.g(r.eta()), r.edgeStep() == null ? "never"
                            : r.edgeStep().toString(), Fmt.g(r.maxEdgeDeviation()), Fmt.pct(r.secondHalfLossGap())))
                            .toList()));
        }
    }

    /** E2 or E3: where GD, gradient flow and the central flow end (e2.csv, e3.csv), figures and claims. */
    static final class Endpoints extends EosFamily<EosRuns.EndRow> {
        private final String what;
        private final java.util.function.Function<List<EosRuns.EndRow>, List<FigureSpec>> figures;

        Endpoints(String id, String title, List<Setting> settings, List<RunConfig> runs, String what,
                  java.util.function.Function<List<EosRuns.EndRow>, List<FigureSpec>> figures) {
            super(id, title, settings, runs);
            this.what = what;
            this.figures = figures;
        }

        @Override
        public Class<EosRuns.EndRow> rowType() {
            return EosRuns.EndRow.class;
        }

        @Override
        public List<EosRuns.EndRow> compute(RunConfig run, long seed) {
            return List.of(EosRuns.end(run, seed));
        }

        @Override
        public List<FigureSpec> figures(List<EosRuns.EndRow> rows) {
            return figures.apply(rows);
        }

        @Override
        public List<Claim> claims(List<EosRuns.EndRow> rows) {
            return EosClaims.endpoints(id(), what, rows);
        }
    }
}
