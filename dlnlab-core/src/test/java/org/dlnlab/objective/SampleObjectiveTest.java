package org.dlnlab.objective;

import org.dlnlab.curvature.Hessian;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.Activation;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.LeakyRelu;
import org.dlnlab.model.Mlp;
import org.dlnlab.model.StandardActivation;
import org.dlnlab.testing.RandomNets;
import org.dlnlab.train.TrainResult;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.UpdateRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample-based objective of a network with activations against oracles that share no code with it: a
 * sample-by-sample forward pass written here (its risk differentiated numerically), and for the identity activation
 * the linear-chain objective on sufficient statistics.
 */
class SampleObjectiveTest {
    private static final List<Activation> ACTIVATIONS = List.of(StandardActivation.TANH, StandardActivation.GELU,
            StandardActivation.LINEAR, new LeakyRelu(0.2), StandardActivation.RELU);

    private record Case(Mlp mlp, Dataset data, LossConvention loss, double[] w) {
    }

    private static Case randomCase(long seed, Activation activation, boolean projection) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 1 + rng.nextInt(4);
        int p = projection ? 1 : 1 + rng.nextInt(3);
        int depth = 1 + rng.nextInt(4);
        Dataset data = RandomNets.dataset(3 + rng.nextInt(8), d, p, rng);
        DeepLinearNet layout = projection ? DeepLinearNet.residual(d, depth, RandomNets.gaussian(d, 1, rng))
                // Widths up to 10: the layer passes take four rows at a time, so 8 and more adds a second block.
                : RandomNets.net(d, p, depth, 10, rng);
        double[] w = RandomNets.gaussian(layout.parameterCount(), 0.8, rng);
        LossConvention loss = rng.nextBoolean() ? LossConvention.MSE : LossConvention.HALF_MSE;
        return new Case(new Mlp(layout, activation), data, loss, w);
    }

    private static double referenceRisk(Case c, double[] w) {
        return referenceRisk(c, w, new StringBuilder());
    }

    /** c·(1/n)Σ_i ‖y_i − f(x_i)‖², one sample at a time; appends the signs of the hidden pre-activations. */
    private static double referenceRisk(Case c, double[] w, StringBuilder signs) {
        DeepLinearNet net = c.mlp.layout();
        int n = c.data.n();
        int p = c.data.p();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] act = java.util.Arrays.copyOfRange(c.data.x(), i * c.data.d(), (i + 1) * c.data.d());
            for (int k = 1; k <= net.depth(); k++) {
                double[][] wk = net.layer(w, k);
                double[] next = new double[wk.length];
                for (int j = 0; j < wk.length; j++) {
                    double s = 0;
                    for (int l = 0; l < act.length; l++) {
                        s += wk[j][l] * act[l];
                    }
                    next[j] = k < net.depth() ? c.mlp.activation().value(s) : s;
                    signs.append(s > 0 ? '+' : '-');
                }
                act = next;
            }
            double[] out = act;
            double[] proj = net.projection();
            if (proj != null) {
                out = new double[p];
                for (int q = 0; q < p; q++) {
                    for (int j = 0; j < act.length; j++) {
                        out[q] += proj[q * act.length + j] * act[j];
                    }
                }
            }
            for (int q = 0; q < p; q++) {
                double r = out[q] - c.data.y()[i * p + q];
                sum += r * r;
            }
        }
        return c.loss.factor() * sum / n;
    }

    private static double along(Case c, double[] w, double[] v, double t) {
        double[] x = w.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += t * v[i];
        }
        return referenceRisk(c, x);
    }

    /** Fourth-order central first derivative at 0. */
    private static double firstDerivative(DoubleUnaryOperator f, double h) {
        return (8 * (f.applyAsDouble(h) - f.applyAsDouble(-h)) - (f.applyAsDouble(2 * h) - f.applyAsDouble(-2 * h)))
                / (12 * h);
    }

    /** Fourth-order central second derivative at 0. */
    private static double secondDerivative(DoubleUnaryOperator f, double h) {
        return (-f.applyAsDouble(2 * h) + 16 * f.applyAsDouble(h) - 30 * f.applyAsDouble(0) + 16 * f.applyAsDouble(-h)
                - f.applyAsDouble(-2 * h)) / (12 * h * h);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void riskGradientAndCurvatureMatchDifferencesOfAnIndependentForwardPass() {
        int cases = 0;
        for (long seed = 0; seed < 40; seed++) {
            for (Activation activation : ACTIVATIONS) {
                Case c = randomCase(seed, activation, seed % 4 == 3);
                SampleObjective o = new SampleObjective(c.mlp, c.data, c.loss);
                double r = o.setPoint(c.w);
                String what = c.mlp + " n=" + c.data.n() + " seed " + seed;
                double ref = referenceRisk(c, c.w);
                assertEquals(ref, r, 1e-13 * Math.max(ref, 1e-300), what);
                double[] g = new double[c.w.length];
                o.gradient(g);
                SplittableRandom rng = new SplittableRandom(seed + 1000);
                double[] v = RandomNets.gaussian(c.w.length, 1, rng);
                double[] hv = new double[c.w.length];
                o.hvp(v, hv);
                // Difference quotients across a kink of ReLU measure nothing: such directions are skipped.
                double h = 1e-3;
                double slopeFd = firstDerivative(t -> along(c, c.w, v, t), h);
                double curvFd = secondDerivative(t -> along(c, c.w, v, t), h);
                // Rounding of the risk, ε·R, divided by h and h², bounds what the differences can resolve.
                double scale = Math.sqrt(dot(g, g)) * Math.sqrt(dot(v, v)) + 1e-9 * ref;
                double curvScale = Math.sqrt(dot(hv, hv)) * Math.sqrt(dot(v, v)) + 1e-5 * ref;
                if (kinkFree(c, v, 2 * h)) {
                    assertEquals(slopeFd, dot(g, v), 1e-6 * scale, "⟨∇R, v⟩ " + what);
                    assertEquals(curvFd, dot(v, hv), 1e-5 * curvScale, "⟨v, Hv⟩ " + what);
                    cases++;
                }
                assertEquals(Math.sqrt(dot(g, g)), o.gradientNorm(), 1e-14 * Math.sqrt(dot(g, g)) + 1e-300, what);
            }
        }
        assertTrue(cases > 150, "too few cases away from ReLU kinks: " + cases);
    }

    /** True when every pre-activation keeps its sign on w + t·v for t ∈ {−r, −r/2, 0, r/2, r}. */
    private static boolean kinkFree(Case c, double[] v, double r) {
        StringBuilder first = new StringBuilder();
        referenceRisk(c, c.w, first);
        for (double t : new double[]{-r, -r / 2, r / 2, r}) {
            double[] x = c.w.clone();
            for (int i = 0; i < x.length; i++) {
                x[i] += t * v[i];
            }
            StringBuilder signs = new StringBuilder();
            referenceRisk(c, x, signs);
            if (!signs.toString().equals(first.toString())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void identityActivationGivesTheLinearChainObjective() {
        for (long seed = 0; seed < 30; seed++) {
            Case c = randomCase(seed, StandardActivation.LINEAR, seed % 3 == 2);
            SampleObjective samples = new SampleObjective(c.mlp, c.data, c.loss);
            LinearChainObjective chains = new LinearChainObjective(c.mlp.layout(), Problem.of(c.data), c.loss);
            String what = c.mlp + " seed " + seed;
            double r = samples.setPoint(c.w);
            assertEquals(chains.setPoint(c.w), r, 1e-12 * r, what);
            int dim = c.w.length;
            double[] g1 = new double[dim];
            double[] g2 = new double[dim];
            samples.gradient(g1);
            chains.gradient(g2);
            assertTrue(RandomNets.relativeError(g1, g2) < 1e-12, what);
            double[] v = RandomNets.gaussian(dim, 1, new SplittableRandom(seed));
            samples.hvp(v, g1);
            chains.hvp(v, g2);
            assertTrue(RandomNets.relativeError(g1, g2) < 1e-12, what);
            assertEquals(chains.zeroPredictorRisk(), samples.zeroPredictorRisk(), 1e-14 * r, what);
        }
    }

    @Test
    void lanczosSharpnessIsTheTopEigenvalueOfTheSymmetricDenseHessian() {
        for (long seed = 0; seed < 12; seed++) {
            Case c = randomCase(seed, seed % 2 == 0 ? StandardActivation.GELU : StandardActivation.TANH, false);
            SampleObjective o = new SampleObjective(c.mlp, c.data, c.loss);
            Hessian h = o.hessianAt(c.w);
            double[] m = h.dense();
            int dim = h.dimension();
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < i; j++) {
                    assertEquals(m[i * dim + j], m[j * dim + i], 0.0);
                }
            }
            Sharpness.Options opts = Sharpness.Options.defaults();
            double lanczos = new Sharpness(opts, new SplittableRandom(seed)).at(h).top();
            double dense = new Sharpness(opts.withMethod(SharpnessMethod.DENSE), new SplittableRandom(seed)).at(h).top();
            assertEquals(dense, lanczos, 1e-8 * Math.abs(dense), c.mlp + " seed " + seed);
        }
    }

    /** The trainer, its update rules and its divergence detection run unchanged on the sample-based objective. */
    @Test
    void trainsWithEveryUpdateRule() {
        Case c = randomCase(3, StandardActivation.TANH, false);
        for (UpdateRule rule : List.of(UpdateRule.gradientDescent(0.05), UpdateRule.momentum(0.05, 0.5))) {
            SampleObjective o = new SampleObjective(c.mlp, c.data, c.loss);
            double[] w = c.w.clone();
            double start = referenceRisk(c, w);
            List<Double> losses = new ArrayList<>();
            TrainResult res = new Trainer(rule, 400, 0, 0).run(o, w,
                    new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1)), s -> losses.add(s.loss()));
            assertFalse(res.diverged(), rule.toString());
            assertEquals(start, losses.get(0), 1e-13 * start);
            assertTrue(referenceRisk(c, w) < 0.5 * start, rule + ": " + start + " → " + referenceRisk(c, w));
        }
        SampleObjective o = new SampleObjective(c.mlp, c.data, c.loss);
        TrainResult blowUp = Trainer.gradientDescent(50, 400, 0).run(o, c.w.clone(),
                new Sharpness(Sharpness.Options.defaults(), new SplittableRandom(1)), s -> { });
        assertTrue(blowUp.diverged(), "η = 50 must diverge");
    }
}
