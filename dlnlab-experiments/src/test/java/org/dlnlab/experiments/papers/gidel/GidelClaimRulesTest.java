package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.theory.TwoLayerModes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every verdict rule of the Gidel claims, each with a case it agrees with and one it does not. */
class GidelClaimRulesTest {
    private static final double[] SIGMA = {3, 2, 1};

    private static SwitchOn row(String run, double delta, double eta, int mode, Integer step, double closestRrr) {
        double sigma = SIGMA[mode - 1];
        return new SwitchOn("g2", run, 0, "data", 2, "spectral", delta, eta, delta, 0, mode, sigma, 1, step,
                Double.NaN, TwoLayerModes.switchOnGd(sigma, eta), TwoLayerModes.switchOnFlow(sigma), 1, closestRrr);
    }

    /** Switch-ons at δk* + c (+ shift·δ): shift = 0 is the theory, shift ≠ 0 a limit that is off. */
    private static List<SwitchOn> switchOns(double shift) {
        List<SwitchOn> rows = new ArrayList<>();
        for (double eta : new double[]{0.02, 0.1}) {
            for (double delta : new double[]{10, 40, 160}) {
                for (int mode = 1; mode <= 3; mode++) {
                    double sigma = SIGMA[mode - 1];
                    double c = Math.log(sigma) / (2 * Math.log1p(eta * sigma));
                    int k = (int) Math.round(delta * TwoLayerModes.switchOnGd(sigma, eta) * (1 + shift) + c);
                    rows.add(row("d" + delta + "e" + eta, delta, eta, mode, k, 1e-6));
                }
            }
        }
        return rows;
    }

    @Test
    void gdLimitAgreesWithTheTheoryAndNotWithALimitOffByTwoPercent() {
        assertEquals(Claim.Verdict.AGREES, G2Discrete.gdLimit(switchOns(0)).verdict());
        assertEquals(Claim.Verdict.DISAGREES, G2Discrete.gdLimit(switchOns(0.02)).verdict());
        List<SwitchOn> missing = new ArrayList<>(switchOns(0));
        missing.set(0, row("x", 10, 0.02, 1, null, 1e-6));
        assertEquals(Claim.Verdict.UNDETERMINED, G2Discrete.gdLimit(missing).verdict());
    }

    @Test
    void flowLimitAgreesWhenGdIsLaterAndConvergesAsTheStepShrinks() {
        assertEquals(Claim.Verdict.AGREES, G2Discrete.flowLimit(switchOns(0)).verdict());
        // Switching on before the flow (t/δ below 1/(2σ)) contradicts it.
        List<SwitchOn> early = switchOns(0).stream().map(r -> row(r.runKey(), r.delta(), r.learningRate(), r.mode(),
                (int) Math.floor(0.9 * r.delta() * r.limitFlow() / r.learningRate()), 1e-6)).toList();
        assertEquals(Claim.Verdict.DISAGREES, G2Discrete.flowLimit(early).verdict());
    }

    @Test
    void sigmaOrderAgreesOnlyWhenEveryRunIsInOrder() {
        List<SwitchOn> ordered = List.of(row("a", 10, 0.1, 1, 10, 0), row("a", 10, 0.1, 2, 20, 0),
                row("a", 10, 0.1, 3, 30, 0));
        assertEquals(Claim.Verdict.AGREES, SigmaOrder.claim("x", "G", ordered).verdict());
        List<SwitchOn> swapped = List.of(row("a", 10, 0.1, 1, 10, 0), row("a", 10, 0.1, 2, 40, 0),
                row("a", 10, 0.1, 3, 30, 0));
        assertEquals(Claim.Verdict.DISAGREES, SigmaOrder.claim("x", "G", swapped).verdict());
        List<SwitchOn> never = List.of(row("a", 10, 0.1, 1, 10, 0), row("a", 10, 0.1, 2, null, 0),
                row("a", 10, 0.1, 3, 30, 0));
        assertEquals(Claim.Verdict.DISAGREES, SigmaOrder.claim("x", "G", never).verdict());
        assertEquals(Claim.Verdict.DISAGREES, G3RandomInit.survives(swapped).verdict());
    }

