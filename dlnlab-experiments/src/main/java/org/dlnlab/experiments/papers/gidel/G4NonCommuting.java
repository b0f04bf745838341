package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.report.Plots;
import org.dlnlab.experiments.spec.RunConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * G4: non-commuting statistics. λ = (1, 0.25, 1) against σ = (3, 2, 1) puts reduced-rank regression's order
 * (by σ/√λ = 3, 4, 1) at odds with the σ order; turning Σ's eigenbasis by θ makes the statistics non-commuting.
 * Measured: the switch-on steps against the commutator norm, and which first plateau the run passes by — the σ
 * order's W_1 or W_RRR(1).
 */
final class G4NonCommuting extends GidelFamily.SwitchOns {
    static Config paper() {
        return new Config("g4", angles(List.of(0.0, 0.1, 0.2, 0.4, 0.8)), List.of(2), "spectral", List.of(20.0),
                List.of(0.05), 1, 1200, 0);
    }

    static Config quick() {
        return new Config("g4", angles(List.of(0.0, 0.4)), List.of(2), "spectral", List.of(20.0), List.of(0.05), 1,
                1200, 0);
    }

    private static List<String> angles(List<Double> thetas) {
        return thetas.stream().map(t -> "builtin:noncommuting:sigma=3,2,1:lambda=1,0.25,1:angle=" + t + ":seed=1")
                .toList();
    }

    G4NonCommuting(Config config) {
        super(config, "G4: non-commuting statistics, σ order against reduced-rank order");
    }

    @Override
    public List<FigureSpec> figures(List<SwitchOn> rows) {
        List<FigureSpec.Series> steps = new ArrayList<>();
        List<FigureSpec.Series> closest = new ArrayList<>();
        for (Map.Entry<Integer, List<SwitchOn>> e : Plots.group(rows, SwitchOn::mode).entrySet()) {
            List<SwitchOn> m = e.getValue();
            double[] x = m.stream().mapToDouble(SwitchOn::commutator).toArray();
            List<SwitchOn> on = m.stream().filter(r -> r.step() != null).toList();
            steps.add(new FigureSpec.Series("mode " + e.getKey(), on.stream().mapToDouble(SwitchOn::commutator)
                    .toArray(), on.stream().mapToDouble(r -> r.step()).toArray(), FigureSpec.Style.LINE_MARKERS,
                    e.getKey() - 1));
            if (e.getKey() < 3) {
                closest.add(new FigureSpec.Series("to W_" + e.getKey() + " (σ order)", x, m.stream()
                        .mapToDouble(SwitchOn::closestPlateau).toArray(), FigureSpec.Style.LINE_MARKERS,
                        e.getKey() - 1));
                closest.add(new FigureSpec.Series("to W_RRR(" + e.getKey() + ")", x, m.stream()
                        .mapToDouble(SwitchOn::closestRrr).toArray(), FigureSpec.Style.DASHED, e.getKey() - 1));
            }
        }
        String caption = "Spectral init δ = " + Fmt.g(config.scales().get(0)) + ", η = " + Fmt.g(config.rates().get(0))
                + "; the data's Σ turned by θ = 0, …, in the plane of u_1, u_2; x is ‖ΣΣ_xyΣ_xyᵀ − Σ_xyΣ_xyᵀΣ‖_F. Half-mse.";
        return List.of(new FigureSpec("g4_switch_on", "G4: switch-on steps against the commutator", "commutator norm",
                        "switch-on step", false, false, steps, caption),
                new FigureSpec("g4_plateaus", "G4: closest approach to the σ-order plateaus and to reduced-rank"
                        + " regression", "commutator norm", "min over the run of ‖E − W‖_F", false, true, closest,
                        caption + " A run that visits a plateau comes within round-off of it."));
    }

    @Override
    public List<Claim> claims(List<SwitchOn> rows) {
        return List.of(order(rows));
    }

    /** Which first plateau the runs pass by: reported, with the commutator of each run. */
    static Claim order(List<SwitchOn> rows) {
        StringBuilder detail = new StringBuilder();
        int sigmaOrder = 0;
        int runs = 0;
        for (SwitchOn r : rows) {
            if (r.mode() != 1) {
                continue;
            }
            runs++;
            boolean sigmaFirst = r.closestPlateau() < r.closestRrr();
            sigmaOrder += sigmaFirst ? 1 : 0;
            detail.append(detail.length() > 0 ? "; " : "").append("commutator ").append(Fmt.g(r.commutator()))
                    .append(": closest to W_1 ").append(Fmt.g(r.closestPlateau())).append(", to W_RRR(1) ")
                    .append(Fmt.g(r.closestRrr()));
        }
        return new Claim("g4_order", "G4: where the σ order and reduced-rank regression's order differ, which one"
                + " the dynamics follow", "the σ order (commuting data); open for non-commuting data", sigmaOrder
                + " of " + runs + " runs pass closer to the σ-order plateau W_1 than to W_RRR(1): " + detail,
                runs == 0 ? Double.NaN : (double) sigmaOrder / runs, Claim.Verdict.REPORTED, Claim.NO_RULE);
    }
}
