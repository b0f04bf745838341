package org.dlnlab.train;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import org.dlnlab.testing.RandomNets;
import org.dlnlab.theory.Bounds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientDescentTest {
    private static final Problem FIG1 = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));
    private static final DeepLinearNet NET = DeepLinearNet.standard(5, 5, 10, 1);

    @Test
    void fusedStepEqualsTheUpdateByTheGradient() {
        SplittableRandom rng = new SplittableRandom(9);
        Problem problem = RandomNets.problem(20, 3, 2, rng);
        DeepLinearNet net = DeepLinearNet.of(3, 4, 2, 5, 2);
        double[] w = RandomNets.gaussian(net.parameterCount(), 0.5, rng);
        Objective o = new LinearChainObjective(net, problem, LossConvention.MSE);
        double risk = o.setPoint(w);
        double[] g = new double[w.length];
        o.gradient(g);
        double[] expected = w.clone();
        for (int i = 0; i < w.length; i++) {
            expected[i] -= 0.03 * g[i];
        }
        double gradNorm = Math.sqrt(Arrays.stream(g).map(x -> x * x).sum());
        assertEquals(risk, o.gdStep(w, 0.03), 0);
        assertEquals(gradNorm, o.gradientNorm(), 1e-12 * gradNorm);
        assertArrayEquals(expected, w, 1e-15);
    }

    private static TrainResult train(String init, double eta, int steps, long seed, int every,
                                     List<StepRecord> records) {
        double[] w = Initialization.parse(init).create(NET, FIG1, RandomStreams.of(seed, "init"));
        Objective o = new LinearChainObjective(NET, FIG1, LossConvention.MSE);
        Sharpness s = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(seed, "sharpness"));
        return Trainer.gradientDescent(eta, steps, every).run(o, w, s, records::add);
    }

    @Test
    void smallInitRunsOnPaperDataConvergeToMinimizersBetweenTheBounds() {
        Bounds b = Bounds.of(FIG1, 10, LossConvention.MSE);
        int converged = 0;
        for (long seed = 0; seed < 20; seed++) {
            TrainResult r = train("small:0.35", 0.02, 2000, seed, 0, new ArrayList<>());
            if (!r.diverged() && r.finalSqDistance() < 1e-10) {
                converged++;
                double s = r.finalSharpness().top();
                assertTrue(r.finalSharpness().converged());
                assertTrue(s >= b.sharpnessLowerBound() && s <= b.smallInitUpperLine(),
                        "seed " + seed + ": sharpness " + s + " outside [2La, 8LΛ]");
            }
        }
        assertTrue(converged >= 18, converged + " of 20 runs converged");
    }

    @Test
    void atTheEdgeOfStabilitySharpnessHoversAtTwoOverEta() {
        List<StepRecord> records = new ArrayList<>();
        TrainResult r = train("small:0.35", 0.1, 2000, 0, 5, records);
        assertTrue(!r.diverged());
        double[] samples = records.stream().filter(x -> x.sharpness() != null)
                .mapToDouble(x -> x.sharpness().top()).toArray();
        assertEquals(401, samples.length);
        double[] last = Arrays.copyOfRange(samples, samples.length - 100, samples.length);
        Arrays.sort(last);
        double median = (last[49] + last[50]) / 2;
        assertEquals(20, median, 0.15 * 20);
    }

    @Test
    void divergenceStopsTheRunAndReportsTheStep() {
        List<StepRecord> records = new ArrayList<>();
        TrainResult r = train("small:0.35", 3.0, 2000, 0, 0, records);
        assertTrue(r.diverged());
        assertTrue(r.divergedAtStep() > 0 && r.divergedAtStep() < 2000);
        assertEquals(r.divergedAtStep(), records.size());
        assertNull(r.weights());
        assertNull(r.finalSharpness());
        assertTrue(records.stream().allMatch(x -> Double.isFinite(x.loss())));
    }

    private static final Problem FIG6 = Problem.of(DataSources.load("builtin:mc_fig6", List.of()));

    @Test
    void aRunThatInterpolatesUnderdeterminedDataIsNotDivergence() {
        // The command: train --data builtin:mc_fig6 --depth 5 --width 20 --init small:0.36 --lr 0.001
        // --steps 40000 --seed 1. The loss falls to round-off (n < d: the net interpolates); before the risk was
        // a sum of squares it went negative there and the end-of-run check called the run diverged.
        DeepLinearNet net = DeepLinearNet.standard(20, 20, 5, 1);
        double[] w = Initialization.parse("small:0.36").create(net, FIG6, RandomStreams.of(1, "init"));
        Objective o = new LinearChainObjective(net, FIG6, LossConvention.MSE);
        List<Double> losses = new ArrayList<>();
        TrainResult r = Trainer.gradientDescent(0.001, 40000, 0).run(o, w,
                new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(1, "sharpness")), x -> losses.add(x.loss()));
        assertFalse(r.diverged());
        assertTrue(r.finalLoss() >= 0 && r.finalLoss() < 1e-20, "final loss " + r.finalLoss());
        assertTrue(losses.stream().allMatch(x -> x >= 0));
        assertEquals(0, FIG6.rMin());
    }

    @Test
    void aStartAtAMinimizerOfInterpolatedDataDoesNotTurnRoundOffIntoDivergence() {
        // The initial loss is round-off (1e-31), so 10⁶ × it is round-off too. At η = 1 > 2/S the minimizer is
        // unstable and the loss grows from there, but the first steps are still round-off-sized, not a blow-up.
        DeepLinearNet net = DeepLinearNet.standard(20, 20, 5, 1);
        double[] w = Initialization.parse("aligned-minimizer").create(net, FIG6, null);
        Objective o = new LinearChainObjective(net, FIG6, LossConvention.MSE);
        double initial = o.setPoint(w);
        assertTrue(initial < 1e-25, "initial loss " + initial);
        List<Double> losses = new ArrayList<>();
        TrainResult r = Trainer.gradientDescent(1.0, 5, 0).run(o, w,
                new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(2)), x -> losses.add(x.loss()));
        assertFalse(r.diverged());
        assertTrue(losses.stream().anyMatch(x -> x > 1e6 * initial && x < 1e-15),
                "the run must pass the old limit 10⁶ × R(W(0)) while still tiny, for this test to pin the rule: "
                        + losses);
        double limit = Divergence.from(o, initial).lossLimit();
        assertEquals(1e6 * FIG6.yMeanSquare(), limit, 1e-9 * limit);
    }

    @Test
    void aBlowUpFromAMinimizerIsStillDivergence() {
        DeepLinearNet net = DeepLinearNet.standard(20, 20, 5, 1);
        double[] w = Initialization.parse("aligned-minimizer").create(net, FIG6, null);
        Objective o = new LinearChainObjective(net, FIG6, LossConvention.MSE);
        TrainResult r = Trainer.gradientDescent(2.0, 2000, 0).run(o, w,
                new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(2)), x -> { });
        assertTrue(r.diverged());
    }

    @Test
    void theDivergenceRuleUsesTheLargerOfTheInitialAndTheZeroPredictorRisk() {
        Objective o = new LinearChainObjective(NET, FIG1, LossConvention.HALF_MSE);
        double zero = 0.5 * FIG1.yMeanSquare();
        assertEquals(zero, o.zeroPredictorRisk(), 1e-15 * zero);
        Divergence fromSmall = Divergence.from(o, 1e-30);
        assertFalse(fromSmall.diverged(0.99e6 * zero, 1));
        assertTrue(fromSmall.diverged(1.01e6 * zero, 1));
        Divergence fromLarge = Divergence.from(o, 10 * zero);
        assertFalse(fromLarge.diverged(9.9e6 * zero, 1));
        assertTrue(fromLarge.diverged(1.01e7 * zero, 1));
        assertTrue(fromLarge.diverged(Double.NaN, 1));
        assertTrue(fromLarge.diverged(1, Double.POSITIVE_INFINITY));
        assertFalse(fromLarge.diverged(-0.0, 0));
    }

    @Test
    void interruptionStopsEarlyAndKeepsTheState() {
        List<StepRecord> records = new ArrayList<>();
        Thread.currentThread().interrupt();
        try {
            TrainResult r = train("small:0.35", 0.02, 2000, 0, 0, records);
            assertTrue(r.interrupted());
            assertEquals(0, r.stepsDone());
            assertEquals(1, records.size());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void balancedAlignedMinimizerHasTheClosedFormSharpness() {
        for (int depth : new int[]{1, 2, 3, 10, 20}) {
            DeepLinearNet net = DeepLinearNet.standard(5, 7, depth, 1);
            double[] w = Initialization.parse("aligned-minimizer").create(net, FIG1, null);
            Objective o = new LinearChainObjective(net, FIG1, LossConvention.MSE);
            assertEquals(FIG1.rMin(), o.setPoint(w), 1e-14);
            SpectrumEstimate e = new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1)).at(o.hessianAt(w));
            double expected = Bounds.of(FIG1, depth, LossConvention.MSE).balancedMinimizerSharpness();
            assertEquals(expected, e.top(), 1e-8 * expected, "depth " + depth);
        }
    }
}