    @Test
    void plateausAgreeWhenTheRunsPassWithinOneHundredthOfEveryReducedRankSolution() {
        assertEquals(Claim.Verdict.AGREES, G2Discrete.plateaus(List.of(row("a", 160, 0.1, 1, 10, 1e-9),
                row("a", 160, 0.1, 2, 20, 0.009), row("b", 10, 0.1, 2, 20, 0.5))).verdict());
        assertEquals(Claim.Verdict.DISAGREES, G2Discrete.plateaus(List.of(row("a", 160, 0.1, 1, 10, 1e-9),
                row("a", 160, 0.1, 2, 20, 0.02))).verdict());
    }

    private static ModeSample sample(int depth, double delta, double time, double traceNorm, double[] w) {
        return new ModeSample("g", "L" + depth, 0, "data", depth, "spectral", delta, 0.01, (int) Math.round(time / 0.01),
                time, 0, w[0], w[1], w[2], 0, traceNorm, 0, 0, 0, 0);
    }

    /** The two-layer flow's closed form on autoencoder statistics σ = λ = 3, 2, 1 from e^{−δ}, sampled in t. */
    private static List<ModeSample> staircase(double delta, double bump) {
        List<ModeSample> rows = new ArrayList<>();
        for (int k = 0; k <= 700; k++) {
            double t = k * delta / 1000;
            double[] w = new double[3];
            double trace = 0;
            for (int i = 0; i < 3; i++) {
                w[i] = TwoLayerModes.twoLayerFlow(SIGMA[i], SIGMA[i], Math.exp(-delta), t);
                trace += w[i];
            }
            rows.add(sample(2, delta, t, trace + bump, w));
        }
        return rows;
    }

    @Test
    void traceNormIntegersAgreeWithTheClosedFormAndNotWithAShiftedOne() {
        assertEquals(Claim.Verdict.AGREES, G1Staircase.integers(staircase(20, 0), SIGMA, 20).verdict());
        assertEquals(Claim.Verdict.DISAGREES, G1Staircase.integers(staircase(20, 0.2), SIGMA, 20).verdict());
        assertEquals(Claim.Verdict.UNDETERMINED, G1Staircase.integers(List.of(), SIGMA, 20).verdict());
    }

    /** A depth-L run whose mode i reaches half its limit at times[i] exactly (whitened: threshold σ_i/2). */
    private static List<ModeSample> switchingAt(int depth, double delta, double[] times) {
        List<ModeSample> rows = new ArrayList<>();
        for (int k = 0; k <= 2000; k++) {
            double t = k * 0.01;
            double[] w = new double[3];
            for (int i = 0; i < 3; i++) {
                w[i] = t >= times[i] ? SIGMA[i] : 0;
            }
            rows.add(sample(depth, delta, t, 0, w));
        }
        return rows;
    }

    @Test
    void deeperSwitchOnsAgreeWithinFivePercentOfTheBalancedFlowAndInOrder() {
        double[] lambda = {1, 1, 1};
        double delta = 6;
        double[] exact = new double[3];
        for (int i = 0; i < 3; i++) {
            exact[i] = TwoLayerModes.switchOnTimeFlow(3, SIGMA[i], 1, Math.exp(-delta));
        }
        assertEquals(Claim.Verdict.AGREES, G6Depth.rescaled(switchingAt(3, delta, new double[]{exact[0] * 1.02,
                exact[1] * 1.02, exact[2] * 1.02}), SIGMA, lambda).verdict());
        assertEquals(Claim.Verdict.DISAGREES, G6Depth.rescaled(switchingAt(3, delta, new double[]{exact[0] * 1.1,
                exact[1], exact[2]}), SIGMA, lambda).verdict());
        assertEquals(Claim.Verdict.UNDETERMINED, G6Depth.rescaled(switchingAt(3, delta, new double[]{exact[0],
                exact[1], 1e9}), SIGMA, lambda).verdict());
    }
}
