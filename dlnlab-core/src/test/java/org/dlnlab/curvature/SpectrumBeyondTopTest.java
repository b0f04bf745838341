package org.dlnlab.curvature;

import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.Mlp;
import org.dlnlab.model.StandardActivation;
import org.dlnlab.objective.DenseHessian;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.SampleObjective;
import org.dlnlab.testing.RandomNets;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** λ_min, the exact trace, Hutchinson and SLQ, each against the dense Hessian of {@link DenseHessian}. */
class SpectrumBeyondTopTest {

    private record Net(LinearChainObjective objective, double[] w, DMatrixRMaj dense) {
        Hessian hessian() {
            return objective.hessianAt(w);
        }
    }

    /** kind: plain (widths d, h.., p), residual (d×d layers and a projection, p = 1). */
    private static Net net(long seed, String kind, int n, int d, int p, int depth, double scale, LossConvention loss) {
        SplittableRandom rng = new SplittableRandom(seed);
        Problem problem = RandomNets.problem(n, d, p, rng);
        DeepLinearNet net = kind.equals("residual") ? DeepLinearNet.residual(d, depth, RandomNets.gaussian(d, 1, rng))
                : RandomNets.net(d, p, depth, 6, rng);
        double[] w = RandomNets.gaussian(net.parameterCount(), scale, rng);
        return new Net(new LinearChainObjective(net, problem, loss), w, DenseHessian.compute(net, problem, loss, w));
    }

