package org.dlnlab.train;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import org.dlnlab.theory.TwoLayerModes;
import org.dlnlab.testing.RandomNets;
import org.dlnlab.theory.Bounds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.dlnlab.testing.Matrices.flat;
import static org.dlnlab.testing.Matrices.mul;
import static org.dlnlab.testing.Matrices.orthogonal;
import static org.dlnlab.testing.Matrices.transpose;

/**
 * Gradient flow against oracles that share no code with it: the two-layer closed forms of Saxe/Gidel
 * (docs/formulas.md §6), gradient descent as η → 0 (first order in η), conservation of balancedness, the exact
 * one-step GD drift identity, and tolerance insensitivity on the paper's setting. Matrices in the oracles are
 * plain double[][] products written here.
 */
class GradientFlowTest {

    private static Sharpness sharpness(long seed) {
        return new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(seed, "sharpness"));
    }

    // ---------------------------------------------------------------- small dense linear algebra (oracle side)

    private static double[][] sub(double[][] a, double[][] b) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = a[i][j] - b[i][j];
            }
        }
        return c;
    }

    private static double frob(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }
    /** E = (W_L ⋯ W_1)ᵀ from the flat parameters, by explicit products. */
    private static double[][] endToEnd(DeepLinearNet net, double[] w) {
        double[][] prod = net.layer(w, 1);
        for (int k = 2; k <= net.depth(); k++) {
            prod = mul(net.layer(w, k), prod);
        }
        return transpose(prod);
    }

    // ---------------------------------------------------------------- 1. two-layer closed forms

    /**
     * Commuting statistics Σ = U diag(λ) Uᵀ, Σ_xy = U diag(σ) Vᵀ (d = 4, p = 3, rectangular diag) and the
     * balanced spectral init W_1 = R diag(√w0) Uᵀ, W_2 = V diag(√w0) Rᵀ (R a random hidden rotation), so that
     * E = W_1ᵀW_2ᵀ = U diag(w0) Vᵀ and W_2ᵀW_2 = W_1W_1ᵀ = R diag(w0, 0) Rᵀ.
     */
    private static final class Spectral {
        static final int D = 4;
        static final int P = 3;
        static final double[] LAMBDA = {3.0, 2.0, 1.2, 0.7};
        static final double[] SIGMA = {2.5, 1.5, 0.8};
        static final double[] W0 = {1e-3, 2e-3, 5e-4};
        final double[][] u;
        final double[][] v;
        final Problem problem;
        final DeepLinearNet net = DeepLinearNet.of(D, D, P);
        final double[] init;

        Spectral(long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            u = orthogonal(D, rng);
            v = orthogonal(P, rng);
            double[][] r = orthogonal(D, rng);
            int n = D;
            // X = √n diag(√λ) Uᵀ, so XᵀX/n = U diag(λ) Uᵀ; Y = X W* with W* = U diag(σ/λ) Vᵀ, so XᵀY/n = U diag(σ) Vᵀ.
            double[][] x = new double[n][D];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < D; j++) {
                    x[i][j] = Math.sqrt(n * LAMBDA[i]) * u[j][i];
                }
            }
            double[] k = new double[P];
            for (int i = 0; i < P; i++) {
                k[i] = SIGMA[i] / LAMBDA[i];
            }
            double[][] y = mul(x, modes(k));
            problem = Problem.of(new Dataset("spectral", new String[]{"a", "b", "c", "d"},
                    new String[]{"y1", "y2", "y3"}, flat(x), flat(y)));
            double[][] d1 = new double[D][D];
            double[][] d2 = new double[P][D];
            for (int i = 0; i < P; i++) {
                d1[i][i] = Math.sqrt(W0[i]);
                d2[i][i] = Math.sqrt(W0[i]);
            }
            double[][] w1 = mul(mul(r, d1), transpose(u));
            double[][] w2 = mul(mul(v, d2), transpose(r));
            init = new double[net.parameterCount()];
            System.arraycopy(flat(w1), 0, init, net.offset(1), D * D);
            System.arraycopy(flat(w2), 0, init, net.offset(2), P * D);
        }

        /** U diag(m) Vᵀ (d×p). */
        double[][] modes(double[] m) {
            double[][] diag = new double[D][P];
            for (int i = 0; i < P; i++) {
                diag[i][i] = m[i];
            }
            return mul(mul(u, diag), transpose(v));
        }

        /** The modes of the flow by the closed form under test. */
        static double[] flow(double t) {
            double[] m = new double[P];
            for (int i = 0; i < P; i++) {
                m[i] = TwoLayerModes.twoLayerFlow(SIGMA[i], LAMBDA[i], W0[i], t);
            }
            return m;
        }

        /** Half-mse risk of the mode values: ½ Σ λ_i (w_i − σ_i/λ_i)² (R_min = 0 here). */
        static double risk(double[] m) {
            double r = 0;
            for (int i = 0; i < P; i++) {
                double e = m[i] - SIGMA[i] / LAMBDA[i];
                r += 0.5 * LAMBDA[i] * e * e;
            }
            return r;
        }

        double modeValue(double[][] e, int i) {
            double s = 0;
            for (int a = 0; a < D; a++) {
                for (int b = 0; b < P; b++) {
                    s += u[a][i] * e[a][b] * v[b][i];
                }
            }
            return s;
        }
    }

    @Test
    void twoLayerFlowFollowsTheLogisticClosedForm() {
        Spectral s = new Spectral(11);
        assertEquals(0, s.problem.rMin(), 1e-24);
        // The statistics really are the intended ones.
        double[][] sigma = mul(mul(s.u, diag(Spectral.LAMBDA)), transpose(s.u));
        assertArrayEquals(flat(sigma), s.problem.sigma(), 1e-13);

        // Several end times, each its own run from the same init: E(t) = U diag(w(t)) Vᵀ, every entry.
        for (double t : new double[]{0.5, 1.5, 3.0, 5.0, 8.0}) {
            double[] w = s.init.clone();
            Objective o = new LinearChainObjective(s.net, s.problem, LossConvention.HALF_MSE);
            FlowResult r = GradientFlow.of(t, t).run(o, w, sharpness(1), x -> { });
            assertEquals(StopReason.COMPLETED, r.stopReason());
            double[][] e = endToEnd(s.net, w);
            double[] expected = Spectral.flow(t);
            for (int i = 0; i < Spectral.P; i++) {
                assertEquals(expected[i], s.modeValue(e, i), 1e-9, "mode " + i + " at t = " + t);
            }
            assertArrayEquals(flat(s.modes(expected)), flat(e), 1e-9, "E at t = " + t);
        }

        // One run sampled on a grid: the dense-output samples' risk matches the closed form at every t = kΔt.
        List<StepRecord> records = new ArrayList<>();
        Objective o = new LinearChainObjective(s.net, s.problem, LossConvention.HALF_MSE);
        GradientFlow.of(8, 0.25).run(o, s.init.clone(), sharpness(1), records::add);
        assertEquals(33, records.size());
        for (StepRecord rec : records) {
            assertEquals(rec.step() * 0.25, rec.time(), 1e-15);
            assertEquals(Spectral.risk(Spectral.flow(rec.time())), rec.loss(), 1e-10, "risk at t = " + rec.time());
        }
    }

    @Test
    void twoLayerGradientDescentFollowsTheModeRecursion() {
        Spectral s = new Spectral(12);
        double eta = 0.05;
        int steps = 240;
        double[][] m = new double[steps + 1][Spectral.P];
        for (int k = 0; k <= steps; k++) {
            for (int i = 0; i < Spectral.P; i++) {
                m[k][i] = TwoLayerModes.twoLayerGd(Spectral.SIGMA[i], Spectral.LAMBDA[i], Spectral.W0[i], eta, k);
            }
        }
        // The trajectory is not trivial: every mode has been learned by the end.
        for (int i = 0; i < Spectral.P; i++) {
            assertEquals(Spectral.SIGMA[i] / Spectral.LAMBDA[i], m[steps][i], 1e-3);
        }
        for (int k : new int[]{10, 60, 240}) {
            double[] w = s.init.clone();
            Objective o = new LinearChainObjective(s.net, s.problem, LossConvention.HALF_MSE);
            List<StepRecord> records = new ArrayList<>();
            Trainer.gradientDescent(eta, k, 0).run(o, w, sharpness(2), records::add);
            double[][] e = endToEnd(s.net, w);
            for (int i = 0; i < Spectral.P; i++) {
                assertEquals(m[k][i], s.modeValue(e, i), 1e-9, "mode " + i + " after " + k + " steps");
            }
            assertArrayEquals(flat(s.modes(m[k])), flat(e), 1e-9);
            for (StepRecord rec : records) {
                assertEquals(Spectral.risk(m[rec.step()]), rec.loss(), 1e-10, "risk at step " + rec.step());
            }
        }
    }

    private static double[][] diag(double[] x) {
        double[][] a = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
            a[i][i] = x[i];
        }
        return a;
    }

    // ---------------------------------------------------------------- 2. GD → flow as η → 0

    @Test
    void gradientDescentApproachesTheFlowAtFirstOrder() {
        SplittableRandom rng = new SplittableRandom(21);
        Problem problem = RandomNets.problem(20, 3, 2, rng);
        DeepLinearNet net = DeepLinearNet.of(3, 4, 4, 2);
        double[] init = RandomNets.gaussian(net.parameterCount(), 0.5, rng);
        double time = 2;
        double[] flow = init.clone();
        FlowResult f = GradientFlow.of(time, time).withTolerances(1e-13, 1e-13)
                .run(new LinearChainObjective(net, problem, LossConvention.MSE), flow, sharpness(3), x -> { });
        assertEquals(StopReason.COMPLETED, f.stopReason());
        assertTrue(RandomNets.relativeError(flow, init) > 0.1, "the flow must move");

        double[] etas = {0.02, 0.01, 0.005, 0.0025};
        double[] errors = new double[etas.length];
        for (int j = 0; j < etas.length; j++) {
            double[] w = init.clone();
            int steps = (int) Math.round(time / etas[j]);
            Trainer.gradientDescent(etas[j], steps, 0).run(new LinearChainObjective(net, problem, LossConvention.MSE), w,
                    sharpness(3), x -> { });
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                s += (w[i] - flow[i]) * (w[i] - flow[i]);
            }
            errors[j] = Math.sqrt(s);
        }
        // Least-squares slope of log error against log η.
        double mx = 0;
        double my = 0;
        for (int j = 0; j < etas.length; j++) {
            mx += Math.log(etas[j]) / etas.length;
            my += Math.log(errors[j]) / etas.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int j = 0; j < etas.length; j++) {
            sxy += (Math.log(etas[j]) - mx) * (Math.log(errors[j]) - my);
            sxx += (Math.log(etas[j]) - mx) * (Math.log(etas[j]) - mx);
        }
        double order = sxy / sxx;
        System.out.printf(Locale.ROOT, "GD→flow: errors %s, fitted order %.4f%n",
                java.util.Arrays.toString(errors), order);
        assertTrue(order >= 0.8 && order <= 1.2, "fitted order " + order);
    }

    // ---------------------------------------------------------------- 3. balancedness

    /** D_k = W_{k+1}ᵀW_{k+1} − W_kW_kᵀ for k = 1..L−1. */
    private static double[][][] balancedness(DeepLinearNet net, double[] w) {
        double[][][] d = new double[net.depth() - 1][][];
        for (int k = 1; k < net.depth(); k++) {
            double[][] next = net.layer(w, k + 1);
            double[][] cur = net.layer(w, k);
            d[k - 1] = sub(mul(transpose(next), next), mul(cur, transpose(cur)));
        }
        return d;
    }

    private static double balancednessDrift(DeepLinearNet net, double[] before, double[] after) {
        double[][][] d0 = balancedness(net, before);
        double[][][] d1 = balancedness(net, after);
        double worst = 0;
        for (int k = 0; k < d0.length; k++) {
            worst = Math.max(worst, frob(sub(d1[k], d0[k])) / frob(d0[k]));
        }
        return worst;
    }

    @Test
    void flowConservesBalancednessAndGradientDescentDoesNot() {
        SplittableRandom rng = new SplittableRandom(31);
        Problem problem = RandomNets.problem(25, 3, 2, rng);
        DeepLinearNet net = DeepLinearNet.of(3, 5, 4, 4, 2);
        double[] init = RandomNets.gaussian(net.parameterCount(), 0.6, rng);
        double time = 5;
        double[] w = init.clone();
        FlowResult r = GradientFlow.of(time, time).run(new LinearChainObjective(net, problem, LossConvention.MSE), w,
                sharpness(4), x -> { });
        assertEquals(StopReason.COMPLETED, r.stopReason());
        assertTrue(RandomNets.relativeError(w, init) > 0.1, "the flow must move");
        double flowDrift = balancednessDrift(net, init, w);

        double[] gd = init.clone();
        Trainer.gradientDescent(0.01, (int) (time / 0.01), 0).run(new LinearChainObjective(net, problem, LossConvention.MSE), gd,
                sharpness(4), x -> { });
        double gdDrift = balancednessDrift(net, init, gd);
        System.out.printf(Locale.ROOT, "balancedness drift: flow %.3e (steps %d, rejected %d, evaluations %d),"
                        + " GD η=0.01 %.3e%n", flowDrift, r.acceptedSteps(), r.rejectedSteps(), r.evaluations(),
                gdDrift);
        assertTrue(flowDrift < 1e-9, "flow drift " + flowDrift);
        assertTrue(gdDrift > 1e-6, "GD drift " + gdDrift + ": the check must be able to see a drift");
    }

    @Test
    void oneGradientDescentStepDriftsBalancednessByTheExactIdentity() {
        SplittableRandom rng = new SplittableRandom(41);
        int n = 15;
        int d = 3;
        int p = 2;
        double[] x = RandomNets.gaussian(n * d, 1.0, rng);
        double[] y = RandomNets.gaussian(n * p, 1.0, rng);
        Problem problem = Problem.of(new Dataset("random", new String[]{"a", "b", "c"}, new String[]{"u", "v"}, x, y));
        DeepLinearNet net = DeepLinearNet.of(d, 4, p);
        double[] w = RandomNets.gaussian(net.parameterCount(), 0.7, rng);
        double eta = 0.1;
        for (LossConvention loss : LossConvention.values()) {
            double[][] w1 = net.layer(w, 1);
            double[][] w2 = net.layer(w, 2);
            // G = ∇_E R = (2c/n)(XᵀX E − XᵀY) from the raw data, E = (W_2W_1)ᵀ.
            double[][] xm = new double[n][d];
            double[][] ym = new double[n][p];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, i * d, xm[i], 0, d);
                System.arraycopy(y, i * p, ym[i], 0, p);
            }
            double[][] e = transpose(mul(w2, w1));
            double[][] g = sub(mul(mul(transpose(xm), xm), e), mul(transpose(xm), ym));
            for (double[] row : g) {
                for (int j = 0; j < p; j++) {
                    row[j] *= 2 * loss.factor() / n;
                }
            }
            double[][] before = sub(mul(transpose(w2), w2), mul(w1, transpose(w1)));
            double[] stepped = w.clone();
            Trainer.gradientDescent(eta, 1, 0).run(new LinearChainObjective(net, problem, loss), stepped, sharpness(5), r -> { });
            double[][] after = balancedness(net, stepped)[0];
            // D' = D + η²(W_1GGᵀW_1ᵀ − W_2ᵀGᵀGW_2), no transposition needed in our convention x ↦ W_2W_1x.
            double[][] w1g = mul(w1, g);
            double[][] gw2 = mul(g, w2);
            double[][] term = sub(mul(w1g, transpose(w1g)), mul(transpose(gw2), gw2));
            double[][] predicted = new double[term.length][term.length];
            for (int i = 0; i < term.length; i++) {
                for (int j = 0; j < term.length; j++) {
                    predicted[i][j] = before[i][j] + eta * eta * term[i][j];
                }
            }
            double residual = frob(sub(after, predicted));
            double drift = frob(sub(after, before));
            System.out.printf(Locale.ROOT, "GD drift identity (%s): ‖D'−D‖ = %.3e, residual %.3e%n",
                    loss.label(), drift, residual);
            assertTrue(drift > 1e-3, "the step must change D visibly");
            assertTrue(residual <= 1e-14 * Math.max(1, frob(before)), "identity residual " + residual);
        }
    }

    // ---------------------------------------------------------------- 4. the paper's setting

    @Test
    void paperSettingConvergesAndIsInsensitiveToTheTolerances() {
        Problem fig1 = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));
        DeepLinearNet net = DeepLinearNet.standard(5, 5, 10, 1);
        double[] init = Initialization.parse("small:0.35").create(net, fig1, RandomStreams.of(0, "init"));
        GradientFlow flow = GradientFlow.of(40, 1);
        FlowResult[] runs = new FlowResult[2];
        for (int j = 0; j < 2; j++) {
            double scale = j == 0 ? 1 : 0.5;
            GradientFlow f = flow.withTolerances(scale * flow.absoluteTolerance(), scale * flow.relativeTolerance());
            List<StepRecord> records = new ArrayList<>();
            runs[j] = f.run(new LinearChainObjective(net, fig1, LossConvention.MSE), init.clone(), sharpness(0), records::add);
            assertEquals(41, records.size());
            assertEquals(40, records.get(40).time(), 0);
            assertEquals(StopReason.COMPLETED, runs[j].stopReason());
        }
        TrainResult r = runs[0].result();
        assertTrue(r.finalSqDistance() < 1e-10, "squared distance " + r.finalSqDistance());
        assertTrue(r.finalSharpness().converged());
        double s0 = r.finalSharpness().top();
        double s1 = runs[1].result().finalSharpness().top();
        double rel = Math.abs(s1 - s0) / s0;
        Bounds b = Bounds.of(fig1, 10, LossConvention.MSE);
        System.out.printf(Locale.ROOT, "paper setting: sq distance %.3e, ‖∇R‖ %.3e, S = %.12f (S_lb %.4f, 8LΛ %.4f),"
                        + " halving the tolerances changes S by %.3e relative; steps %d, rejected %d,"
                        + " evaluations %d (halved: %d, %d, %d)%n",
                r.finalSqDistance(), r.finalGradNorm(), s0, b.sharpnessLowerBound(), b.smallInitUpperLine(), rel,
                runs[0].acceptedSteps(), runs[0].rejectedSteps(), runs[0].evaluations(),
                runs[1].acceptedSteps(), runs[1].rejectedSteps(), runs[1].evaluations());
        assertTrue(rel < 1e-8, "relative change " + rel);
        assertTrue(s0 >= b.sharpnessLowerBound() && s0 <= b.smallInitUpperLine());
        assertTrue(runs[0].acceptedSteps() > 0 && runs[0].evaluations() > runs[0].acceptedSteps());
    }

    // ---------------------------------------------------------------- API behaviour

    @Test
    void denseSamplingDoesNotChangeTheStepsAndFollowsTheGrid() {
        SplittableRandom rng = new SplittableRandom(51);
        Problem problem = RandomNets.problem(20, 3, 1, rng);
        DeepLinearNet net = DeepLinearNet.of(3, 4, 4, 1);
        double[] init = RandomNets.gaussian(net.parameterCount(), 0.5, rng);
        double[] coarse = init.clone();
        FlowResult a = GradientFlow.of(3, 100).run(new LinearChainObjective(net, problem, LossConvention.MSE), coarse,
                sharpness(6), x -> { });
        double[] fine = init.clone();
        List<StepRecord> records = new ArrayList<>();
        FlowResult b = GradientFlow.of(3, 0.1).withSharpnessEvery(4).run(
                new LinearChainObjective(net, problem, LossConvention.MSE), fine, sharpness(6), records::add);
        assertEquals(a.acceptedSteps(), b.acceptedSteps());
        assertEquals(a.rejectedSteps(), b.rejectedSteps());
        assertEquals(a.evaluations(), b.evaluations());
        assertArrayEquals(coarse, fine, 0);
        assertEquals(31, records.size());
        for (int k = 0; k < records.size(); k++) {
            StepRecord rec = records.get(k);
            assertEquals(k, rec.step());
            assertEquals(k == 30 ? 3 : k * 0.1, rec.time(), 0);
            assertEquals(k % 4 == 0, rec.sharpness() != null, "sharpness sample at k = " + k);
        }
        assertEquals(30, b.result().stepsDone());
        for (int k = 1; k < records.size(); k++) {
            assertTrue(records.get(k).loss() <= records.get(k - 1).loss(), "the flow decreases the risk");
        }
    }

    @Test
    void gradientToleranceStopsTheFlowAtTheThreshold() {
        SplittableRandom rng = new SplittableRandom(61);
        Problem problem = RandomNets.problem(20, 3, 1, rng);
        DeepLinearNet net = DeepLinearNet.of(3, 4, 1);
        double[] init = RandomNets.gaussian(net.parameterCount(), 0.8, rng);
        double[] w = init.clone();
        List<StepRecord> records = new ArrayList<>();
        FlowResult r = GradientFlow.of(100, 0.5).withStops(List.of(new StopRule(StopRule.Quantity.GRAD_NORM, 1e-4))).run(
                new LinearChainObjective(net, problem, LossConvention.MSE), w, sharpness(7), records::add);
        assertEquals(StopReason.STOP_RULE, r.stopReason());
        assertTrue(r.finalTime() > 0 && r.finalTime() < 100);
        assertEquals(1e-4, r.result().finalGradNorm(), 1e-9);
        assertEquals(r.finalTime(), records.get(records.size() - 1).time(), 0);
        assertTrue(records.subList(0, records.size() - 1).stream().allMatch(x -> x.gradNorm() > 1e-4));

        // Already below the tolerance: stops at t = 0 with one record.
        List<StepRecord> again = new ArrayList<>();
        FlowResult s = GradientFlow.of(100, 0.5).withStops(List.of(new StopRule(StopRule.Quantity.GRAD_NORM, 1e-3))).run(
                new LinearChainObjective(net, problem, LossConvention.MSE), w, sharpness(7), again::add);
        assertEquals(StopReason.STOP_RULE, s.stopReason());
        assertEquals(0, s.finalTime());
        assertEquals(1, again.size());
        assertEquals(0, s.acceptedSteps());
    }

    @Test
    void divergenceAndInterruptionMirrorGradientDescent() {
        SplittableRandom rng = new SplittableRandom(71);
        Problem problem = RandomNets.problem(20, 3, 1, rng);
        DeepLinearNet net = DeepLinearNet.of(3, 4, 1);
        double[] huge = new double[net.parameterCount()];
        java.util.Arrays.fill(huge, 1e200);
        List<StepRecord> records = new ArrayList<>();
        FlowResult d = GradientFlow.of(1, 0.1).run(new LinearChainObjective(net, problem, LossConvention.MSE), huge,
                sharpness(8), records::add);
        assertTrue(d.diverged());
        assertEquals(StopReason.DIVERGED, d.stopReason());
        assertNull(d.weights());
        assertNull(d.result().finalSharpness());
        assertTrue(records.isEmpty());

        double[] w = RandomNets.gaussian(net.parameterCount(), 0.5, rng);
        Thread.currentThread().interrupt();
        try {
            List<StepRecord> rec = new ArrayList<>();
            FlowResult r = GradientFlow.of(10, 0.1).run(new LinearChainObjective(net, problem, LossConvention.MSE), w,
                    sharpness(8), rec::add);
            assertTrue(r.result().interrupted());
            assertEquals(StopReason.INTERRUPTED, r.stopReason());
            assertEquals(0, r.result().stepsDone());
            assertEquals(1, rec.size());
            assertNotNull(r.weights());
            assertFalse(r.diverged());
        } finally {
            Thread.interrupted();
        }
    }
}
