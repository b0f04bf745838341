package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.Activation;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.Mlp;
import org.dlnlab.model.StandardActivation;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.MiniBatches;
import org.dlnlab.objective.Objective;
import org.dlnlab.objective.SampleObjective;
import org.dlnlab.testing.RandomNets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mini-batch SGD: B = n is GD, a batch's loss is the mean over its samples, an epoch visits every sample once. */
class SgdTest {
    private record Setup(DeepLinearNet net, Dataset data, double[] w) {
    }

    private static Setup setup(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        Dataset data = RandomNets.dataset(n, 3, 1, rng);
        DeepLinearNet net = DeepLinearNet.of(3, 4, 4, 1);
        return new Setup(net, data, RandomNets.gaussian(net.parameterCount(), 0.5, rng));
    }

    private static Objective objective(Setup s, Activation a) {
        return Objective.of(s.net, a, Problem.of(s.data), s.data, LossConvention.MSE);
    }

    private static Sharpness sharpness() {
        return new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(3));
    }

    /** The acceptance: --batch-size n is GD to 1e-12, for the linear chains and for a GELU net. */
    @Test
    void batchOfAllSamplesIsGradientDescent() {
        for (Activation a : List.of(StandardActivation.LINEAR, StandardActivation.GELU, StandardActivation.TANH)) {
            Setup s = setup(11, 12);
            double[] gd = s.w.clone();
            double[] sgd = s.w.clone();
            List<Double> gdLoss = new ArrayList<>();
            List<Double> sgdLoss = new ArrayList<>();
            new Trainer(UpdateRule.gradientDescent(0.05), 300, 0, 0).run(objective(s, a), gd, sharpness(),
                    r -> gdLoss.add(r.loss()));
            new Trainer(UpdateRule.sgd(0.05, 12, s.data, 7, "sgd"), 300, 0, 0).run(objective(s, a), sgd,
                    sharpness(), r -> sgdLoss.add(r.loss()));
            assertTrue(RandomNets.relativeError(gd, sgd) < 1e-12, a.label() + ": "
                    + RandomNets.relativeError(gd, sgd));
            assertTrue(gdLoss.get(299) < 0.9 * gdLoss.get(0), a.label() + " trains");
            for (int t = 0; t < gdLoss.size(); t++) {
                assertEquals(gdLoss.get(t), sgdLoss.get(t), 1e-12 * gdLoss.get(t), a.label() + " step " + t);
            }
        }
    }

    /** A batch's loss and gradient are the mean over its samples: an objective on those rows alone. */
    @Test
    void batchLossIsTheMeanOverItsSamples() {
        Setup s = setup(5, 10);
        Mlp mlp = new Mlp(s.net, StandardActivation.GELU);
        MiniBatches batches = new MiniBatches(mlp, s.data, LossConvention.HALF_MSE, 4);
        int[] order = {7, 2, 9, 0, 4, 1, 8, 3, 6, 5};
        double[] g = new double[s.w.length];
        double[] expected = new double[s.w.length];
        for (int[] range : new int[][]{{0, 4}, {4, 8}, {8, 10}}) {
            int m = range[1] - range[0];
            double[] x = new double[m * 3];
            double[] y = new double[m];
            for (int i = 0; i < m; i++) {
                int src = order[range[0] + i];
                System.arraycopy(s.data.x(), src * 3, x, i * 3, 3);
                y[i] = s.data.y()[src];
            }
            Dataset rows = new Dataset("rows", s.data.featureNames(), s.data.targetNames(), x, y);
            SampleObjective alone = new SampleObjective(mlp, rows, LossConvention.HALF_MSE);
            double want = alone.setPoint(s.w);
            alone.gradient(expected);
            double got = batches.gradient(s.w, order, range[0], range[1], g);
            assertEquals(want, got, 1e-15 * want, Arrays.toString(range));
            assertTrue(RandomNets.relativeError(expected, g) < 1e-15, Arrays.toString(range));
        }
    }

    /**
     * One epoch at a tiny η moves W by −η Σ_B ∇ℓ_B(W_0) + O(η²); with B dividing n that sum is (n/B)∇R when every
     * sample is in exactly one batch, and it differs at O(1) if one were missed or repeated.
     */
    @Test
    void anEpochVisitsEverySampleOnce() {
        Setup s = setup(9, 12);
        double eta = 1e-8;
        for (int b : new int[]{1, 3, 4, 6}) {
            Objective o = objective(s, StandardActivation.TANH);
            o.setPoint(s.w);
            double[] grad = new double[s.w.length];
            o.gradient(grad);
            double[] w = s.w.clone();
            new Trainer(UpdateRule.sgd(eta, b, s.data, 1, "sgd"), 12 / b, 0, 0).run(o, w, sharpness(), r -> { });
            double[] predicted = s.w.clone();
            for (int i = 0; i < w.length; i++) {
                predicted[i] -= eta * (12.0 / b) * grad[i];
                w[i] -= s.w[i];
                predicted[i] -= s.w[i];
            }
            assertTrue(RandomNets.relativeError(predicted, w) < 1e-5, "B = " + b + ": "
                    + RandomNets.relativeError(predicted, w));
        }
    }

    /** B = 5 of n = 12: batches of 5, 5 and 2 (the last one smaller), each the mean over its own samples. */
    @Test
    void theLastBatchOfAnEpochIsSmaller() {
        Setup s = setup(9, 12);
        double eta = 1e-8;
        Objective o = objective(s, StandardActivation.LINEAR);
        double[] w = s.w.clone();
        new Trainer(UpdateRule.sgd(eta, 5, s.data, 1, "sgd"), 3, 0, 0).run(o, w, sharpness(), r -> { });
        MiniBatches single = new MiniBatches(s.net, s.data, LossConvention.MSE, 1);
        double[][] perSample = new double[12][s.w.length];
        int[] identity = new int[12];
        for (int i = 0; i < 12; i++) {
            identity[i] = i;
            single.gradient(s.w, identity, i, i + 1, perSample[i]);
        }
        double[] step = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            step[i] = (s.w[i] - w[i]) / eta;
        }
        // The displacement is Σ_i c_i ∇ℓ_i with weights 1/5 for ten samples and 1/2 for two: find a pair that fits.
        boolean fits = false;
        for (int a = 0; a < 12 && !fits; a++) {
            for (int b = a + 1; b < 12 && !fits; b++) {
                double[] sum = new double[w.length];
                for (int i = 0; i < 12; i++) {
                    double c = i == a || i == b ? 0.5 : 0.2;
                    for (int j = 0; j < w.length; j++) {
                        sum[j] += c * perSample[i][j];
                    }
                }
                fits = RandomNets.relativeError(sum, step) < 1e-5;
            }
        }
        assertTrue(fits, "no pair of samples forms the last batch");
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnother() {
        Setup s = setup(2, 10);
        double[][] ends = new double[3][];
        long[] seeds = {4, 4, 5};
        for (int k = 0; k < 3; k++) {
            ends[k] = s.w.clone();
            TrainResult r = new Trainer(UpdateRule.sgd(0.05, 3, s.data, seeds[k], "sgd"), 50, 0, 0)
                    .run(objective(s, StandardActivation.GELU), ends[k], sharpness(), x -> { });
            assertFalse(r.diverged());
        }
        assertTrue(Arrays.equals(ends[0], ends[1]));
        assertFalse(Arrays.equals(ends[0], ends[2]));
    }

    @Test
    void batchSizesOutsideOneToNAreRefused() {
        Setup s = setup(2, 10);
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.sgd(0.1, 0, s.data, 1, "sgd"));
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.sgd(0.1, 11, s.data, 1, "sgd"));
    }
}