    /** All eigenvalues of a dense symmetric matrix, ascending (EJML's eigendecomposition, not the code under test). */
    private static double[] eigenvalues(DMatrixRMaj h) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(h.numRows, false, true);
        assertTrue(eig.decompose(h.copy()));
        double[] ev = new double[h.numRows];
        for (int i = 0; i < ev.length; i++) {
            ev[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(ev);
        return ev;
    }

    private static double residual(DMatrixRMaj h, double lambda, double[] v) {
        double s = 0;
        for (int i = 0; i < h.numRows; i++) {
            double r = -lambda * v[i];
            for (int j = 0; j < h.numCols; j++) {
                r += h.get(i, j) * v[j];
            }
            s += r * r;
        }
        return Math.sqrt(s);
    }

    private static double spectralNorm(double[] ev) {
        return Math.max(Math.abs(ev[0]), Math.abs(ev[ev.length - 1]));
    }

    // ---- the exact trace -------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "1, plain, 40, 5, 1, 3, 0.6, mse",       // one output
            "2, plain, 40, 4, 3, 4, 0.7, half-mse",  // several outputs
            "3, residual, 30, 4, 1, 3, 0.5, mse",    // the residual net (projection)
            "4, plain, 3, 6, 2, 2, 0.9, mse",        // n < d: Σ of rank 3
            "5, plain, 20, 3, 1, 1, 1.0, half-mse",  // one layer
            "6, residual, 10, 5, 1, 5, 0.3, half-mse"})
    void exactTraceEqualsTheDenseHessiansTrace(long seed, String kind, int n, int d, int p, int depth, double scale,
                                               String loss) {
        Net c = net(seed, kind, n, d, p, depth, scale, LossConvention.parse(loss));
        double dense = CommonOps_DDRM.trace(c.dense);
        c.objective.setPoint(c.w);
        double exact = c.objective.hessianTrace();
        assertTrue(Math.abs(dense) > 1e-3, "a trace worth comparing: " + dense);
        assertEquals(dense, exact, 1e-10 * Math.abs(dense), "N = " + c.w.length);
    }

    @Test
    void hutchinsonOnANonlinearNetLiesWithinThreeStandardErrorsOfTheDenseTrace() {
        SplittableRandom rng = new SplittableRandom(7);
        Dataset data = RandomNets.dataset(12, 3, 2, rng);
        DeepLinearNet layout = DeepLinearNet.of(3, 5, 4, 2);
        double[] w = RandomNets.gaussian(layout.parameterCount(), 0.8, rng);
        SampleObjective o = new SampleObjective(new Mlp(layout, StandardActivation.TANH), data, LossConvention.MSE);
        Hessian h = o.hessianAt(w);
        int n = h.dimension();
        double dense = CommonOps_DDRM.trace(new DMatrixRMaj(n, n, true, h.dense()));
        TraceEstimate t = TraceEstimate.hutchinson(h, TraceEstimate.DEFAULT_PROBES, new SplittableRandom(8));
        assertEquals(TraceEstimate.DEFAULT_PROBES, t.probes());
        assertTrue(t.standardError() > 0, "Rademacher probes leave a variance unless H is diagonal");
        assertTrue(Math.abs(t.value() - dense) <= 3 * t.standardError(),
                "Hutchinson " + t.value() + " ± " + t.standardError() + ", dense " + dense);
        // For Rademacher z, Var zᵀHz = 2 Σ_{i≠j} H_ij²: the reported standard error is that over √probes, to the
        // sampling error of a standard deviation from 100 probes.
        double offDiagonal = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                offDiagonal += i == j ? 0 : h.dense()[i * n + j] * h.dense()[i * n + j];
            }
        }
        double expected = Math.sqrt(2 * offDiagonal / t.probes());
        assertEquals(expected, t.standardError(), 0.3 * expected);
    }

    // ---- λ_min -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"11, plain, 1, 0.4", "12, plain, 2, 0.5", "13, residual, 1, 0.3"})
    void smallestEigenvaluesAgreeWithTheDenseSpectrum(long seed, String kind, int p, double scale) {
        Net c = net(seed, kind, 30, 4, p, 4, scale, LossConvention.MSE);
        double[] ev = eigenvalues(c.dense);
        assertTrue(ev[0] < -1e-3 * spectralNorm(ev), "an indefinite Hessian: λ_min = " + ev[0]);
        Sharpness.Options bottom3 = new Sharpness.Options(SharpnessMethod.LANCZOS, 3, 1e-10, 20, 500);
        SpectrumEstimate e = new Sharpness(bottom3, new SplittableRandom(seed)).smallestAt(c.hessian());
        assertTrue(e.converged());
        for (int i = 0; i < 3; i++) {
            assertEquals(ev[i], e.eigenvalues()[i], 1e-9 * spectralNorm(ev), "eigenvalue " + i);
            // Each reported residual is the true one of its returned vector.
            assertEquals(residual(c.dense, e.eigenvalues()[i], e.vectors()[i]), e.residualNorms()[i],
                    1e-8 * spectralNorm(ev));
        }
        assertEquals(ev[1] - ev[0], e.gap(), 1e-9 * spectralNorm(ev));
        SpectrumEstimate dense = new Sharpness(bottom3.withMethod(SharpnessMethod.DENSE), new SplittableRandom(1))
                .smallestAt(c.hessian());
        assertEquals(ev[0], dense.top(), 1e-12 * spectralNorm(ev));
    }

    @Test
    void atAMinimizerOnTheRangeTheSmallestEigenvalueIsZeroWithANullVector() {
        // W_2 W_1 = W*ᵀ with W_1 of full column rank: G = 0, so H is PSD with λ_min = 0, and dim S < N.
        SplittableRandom rng = new SplittableRandom(21);
        int d = 5;
        int h = 6;
        Problem problem = RandomNets.problem(30, d, 1, rng);
        DeepLinearNet net = DeepLinearNet.of(d, h, 1);
        DMatrixRMaj w1 = new DMatrixRMaj(h, d, true, RandomNets.gaussian(h * d, 1, rng));
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(w1, w1, gram);
        CommonOps_DDRM.invert(gram);
        DMatrixRMaj w2t = new DMatrixRMaj(h, 1);
        CommonOps_DDRM.mult(w1, new DMatrixRMaj(gram.numRows, 1, true,
                CommonOps_DDRM.mult(gram, new DMatrixRMaj(d, 1, true, problem.wStar()), null).data), w2t);
        double[] w = new double[net.parameterCount()];
        System.arraycopy(w1.data, 0, w, 0, h * d);
        System.arraycopy(w2t.data, 0, w, h * d, h);
        LinearChainObjective o = new LinearChainObjective(net, problem, LossConvention.MSE);
        DMatrixRMaj dense = DenseHessian.compute(net, problem, LossConvention.MSE, w);
        double[] ev = eigenvalues(dense);
        double scale = spectralNorm(ev);
        assertEquals(0, ev[0], 1e-12 * scale, "PSD at the minimizer");
        o.setPoint(w);
        assertNotNull(o.reducedHessian(), "dim S < N here");
        SpectrumEstimate e = new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(22))
                .smallestAt(o.hessianAt(w));
        assertEquals(0, e.top(), 1e-10 * scale);
        assertTrue(residual(dense, e.top(), e.topVector()) <= 1e-10 * scale);
        assertEquals(1, Math.sqrt(dot(e.topVector(), e.topVector())), 1e-12);
    }

    /** H = diag(spectrum) on R^N, its range the first M coordinates, where it is positive definite. */
    private static Hessian diagonalWithRange(double[] spectrum, int m) {
        return new Hessian() {
            @Override
            public int dimension() {
                return spectrum.length;
            }

            @Override
            public void apply(double[] v, double[] out) {
                for (int i = 0; i < v.length; i++) {
                    out[i] = spectrum[i] * v[i];
                }
            }

            @Override
            public RangeRestriction range() {
                return new RangeRestriction() {
                    @Override
                    public int dimension() {
                        return m;
                    }

                    @Override
                    public void apply(double[] c, double[] out) {
                        for (int i = 0; i < m; i++) {
                            out[i] = spectrum[i] * c[i];
                        }
                    }

                    @Override
                    public void project(double[] v, double[] c) {
                        System.arraycopy(v, 0, c, 0, m);
                    }

                    @Override
                    public void expand(double[] c, double[] v) {
                        Arrays.fill(v, 0);
                        System.arraycopy(c, 0, v, 0, m);
                    }

                    @Override
                    public void constrain(double[] c) {
                    }

                    @Override
                    public int subspaceDimension() {
                        return m;
                    }
                };
            }

            @Override
            public double[] dense() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void theSmallestEigenvalueIsTheMinimumOfTheRangesAndZero() {
        double[] spectrum = {3, 1.5, 2, 4, 0, 0, 0, 0};
        SpectrumEstimate e = new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(3))
                .smallestAt(diagonalWithRange(spectrum, 4));
        assertEquals(0, e.top(), 0, "λ_min on S is 1.5 > 0, but H vanishes on S's complement");
        assertEquals(0, e.topResidual(), 1e-15);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, e.topVector()[i], 1e-15, "the vector lies in S's complement");
        }
        double[] negative = {3, -1.5, 2, 4, 0, 0, 0, 0};
        SpectrumEstimate f = new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(3))
                .smallestAt(diagonalWithRange(negative, 4));
        assertEquals(-1.5, f.top(), 1e-12, "min(λ_min on S, 0) = λ_min on S when it is negative");
    }

    @Test
    void powerIterationIsRefusedForTheSmallestEigenvalue() {
        Net c = net(31, "plain", 20, 3, 1, 2, 0.5, LossConvention.MSE);
        Sharpness power = new Sharpness(Sharpness.Options.defaults().withMethod(SharpnessMethod.POWER),
                new SplittableRandom(1));
        assertThrows(org.dlnlab.InvalidInputException.class, () -> power.smallestAt(c.hessian()));
    }

    // ---- stochastic Lanczos quadrature ------------------------------------------------------------------------

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** vᵀH^jv by explicit products with the dense Hessian, for j = 0..maxJ. */
    private static double[] explicitMoments(DMatrixRMaj h, double[] v, int maxJ) {
        double[] out = new double[maxJ + 1];
        double[] x = v.clone();
        for (int j = 0; j <= maxJ; j++) {
            out[j] = dot(v, x);
            DMatrixRMaj next = new DMatrixRMaj(x.length, 1);
            CommonOps_DDRM.mult(h, new DMatrixRMaj(x.length, 1, true, x), next);
            x = next.data;
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"41, plain, 1, 4", "42, plain, 3, 5", "43, residual, 1, 3", "44, residual, 1, 8"})
    void eachProbesQuadratureReproducesItsMomentsUpToDegreeTwoMMinusOne(long seed, String kind, int p, int steps) {
        Net c = net(seed, kind, 30, 4, p, 3, 0.6, LossConvention.MSE);
        double[] ev = eigenvalues(c.dense);
        double norm = spectralNorm(ev);
        SpectralDensity slq = SpectralDensity.estimate(c.hessian(), 5, steps, new SplittableRandom(seed));
        c.objective.setPoint(c.w);
        assertEquals(c.objective.reducedHessian() != null, slq.rangeMass() < 1, "on the range where there is one");
        for (SpectralDensity.Probe probe : slq.probes()) {
            assertEquals(steps, probe.nodes().length, "N is large enough for every step");
            double[] exact = explicitMoments(c.dense, probe.start(), 2 * steps - 1);
            assertEquals(1, exact[0], 1e-12, "a unit probe");
            for (int j = 0; j <= 2 * steps - 1; j++) {
                assertEquals(exact[j], probe.moment(j), 1e-10 * Math.pow(norm, j), "moment " + j);
            }
        }
        if (steps > 5) {
            return;
        }
        // With few nodes the quadrature is no better than Gauss's: degree 2m differs (at 8 nodes the outliers that
        // dominate H^16 are resolved to round-off).
        SpectralDensity.Probe first = slq.probes().get(0);
        double[] exact = explicitMoments(c.dense, first.start(), 2 * steps);
        assertTrue(Math.abs(exact[2 * steps] - first.moment(2 * steps)) > 1e-10 * Math.pow(norm, 2 * steps),
                exact[2 * steps] + " vs " + first.moment(2 * steps) + ", N = " + c.w.length);
    }

    @ParameterizedTest
    @CsvSource({"51, plain, 1", "52, plain, 2", "53, residual, 1"})
    void averagedMomentsLieWithinThreeStandardErrorsOfTheDenseSpectrums(long seed, String kind, int p) {
        Net c = net(seed, kind, 30, 4, p, 3, 0.6, LossConvention.MSE);
        double[] ev = eigenvalues(c.dense);
        int n = ev.length;
        SpectralDensity slq = SpectralDensity.estimate(c.hessian(), 40, 30, new SplittableRandom(seed));
        assertEquals(1, slq.moment(0), 1e-12);
        for (int j = 1; j <= 4; j++) {
            double exact = 0;
            for (double x : ev) {
                exact += Math.pow(x, j);
            }
            exact /= n;
            double se = slq.momentStandardError(j);
            assertTrue(se > 0);
            assertTrue(Math.abs(slq.moment(j) - exact) <= 3 * se,
                    "moment " + j + ": SLQ " + slq.moment(j) + " ± " + se + ", dense " + exact);
        }
    }

    @Test
    void theDensityIntegratesToOneWithTheComplementsMassAtZero() {
        Net c = net(61, "plain", 30, 4, 1, 3, 0.6, LossConvention.MSE);
        SpectralDensity slq = SpectralDensity.estimate(c.hessian(), 3, 10, new SplittableRandom(61));
        c.objective.setPoint(c.w);
        int dimS = c.objective.reducedHessian().subspaceDimension();
        assertEquals((double) dimS / c.w.length, slq.rangeMass(), 0);
        assertTrue(slq.rangeMass() < 1);
        double[] support = slq.support();
        double sigma = (support[1] - support[0]) / 100;
        int points = 20001;
        double lo = support[0] - 10 * sigma;
        double step = (support[1] + 10 * sigma - lo) / (points - 1);
        double[] t = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = lo + i * step;
        }
        double[] phi = slq.density(t, sigma);
        double integral = 0;
        for (int i = 0; i + 1 < points; i++) {
            integral += 0.5 * (phi[i] + phi[i + 1]) * step;
        }
        assertEquals(1, integral, 1e-9);
        // Near 0 the complement's mass (1 − dim S/N) g(0) is part of the density.
        assertTrue(slq.density(new double[]{0}, sigma)[0]
                >= (1 - slq.rangeMass()) / (sigma * Math.sqrt(2 * Math.PI)));
    }

    @Test
    void severalOutputsHaveNoRangeAndTheDensityIsOnRN() {
        Net c = net(62, "plain", 30, 4, 2, 2, 0.6, LossConvention.MSE);
        c.objective.setPoint(c.w);
        assertNull(c.objective.reducedHessian());
        assertEquals(1, SpectralDensity.estimate(c.hessian(), 2, 4, new SplittableRandom(1)).rangeMass(), 0);
    }
}
