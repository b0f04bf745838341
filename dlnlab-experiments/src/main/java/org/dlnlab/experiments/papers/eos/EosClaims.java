package org.dlnlab.experiments.papers.eos;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.Fmt;
import org.dlnlab.experiments.spec.Grids;

import java.util.ArrayList;
import java.util.List;

/** The claims of {@code reproduce eos}, each with its verdict rule (docs/experiments.md, "Edge of stability"). */
final class EosClaims {
    /** E1: max |ηS − 2| along the central flow while active, at most this. */
    static final double EDGE_TOLERANCE = 0.02;
    /** E1: mean relative gap between GD's smoothed loss and R + σ²/η over the second half: agrees / partly. */
    static final double LOSS_AGREES = 0.02;
    static final double LOSS_PARTLY = 0.05;
    /** E2, E3: a prediction of GD's final sharpness is right within this relative error ... */
    static final double SHARPNESS_TOLERANCE = 0.05;
    /** ... in at least this share of the converged runs. */
    static final double SHARE_NEEDED = 0.9;

    private EosClaims() {
    }

    /** Agrees when every run that reached the edge held it within the tolerance; undetermined when none did. */
    static Claim.Verdict edgeHeld(double[] maxDeviations) {
        int reached = 0;
        for (double d : maxDeviations) {
            if (Double.isNaN(d)) {
                continue;
            }
            reached++;
            if (!(d <= EDGE_TOLERANCE)) {
                return Claim.Verdict.DISAGREES;
            }
        }
        return reached == 0 ? Claim.Verdict.UNDETERMINED : Claim.Verdict.AGREES;
    }

    /** Agrees at a mean relative gap ≤ 2% at every η at the edge, partly at ≤ 5%, undetermined without such η. */
    static Claim.Verdict lossPredicted(double[] meanRelativeGaps) {
        if (meanRelativeGaps.length == 0) {
            return Claim.Verdict.UNDETERMINED;
        }
        double worst = 0;
        for (double g : meanRelativeGaps) {
            worst = Double.isNaN(g) ? Double.NaN : Math.max(worst, g);
        }
        return worst <= LOSS_AGREES ? Claim.Verdict.AGREES : worst <= LOSS_PARTLY ? Claim.Verdict.PARTLY
                : Claim.Verdict.DISAGREES;
    }

    /** Agrees when at least 90% of the runs are predicted within 5%; undetermined without runs. */
    static Claim.Verdict shareVerdict(int within, int runs) {
        if (runs == 0) {
            return Claim.Verdict.UNDETERMINED;
        }
        return within >= SHARE_NEEDED * runs ? Claim.Verdict.AGREES : Claim.Verdict.DISAGREES;
    }

    static boolean within(double predicted, double actual) {
        return Math.abs(predicted - actual) <= SHARPNESS_TOLERANCE * Math.abs(actual);
    }

    static List<Claim> e1(List<Double> rates, double[] maxDeviations, double[] meanRelativeGaps, int[] edgeSteps) {
        StringBuilder edge = new StringBuilder();
        StringBuilder loss = new StringBuilder();
        List<Double> gapsAtEdge = new ArrayList<>();
        double worstDeviation = Double.NaN;
        for (int i = 0; i < rates.size(); i++) {
            String eta = "η = " + Grids.key(rates.get(i));
            edge.append(edge.length() > 0 ? "; " : "").append(eta).append(": ").append(edgeSteps[i] < 0
                    ? "never at the edge" : "edge at step " + edgeSteps[i] + ", max |ηS − 2| " + Fmt.g(maxDeviations[i]));
            if (!Double.isNaN(maxDeviations[i])) {
                worstDeviation = Double.isNaN(worstDeviation) ? maxDeviations[i]
                        : Math.max(worstDeviation, maxDeviations[i]);
            }
            if (edgeSteps[i] >= 0) {
                gapsAtEdge.add(meanRelativeGaps[i]);
                loss.append(loss.length() > 0 ? "; " : "").append(eta).append(": ").append(Fmt.pct(meanRelativeGaps[i]));
            }
        }
        double[] gaps = gapsAtEdge.stream().mapToDouble(Double::doubleValue).toArray();
        double worstGap = gaps.length == 0 ? Double.NaN : java.util.Arrays.stream(gaps).max().orElse(Double.NaN);
        return List.of(
                new Claim("e1_edge_held", "E1: once the central flow reaches the edge, the restoring term holds ηS at 2",
                        "S = 2/η while active (Cohen, Damian et al. 2025)", edge.toString(), worstDeviation,
                        edgeHeld(maxDeviations), "agrees when max |ηS − 2| over the points reached by an active"
                        + " substep is ≤ " + EDGE_TOLERANCE + " at every η whose central flow reached the edge,"
                        + " undetermined when none did, else disagrees"),
                new Claim("e1_predicted_loss", "E1: GD's smoothed loss follows the central flow's R(w) + σ²/η",
                        "the time-averaged GD loss is R + σ²/η", gaps.length == 0 ? "no run at the edge"
                        : "mean relative gap over the second half: " + loss, worstGap, lossPredicted(gaps),
                        "at every η whose central flow reached the edge, the mean over the second half of"
                                + " |L̄_GD − (R + σ²/η)|/L̄_GD (L̄_GD smoothed by a Gaussian of 50 steps): agrees when"
                                + " ≤ " + Fmt.pct(LOSS_AGREES) + ", partly when ≤ " + Fmt.pct(LOSS_PARTLY)
                                + ", else disagrees"));
    }

