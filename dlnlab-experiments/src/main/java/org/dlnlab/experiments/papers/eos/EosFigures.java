package org.dlnlab.experiments.papers.eos;

import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.spec.Grids;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The figures of {@code reproduce eos}. */
final class EosFigures {
    private EosFigures() {
    }

    private static double[] column(List<EosRuns.TrajectoryRow> rows, ToDoubleFunction<EosRuns.TrajectoryRow> f) {
        return rows.stream().mapToDouble(f).toArray();
    }

    /** E1: sharpness of the three runs per η with 2/η; GD's smoothed loss against R + σ²/η. */
    static List<FigureSpec> e1(List<EosRuns.TrajectoryRow> rows, List<Double> rates) {
        List<FigureSpec.Series> sharp = new ArrayList<>();
        List<FigureSpec.Series> loss = new ArrayList<>();
        int color = 0;
        for (double eta : rates) {
            List<EosRuns.TrajectoryRow> r = rows.stream().filter(x -> x.eta() == eta).toList();
            double[] step = column(r, EosRuns.TrajectoryRow::step);
            String label = "η = " + Grids.key(eta);
            sharp.add(new FigureSpec.Series("GD, " + label, step, column(r, EosRuns.TrajectoryRow::sharpnessGd),
                    FigureSpec.Style.LINE, color));
            sharp.add(new FigureSpec.Series("central flow, " + label, step,
                    column(r, EosRuns.TrajectoryRow::sharpnessCf), FigureSpec.Style.DASHED, color));
            sharp.add(FigureSpec.horizontal("2/η = " + Grids.key(2 / eta), 2 / eta, 0, step[step.length - 1],
                    FigureSpec.Style.DOTTED, color));
            loss.add(new FigureSpec.Series("GD smoothed, " + label, step,
                    column(r, EosRuns.TrajectoryRow::lossGdSmoothed), FigureSpec.Style.LINE, color));
            loss.add(new FigureSpec.Series("central flow R + σ²/η, " + label, step,
                    column(r, EosRuns.TrajectoryRow::predictedLossCf), FigureSpec.Style.DASHED, color));
            color++;
        }
        List<EosRuns.TrajectoryRow> last = rows.stream().filter(x -> x.eta() == rates.get(rates.size() - 1)).toList();
        sharp.add(new FigureSpec.Series("gradient flow (time ηt, largest η)", column(last, EosRuns.TrajectoryRow::step),
                column(last, EosRuns.TrajectoryRow::sharpnessFlow), FigureSpec.Style.LINE, rates.size()));
        return List.of(
                new FigureSpec("e1_sharpness", "E1: sharpness of GD, gradient flow and the central flow", "GD step",
                        "λ_max(∇²R) (mse)", false, false, sharp, "Checked Lanczos at every step; dashed: the central"
                        + " flow (euler:4); dotted: 2/η."),
                new FigureSpec("e1_loss", "E1: GD's smoothed loss and the central flow's prediction", "GD step",
                        "loss (mse)", false, true, loss, "GD's loss smoothed by a Gaussian of σ = 50 steps (solid)"
                        + " against R(w_CF) + σ²/η (dashed)."));
    }

    /** E2: final sharpness against s per η: GD, the central flow, min(S_GF, 2/η). */
    static List<FigureSpec> e2(List<EosRuns.EndRow> rows, List<Double> rates) {
        List<FigureSpec.Series> s = new ArrayList<>();
        int color = 0;
        for (double eta : rates) {
            List<EosRuns.EndRow> r = rows.stream().filter(x -> x.eta() == eta).toList();
            double[] scale = r.stream().mapToDouble(EosRuns.EndRow::scale).toArray();
            String label = "η = " + Grids.key(eta);
            s.add(new FigureSpec.Series("GD, " + label, scale, r.stream().mapToDouble(x -> x.gdDiverged() ? Double.NaN
                    : x.gdFinalSharpness()).toArray(), FigureSpec.Style.LINE_MARKERS, color));
            s.add(new FigureSpec.Series("central flow, " + label, scale, r.stream()
                    .mapToDouble(EosRuns.EndRow::cfFinalSharpness).toArray(), FigureSpec.Style.DASHED, color));
            s.add(new FigureSpec.Series("min(S_GF, 2/η), " + label, scale, r.stream()
                    .mapToDouble(EosRuns.EndRow::minSgf_2OverEta).toArray(), FigureSpec.Style.DOTTED, color));
            color++;
        }
        return List.of(new FigureSpec("e2_final_sharpness", "E2: final sharpness of GD and its predictions",
                "initialization scale s", "final λ_max(∇²R) (mse)", false, true, s, "GD (markers; diverged runs"
                + " left out), the central flow's end (dashed) and min(S_GF, 2/η) (dotted) per learning rate."));
    }

    /** E3: final sharpness against depth per multiple of the critical η. */
    static List<FigureSpec> e3(List<EosRuns.EndRow> rows) {
        List<FigureSpec.Series> s = new ArrayList<>();
        List<String> factors = rows.stream().map(r -> r.runKey().substring(r.runKey().lastIndexOf('=') + 1)).distinct()
                .toList();
        int color = 0;
        for (String f : factors) {
            List<EosRuns.EndRow> r = rows.stream().filter(x -> x.runKey().endsWith("=" + f)).toList();
            double[] depth = r.stream().mapToDouble(EosRuns.EndRow::depth).toArray();
            s.add(new FigureSpec.Series("GD, η = " + f + " 2/S_lb", depth, r.stream().mapToDouble(x -> x.gdDiverged()
                    ? Double.NaN : x.gdFinalSharpness()).toArray(), FigureSpec.Style.LINE_MARKERS, color));
            s.add(new FigureSpec.Series("central flow, η = " + f + " 2/S_lb", depth, r.stream()
                    .mapToDouble(EosRuns.EndRow::cfFinalSharpness).toArray(), FigureSpec.Style.DASHED, color));
            s.add(new FigureSpec.Series("2/η, η = " + f + " 2/S_lb", depth, r.stream().mapToDouble(x -> 2 / x.eta())
                    .toArray(), FigureSpec.Style.DOTTED, color));
            color++;
        }
        return List.of(new FigureSpec("e3_final_sharpness", "E3: residual networks near the critical learning rate",
                "depth L", "final λ_max(∇²R) (mse)", true, true, s, "GD (markers; diverged runs left out), the"
                + " central flow's end (dashed) and 2/η (dotted)."));
    }
}
