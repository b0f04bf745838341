package org.dlnlab.objective;

import org.dlnlab.data.DataSources;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.testing.RandomNets;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The risk from the sufficient statistics against the sample-by-sample (1/n)‖Y − XE‖², at random points and at
 * interpolating points of underdetermined data (n &lt; d), where E − W* lies in Σ's null space and eᵀΣe computed
 * with Σ itself rounds to either sign.
 */
class RiskTest {
    /** XE (n×p row-major) straight from the samples, E d×p row-major. */
    private static double[] predictions(Dataset data, double[] e) {
        int d = data.d();
        int p = data.p();
        double[] xe = new double[data.n() * p];
        for (int i = 0; i < data.n(); i++) {
            for (int q = 0; q < p; q++) {
                for (int j = 0; j < d; j++) {
                    xe[i * p + q] += data.x()[i * d + j] * e[j * p + q];
                }
            }
        }
        return xe;
    }

    /** (1/n)‖Y − XE‖²_F straight from the samples. */
    private static double sampleRisk(Dataset data, double[] e) {
        double[] xe = predictions(data, e);
        double s = 0;
        for (int i = 0; i < xe.length; i++) {
            double r = data.y()[i] - xe[i];
            s += r * r;
        }
        return s / data.n();
    }

    /** (‖Y‖²_F + ‖XE‖²_F)/n: the scale of the rounding in either way of computing the risk. */
    private static double scale(Dataset data, double[] e) {
        double s = 0;
        for (double y : data.y()) {
            s += y * y;
        }
        for (double v : predictions(data, e)) {
            s += v * v;
        }
        return s / data.n();
    }

    /** A point E = W1ᵀ of the one-layer net (d inputs, p outputs). */
    private static double riskAt(Problem problem, double[] e) {
        int d = problem.d();
        int p = problem.p();
        double[] w = new double[d * p];
        for (int j = 0; j < d; j++) {
            for (int q = 0; q < p; q++) {
                w[q * d + j] = e[j * p + q];
            }
        }
        return new LinearChainObjective(DeepLinearNet.of(d, p), problem, LossConvention.MSE).setPoint(w);
    }

    /** W* + N·c with N an orthonormal basis of X's null space and c of size `size`: an interpolator when n &lt; d. */
    private static double[] interpolator(Dataset data, Problem problem, double size, SplittableRandom rng) {
        int d = data.d();
        int p = data.p();
        var svd = DecompositionFactory_DDRM.svd(data.n(), d, true, true, false);
        if (!svd.decompose(new DMatrixRMaj(data.n(), d, true, data.x()))) {
            throw new IllegalStateException("SVD failed");
        }
        DMatrixRMaj null_ = SingularOps_DDRM.nullSpace(svd, null, 1e-12);
        double[] e = problem.wStar().clone();
        for (int c = 0; c < null_.numCols; c++) {
            for (int q = 0; q < p; q++) {
                double coef = size * rng.nextGaussian();
                for (int j = 0; j < d; j++) {
                    e[j * p + q] += coef * null_.get(j, c);
                }
            }
        }
        return e;
    }

    @Test
    void riskEqualsTheSampleRiskAtRandomPoints() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int[] shape : new int[][]{{50, 5, 1}, {15, 20, 1}, {30, 4, 3}, {8, 12, 2}, {200, 64, 1}, {10, 100, 1}}) {
            Dataset data = RandomNets.dataset(shape[0], shape[1], shape[2], rng);
            Problem problem = Problem.of(data);
            for (int trial = 0; trial < 5; trial++) {
                double[] e = new double[shape[1] * shape[2]];
                for (int i = 0; i < e.length; i++) {
                    e[i] = Math.pow(10, trial - 2) * rng.nextGaussian();
                }
                double expected = sampleRisk(data, e);
                double r = riskAt(problem, e);
                assertTrue(r >= 0);
                assertEquals(expected, r, 1e-13 * scale(data, e), "shape " + java.util.Arrays.toString(shape));
            }
        }
    }

    @Test
    void riskAtInterpolatorsIsNonNegativeAndAsSmallAsTheSampleRisk() {
        SplittableRandom rng = new SplittableRandom(4);
        int negativeWithSigma = 0;
        int points = 0;
        for (int[] shape : new int[][]{{15, 20, 1}, {8, 12, 2}, {10, 100, 1}, {3, 7, 1}}) {
            Dataset data = RandomNets.dataset(shape[0], shape[1], shape[2], rng);
            Problem problem = Problem.of(data);
            assertEquals(0, problem.rMin(), "n < d: the data are interpolated, R_min is 0");
            for (double size : new double[]{1e-3, 1, 10, 1e3}) {
                double[] e = interpolator(data, problem, size, rng);
                double r = riskAt(problem, e);
                double sc = scale(data, e);
                assertTrue(r >= 0, "risk " + r);
                assertEquals(sampleRisk(data, e), r, 1e-13 * sc);
                // How Σ itself fares at the same point: the rounding the factor removes.
                if (quadraticWithSigma(problem, e) < 0) {
                    negativeWithSigma++;
                }
                points++;
            }
        }
        // The test's points are the hard case: with eᵀΣe many of them come out negative.
        assertTrue(negativeWithSigma > 0, negativeWithSigma + " of " + points + " negative with Σ");
    }

    private static double quadraticWithSigma(Problem problem, double[] e) {
        int d = problem.d();
        int p = problem.p();
        double s = 0;
        for (int q = 0; q < p; q++) {
            for (int i = 0; i < d; i++) {
                double si = 0;
                for (int j = 0; j < d; j++) {
                    si += problem.sigma()[i * d + j] * (e[j * p + q] - problem.wStar()[j * p + q]);
                }
                s += (e[i * p + q] - problem.wStar()[i * p + q]) * si;
            }
        }
        return s;
    }

    @Test
    void trainAndTestRiskOfThePapersUnderdeterminedDataMatchTheSamples() {
        Dataset train = DataSources.load("builtin:mc_fig6", List.of());
        Dataset test = DataSources.load("builtin:mc_fig6_test", List.of());
        Problem trainProblem = Problem.of(train);
        Problem testProblem = Problem.of(test);
        SplittableRandom rng = new SplittableRandom(6);
        for (double size : new double[]{0.01, 1, 100}) {
            double[] e = interpolator(train, trainProblem, size, rng);
            double rTrain = riskAt(trainProblem, e);
            double rTest = riskAt(testProblem, e);
            assertTrue(rTrain >= 0 && rTest >= 0);
            assertEquals(sampleRisk(train, e), rTrain, 1e-13 * scale(train, e));
            assertEquals(sampleRisk(test, e), rTest, 1e-13 * scale(test, e));
        }
    }

    @Test
    void halfMseIsHalfTheRisk() {
        SplittableRandom rng = new SplittableRandom(8);
        Dataset data = RandomNets.dataset(20, 6, 1, rng);
        Problem problem = Problem.of(data);
        double[] w = new double[6];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        double mse = new LinearChainObjective(DeepLinearNet.of(6, 1), problem, LossConvention.MSE).setPoint(w);
        double half = new LinearChainObjective(DeepLinearNet.of(6, 1), problem, LossConvention.HALF_MSE).setPoint(w);
        assertEquals(mse / 2, half, 1e-15 * mse);
        assertEquals(sampleRisk(data, w), mse, 1e-13 * scale(data, w));
    }
}