    /** E2 or E3: the central flow's and the min rule's predictions of GD's final sharpness, and the failures. */
    static List<Claim> endpoints(String id, String what, List<EosRuns.EndRow> rows) {
        int converged = 0;
        int cfWithin = 0;
        int minWithin = 0;
        int diverged = 0;
        int noMinimizer = 0;
        int crossings = 0;
        int cfDiverged = 0;
        int cfDivergedAboveEdge = 0;
        for (EosRuns.EndRow r : rows) {
            if (r.gdDiverged()) {
                diverged++;
                noMinimizer += 2 / r.eta() < r.sharpnessLowerBound() ? 1 : 0;
            }
            crossings += r.cfStopReason().equals("eigenvalue crossing") ? 1 : 0;
            if (r.cfStopReason().equals("diverged")) {
                cfDiverged++;
                cfDivergedAboveEdge += r.cfEdgeStep() != null && r.cfEdgeStep() == 0 ? 1 : 0;
            }
            if (!r.gdConverged()) {
                continue;
            }
            converged++;
            cfWithin += within(r.cfFinalSharpness(), r.gdFinalSharpness()) ? 1 : 0;
            minWithin += within(r.minSgf_2OverEta(), r.gdFinalSharpness()) ? 1 : 0;
        }
        String rule = "agrees when the prediction is within " + Fmt.pct(SHARPNESS_TOLERANCE) + " of GD's final"
                + " sharpness in at least " + Fmt.pct(SHARE_NEEDED) + " of the runs where GD converged (not diverged,"
                + " final ‖w_prod − w*‖²/d < 1e-3), undetermined without such runs, else disagrees";
        double cfShare = converged == 0 ? Double.NaN : (double) cfWithin / converged;
        double minShare = converged == 0 ? Double.NaN : (double) minWithin / converged;
        return List.of(
                new Claim(id + "_cf_predicts_gd", what + ": the central flow's final sharpness predicts GD's",
                        "open question 1: which minimizer GD reaches at finite η", cfWithin + " of " + converged
                        + " converged runs within " + Fmt.pct(SHARPNESS_TOLERANCE) + " (" + rows.size() + " runs)",
                        cfShare, shareVerdict(cfWithin, converged), rule),
                new Claim(id + "_min_rule_predicts_gd", what + ": min(S_GF, 2/η) predicts GD's final sharpness",
                        "GD ends near S_GF below the edge, at about 2/η above it", minWithin + " of " + converged
                        + " converged runs within " + Fmt.pct(SHARPNESS_TOLERANCE), minShare,
                        shareVerdict(minWithin, converged), rule),
                new Claim(id + "_failures", what + ": where the central flow cannot speak for GD",
                        "divergence (2/η < S_lb: no stable minimizer), several eigenvalues at the edge",
                        diverged + " of " + rows.size() + " GD runs diverged (" + noMinimizer + " of them with"
                                + " 2/η < S_lb, where no stable minimizer exists); the central flow diverged in "
                                + cfDiverged + " (" + cfDivergedAboveEdge + " of them at the edge from step 0, where"
                                + " the restoring step overshoots) and stopped at an eigenvalue crossing in "
                                + crossings, diverged, Claim.Verdict.REPORTED, Claim.NO_RULE));
    }
}
