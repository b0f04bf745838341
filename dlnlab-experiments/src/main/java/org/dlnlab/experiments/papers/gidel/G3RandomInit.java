package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.analysis.Stats;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.report.Plots;
import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.spec.RunConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * G3: a random, non-aligned small initialization (i.i.d. N(0, s²) entries) on whitened commuting data: the modes
 * still switch on one after another in σ order; the delay is measured against the spectral start of the same size,
 * e^{−δ_eff} with δ_eff = −ln σ_max(E(0)).
 */
final class G3RandomInit extends GidelFamily.SwitchOns {
    static Config paper() {
        return new Config("g3", List.of(G2Discrete.DATA), List.of(2), "small", List.of(1e-2, 1e-3, 1e-4),
                List.of(0.1), 8, 700, 0);
    }

    static Config quick() {
        return new Config("g3", List.of(G2Discrete.DATA), List.of(2), "small", List.of(1e-3), List.of(0.1), 3, 500, 0);
    }

    G3RandomInit(Config config) {
        super(config, "G3: random small initialization");
    }

    @Override
    public List<FigureSpec> figures(List<SwitchOn> rows) {
        List<FigureSpec.Series> s = new ArrayList<>();
        double top = 0;
        for (Map.Entry<Integer, List<SwitchOn>> e : Plots.group(rows, SwitchOn::mode).entrySet()) {
            List<SwitchOn> on = e.getValue().stream().filter(r -> r.step() != null && !Double.isNaN(r.predictedStep()))
                    .toList();
            s.add(new FigureSpec.Series("mode " + e.getKey(), on.stream().mapToDouble(SwitchOn::predictedStep)
                    .toArray(), on.stream().mapToDouble(r -> r.step()).toArray(), FigureSpec.Style.SCATTER,
                    e.getKey() - 1));
            top = Math.max(top, on.stream().mapToDouble(r -> Math.max(r.step(), r.predictedStep())).max().orElse(0));
        }
        s.add(new FigureSpec.Series("same as the spectral start", new double[]{0, top}, new double[]{0, top},
                FigureSpec.Style.DASHED, -1));
        return List.of(new FigureSpec("g3_delays", "G3: switch-on steps from a random small start", "spectral"
                + " start's switch-on step at δ_eff", "measured switch-on step", false, false, s, "Each point is one"
                + " mode of one run from small:s (" + config.reps() + " seeds per s); x is the recurrence's step from"
                + " e^{−δ_eff}, δ_eff = −ln σ_max(E(0)). Points above the dashed line switch on later. Half-mse."));
    }

    @Override
    public List<Claim> claims(List<SwitchOn> rows) {
        return List.of(survives(rows), delays(rows));
    }

    static Claim survives(List<SwitchOn> rows) {
        Claim order = SigmaOrder.claim("g3_staircase_random_init", "G3", rows);
        return new Claim(order.id(), "G3: the staircase survives a random small initialization: the modes switch on"
                + " one after another in σ order", order.paper(), order.measured(), order.value(), order.verdict(),
                order.rule());
    }

    /** The delay against the spectral start of the same size, reported per mode (no verdict: the paper gives none). */
    static Claim delays(List<SwitchOn> rows) {
        StringBuilder detail = new StringBuilder();
        for (Map.Entry<Integer, List<SwitchOn>> e : Plots.group(rows, SwitchOn::mode).entrySet()) {
            double[] d = e.getValue().stream().filter(r -> r.step() != null && !Double.isNaN(r.predictedStep()))
                    .mapToDouble(r -> r.step() - r.predictedStep()).toArray();
            detail.append(detail.length() > 0 ? "; " : "").append("mode ").append(e.getKey()).append(": median ")
                    .append(d.length == 0 ? "–" : Fmt.g(Stats.median(d))).append(" steps (range ")
                    .append(d.length == 0 ? "–" : Fmt.g(Stats.min(d)) + " to " + Fmt.g(Stats.max(d))).append(")");
        }
        double[] deltas = rows.stream().mapToDouble(SwitchOn::delta).toArray();
        return new Claim("g3_delays", "G3: delay of each switch-on against the spectral start of the same size"
                + " e^{−δ_eff}", "not quantified in the paper", detail + "; δ_eff from " + Fmt.g(Stats.min(deltas))
                + " to " + Fmt.g(Stats.max(deltas)) + " (s = " + String.join(", ", rows.stream()
                .map(r -> Grids.key(r.scale())).distinct().toList()) + ")", Double.NaN, Claim.Verdict.REPORTED,
                Claim.NO_RULE);
    }
}
