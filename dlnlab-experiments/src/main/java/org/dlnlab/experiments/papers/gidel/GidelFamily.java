package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.TableFamily;
import org.dlnlab.experiments.report.Setting;
import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.spec.RunConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the Gidel families share: a grid of GD runs over data sets × depths × init scales × learning rates ×
 * repetitions, half-mse, each run measured by {@link GidelRun}.
 */
abstract class GidelFamily<R extends Record> implements TableFamily<R> {
    /**
     * @param data        data specs ({@code builtin:…}, a trailing {@code #zscore} z-scores the inputs)
     * @param init        {@code spectral} (scales are δ) or {@code small} (scales are s)
     * @param steps       GD steps; 0: enough for the slowest mode by the spectral recurrence (× 1.3 + 20)
     * @param sampleEvery K of the trajectory rows (0: none)
     */
    record Config(String id, List<String> data, List<Integer> depths, String init, List<Double> scales,
                  List<Double> rates, int reps, int steps, int sampleEvery) {
    }

    final Config config;
    private final String title;

    GidelFamily(Config config, String title) {
        this.config = config;
        this.title = title;
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public String title() {
        return title;
    }

    /** A family with one row per run and mode: when each switched on. */
    abstract static class SwitchOns extends GidelFamily<SwitchOn> {
        SwitchOns(Config config, String title) {
            super(config, title);
        }

        @Override
        public Class<SwitchOn> rowType() {
            return SwitchOn.class;
        }

        @Override
        public List<SwitchOn> compute(RunConfig run, long seed) {
            return GidelRun.switchOns(run, seed, GidelRun.run(run, seed, 0));
        }
    }

    /** A family of trajectories, a row every config.sampleEvery steps. */
    abstract static class Samples extends GidelFamily<ModeSample> {
        Samples(Config config, String title) {
            super(config, title);
        }

        @Override
        public Class<ModeSample> rowType() {
            return ModeSample.class;
        }

        @Override
        public List<ModeSample> compute(RunConfig run, long seed) {
            return GidelRun.run(run, seed, config.sampleEvery()).samples();
        }
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public List<Setting> settings() {
        List<Setting> s = new ArrayList<>();
        s.add(new Setting("data", String.join(", ", config.data())));
        s.add(new Setting("network", "depth " + config.depths().stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + "; hidden widths d"));
        s.add(new Setting("initialization", config.init() + ":" + config.scales().stream().map(Grids::key)
                .collect(Collectors.joining(", ")) + (config.init().equals("spectral") ? " (δ)" : " (s)")));
        s.add(new Setting("learning rates", config.rates().stream().map(Grids::key).collect(Collectors.joining(", "))));
        s.add(new Setting("steps", config.steps() == 0 ? "the recurrence's switch-on step of the slowest mode × 1.3 + 20"
                : Integer.toString(config.steps())));
        if (config.reps() > 1) {
            s.add(new Setting("repetitions", Integer.toString(config.reps())));
        }
        s.add(new Setting("loss", "half-mse, the paper's convention (every prediction in it)"));
        return s;
    }

    /** Rows grouped by run key, the runs in the order of the rows (the grid's), not sorted by key text. */
    static <T> java.util.Map<String, List<T>> byRun(List<T> rows, java.util.function.Function<T, String> runKey) {
        return rows.stream().collect(Collectors.groupingBy(runKey, java.util.LinkedHashMap::new, Collectors.toList()));
    }

    @Override
    public List<RunConfig> runs() {
        List<RunConfig> runs = new ArrayList<>();
        for (int j = 0; j < config.data().size(); j++) {
            String data = config.data().get(j);
            for (int depth : config.depths()) {
                for (double scale : config.scales()) {
                    for (double eta : config.rates()) {
                        int steps = config.steps() > 0 ? config.steps() : GidelRun.stepsFor(data, depth, scale, eta);
                        for (int rep = 0; rep < config.reps(); rep++) {
                            String key = config.id() + (config.data().size() > 1 ? "/data=" + j : "") + "/L=" + depth
                                    + (config.init().equals("spectral") ? "/delta=" : "/s=") + Grids.key(scale)
                                    + "/eta=" + Grids.key(eta) + (config.reps() > 1 ? "/rep=" + Grids.rep(rep) : "");
                            runs.add(new RunConfig(config.id(), key, data, null, depth, GidelRun.problem(data).d(),
                                    null, config.init(), scale, eta, steps, rep, 0));
                        }
                    }
                }
            }
        }
        return runs;
    }
}
