package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.theory.Modes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * G5: real data, linnerud (3 exercises → 3 physiological measurements; inputs z-scored, targets centered): the
 * singular values of Σ_xy, the learned modes over time and the distance to reduced-rank regression at each rank.
 */
final class G5Linnerud extends GidelFamily.Samples {
    static final String DATA = "builtin:linnerud" + GidelRun.ZSCORE;

    static Config paper() {
        return new Config("g5", List.of(DATA), List.of(2), "spectral", List.of(10.0), List.of(0.02), 1, 0, 5);
    }

    G5Linnerud(Config config) {
        super(config, "G5: real data (linnerud, z-scored inputs)");
    }

    @Override
    public List<FigureSpec> figures(List<ModeSample> rows) {
        Modes modes = Modes.of(GidelRun.problem(DATA));
        double[] sigma = modes.sigma();
        double[] lambda = modes.lambda();
        List<FigureSpec.Series> learned = new ArrayList<>();
        List<FigureSpec.Series> rrr = new ArrayList<>();
        for (Map.Entry<String, List<ModeSample>> e : byRun(rows, ModeSample::runKey).entrySet()) {
            List<ModeSample> t = e.getValue();
            double[] x = t.stream().mapToDouble(ModeSample::step).toArray();
            for (int i = 0; i < sigma.length; i++) {
                int mode = i;
                learned.add(new FigureSpec.Series("w_" + (i + 1) + "/(σ/λ), σ = " + Fmt.g(sigma[i]), x, t.stream()
                        .mapToDouble(r -> r.mode(mode) * lambda[mode] / sigma[mode]).toArray(),
                        FigureSpec.Style.LINE, i));
            }
            rrr.add(new FigureSpec.Series("‖E − W_RRR(1)‖_F", x, t.stream().mapToDouble(ModeSample::rrrDistance1)
                    .toArray(), FigureSpec.Style.LINE, 0));
            rrr.add(new FigureSpec.Series("‖E − W_RRR(2)‖_F", x, t.stream().mapToDouble(ModeSample::rrrDistance2)
                    .toArray(), FigureSpec.Style.LINE, 1));
            rrr.add(new FigureSpec.Series("‖E − W_RRR(3)‖_F = ‖E − W*‖_F", x, t.stream()
                    .mapToDouble(ModeSample::rrrDistance3).toArray(), FigureSpec.Style.LINE, 2));
        }
        String caption = "Two layers, spectral init δ = " + Fmt.g(config.scales().get(0)) + ", GD η = "
                + Fmt.g(config.rates().get(0)) + "; σ_i are the singular values of Σ_xy, λ_i = u_iᵀΣu_i. Half-mse.";
        return List.of(new FigureSpec("g5_modes", "G5: linnerud, the learned modes over time", "GD step",
                        "w_i / (σ_i/λ_i)", false, false, learned, caption),
                new FigureSpec("g5_rrr", "G5: linnerud, distance to reduced-rank regression at each rank", "GD step",
                        "‖E − W_RRR(r)‖_F", false, true, rrr, caption, 1e-6));
    }

    @Override
    public List<Claim> claims(List<ModeSample> rows) {
        Modes modes = Modes.of(GidelRun.problem(DATA));
        StringBuilder detail = new StringBuilder("σ = ");
        for (double s : modes.sigma()) {
            detail.append(Fmt.g(s)).append(' ');
        }
        detail.append("(commutator ").append(Fmt.g(modes.commutatorNorm())).append("); closest approach to W_RRR(r): ");
        double[] closest = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (ModeSample r : rows) {
            closest[0] = Math.min(closest[0], r.rrrDistance1());
            closest[1] = Math.min(closest[1], r.rrrDistance2());
            closest[2] = Math.min(closest[2], r.rrrDistance3());
        }
        for (int i = 0; i < 3; i++) {
            detail.append(i > 0 ? ", " : "").append("r = ").append(i + 1).append(": ").append(Fmt.g(closest[i]));
        }
        return List.of(new Claim("g5_linnerud", "G5: on real data with several outputs GD passes by the reduced-rank"
                + " solutions one rank at a time", "not measured on this data set in the paper", detail.toString(),
                closest[0], Claim.Verdict.REPORTED, Claim.NO_RULE));
    }
}
