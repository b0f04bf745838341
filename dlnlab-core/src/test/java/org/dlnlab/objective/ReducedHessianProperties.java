package org.dlnlab.objective;

import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.testing.Cases;
import org.dlnlab.testing.Cases.Trial;
import org.dlnlab.testing.RandomNets;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Hessian on its range against the closed-form dense Hessian (no shared code with the chains): Hv computed
 * through the range's coordinates equals the dense Hv for every v, the coordinates are an isometry onto a space that
 * contains every Hv, at ordinary points and at points where some a_k or u_k vanish (a zero layer).
 */
class ReducedHessianProperties {
    private static final double TOL = 1e-10;

    private record Case(DeepLinearNet net, Problem problem, LossConvention loss, double[] w) {
        /** The objective with its cache at w. */
        LinearChainObjective objective() {
            LinearChainObjective o = new LinearChainObjective(net, problem, loss);
            o.setPoint(w);
            return o;
        }
    }

    private static Case randomCase(long seed, int depth, boolean projection, boolean zeroLayer) {
        SplittableRandom rng = new SplittableRandom(seed);
        // One net in three has room for layers wider than RangeLinks.PAD: the general path.
        boolean wide = rng.nextInt(3) == 0;
        int d = 1 + rng.nextInt(wide ? 10 : 5);
        Problem problem = RandomNets.problem(6 + rng.nextInt(10), d, 1, rng);
        DeepLinearNet net = projection ? DeepLinearNet.residual(d, depth, RandomNets.gaussian(d, 1, rng))
                : RandomNets.net(d, 1, depth, wide ? 11 : 6, rng);
        double[] w = RandomNets.gaussian(net.parameterCount(), 0.7, rng);
        if (zeroLayer) {
            int k = 1 + rng.nextInt(depth);
            java.util.Arrays.fill(w, net.offset(k), net.offset(k) + net.rows(k) * net.cols(k), 0.0);
        }
        return new Case(net, problem, rng.nextBoolean() ? LossConvention.MSE : LossConvention.HALF_MSE, w);
    }

    /** A property's arguments: a seed, the depth, a residual net or not, a zero layer or not. */
    private record Args(long seed, int depth, boolean projection, boolean zeroLayer) {
        Case point() {
            return randomCase(seed, depth, projection, zeroLayer);
        }
    }

    /** Edge cases: depth {1, 2, 4, 5} × projection × zeroLayer. */
    private static Args hessianArgs(Trial t) {
        return new Args(t.anyLong("seed"), t.intIn("depth", 1, 5), t.anyBoolean("projection"),
                t.anyBoolean("zeroLayer"));
    }

    /** Edge cases: depth {2, 3, 4, 5} × zeroLayer. */
    private static Args unconstrainedArgs(Trial t) {
        return new Args(t.anyLong("seed"), t.intIn("depth", 2, 5), false, t.anyBoolean("zeroLayer"));
    }

    /** Edge cases: depth {1, 2, 5, 6} × projection × zeroLayer. */
    private static Args vectorPathArgs(Trial t) {
        return new Args(t.anyLong("seed"), t.intIn("depth", 1, 6), t.anyBoolean("projection"),
                t.anyBoolean("zeroLayer"));
    }

    private static double[] denseTimes(Case c, double[] v) {
        DMatrixRMaj h = DenseHessian.compute(c.net, c.problem, c.loss, c.w);
        int n = v.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += h.get(i, j) * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double e : x) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** Σ_k (d_k + d_{k−1}): the range's coordinate count. */
    private static int coordinates(DeepLinearNet net) {
        int m = 0;
        for (int k = 1; k <= net.depth(); k++) {
            m += net.rows(k) + net.cols(k);
        }
        return m;
    }

    @Cases.Property(tries = 150, edgeCases = 16)
    void hessianThroughTheRangeEqualsTheDenseHessian(Trial t) {
        Args args = hessianArgs(t);
        long seed = args.seed();
        Case c = args.point();
        LinearChainObjective o = c.objective();
        ReducedHessian r = o.reducedHessian();
        int n = c.w.length;
        if (coordinates(c.net) >= n) {
            assertNull(r, "no reduction when it is not smaller: " + c.net);
            return;
        }
        assertNotNull(r);
        assertEquals(coordinates(c.net), r.dimension());
        double[] v = RandomNets.gaussian(n, 1, new SplittableRandom(seed ^ 0x5eed));
        double[] coords = new double[r.dimension()];
        r.project(v, coords);
        double[] hc = new double[r.dimension()];
        r.apply(coords, hc);
        double[] hv = new double[n];
        r.expand(hc, hv);
        double[] dense = denseTimes(c, v);
        double err = RandomNets.relativeError(hv, dense);
        assertTrue(err <= TOL || norm(dense) <= 1e-12, "H v via the range vs dense: " + err + " on " + c.net);

        // The coordinates are an isometry, P_S is an orthogonal projection, and S contains H v.
        double[] pv = new double[n];
        r.expand(coords, pv);
        assertEquals(norm(coords), norm(pv), 1e-12 * Math.max(1, norm(v)));
        double cross = 0;
        for (int i = 0; i < n; i++) {
            cross += (v[i] - pv[i]) * pv[i];
        }
        assertEquals(0, cross, 1e-11 * norm(v) * norm(v));
        double[] back = new double[r.dimension()];
        r.project(dense, back);
        double[] again = new double[n];
        r.expand(back, again);
        double err2 = RandomNets.relativeError(again, dense);
        assertTrue(err2 <= TOL || norm(dense) <= 1e-12, "P_S H v vs H v: " + err2 + " on " + c.net);
    }

    @Cases.Property(tries = 60, edgeCases = 8)
    void unconstrainedCoordinatesActAsTheirConstrainedPart(Trial t) {
        Args args = unconstrainedArgs(t);
        long seed = args.seed();
        Case c = args.point();
        LinearChainObjective o = c.objective();
        ReducedHessian r = o.reducedHessian();
        if (r == null) {
            return;
        }
        int m = r.dimension();
        SplittableRandom rng = new SplittableRandom(seed + 1);
        double[] x = RandomNets.gaussian(m, 1, rng);
        double[] y = RandomNets.gaussian(m, 1, rng);
        double[] hx = new double[m];
        double[] hy = new double[m];
        r.apply(x, hx);
        r.apply(y, hy);
        // Symmetric on all of R^M: ⟨y, Ax⟩ = ⟨Ay, x⟩.
        double yx = 0;
        double xy = 0;
        for (int i = 0; i < m; i++) {
            yx += y[i] * hx[i];
            xy += hy[i] * x[i];
        }
        assertEquals(yx, xy, 1e-10 * Math.max(1, norm(hx) * norm(y)));
        double[] cx = x.clone();
        r.constrain(cx);
        double[] hcx = new double[m];
        r.apply(cx, hcx);
        assertTrue(RandomNets.relativeError(hx, hcx) <= 1e-12 || norm(hcx) <= 1e-12);
    }

    @Cases.Property(tries = 100, edgeCases = 16)
    void vectorPathOfNarrowNetsEqualsTheGeneralPath(Trial t) {
        Args args = vectorPathArgs(t);
        long seed = args.seed();
        Case c = args.point();
        LinearChainObjective o = c.objective();
        ReducedHessian fused = o.reducedHessian();
        if (fused == null) {
            return;
        }
        ReducedHessian general = new ReducedHessian(o, false);
        general.refresh();
        int m = fused.dimension();
        // Unconstrained coordinates with a large spread, so that every lane and every correction term counts.
        SplittableRandom rng = new SplittableRandom(seed + 7);
        double[] x = RandomNets.gaussian(m, 1, rng);
        for (int i = 0; i < m; i++) {
            x[i] *= Math.exp(2 * rng.nextGaussian());
        }
        double[] a = new double[m];
        double[] b = new double[m];
        fused.apply(x, a);
        general.apply(x, b);
        for (int i = 0; i < m; i++) {
            // The same operations in the same order in every lane: equal as numbers (a zero's sign aside).
            assertTrue(a[i] == b[i], "coordinate " + i + ": " + a[i] + " vs " + b[i] + " on " + c.net);
        }
    }

    /** The share of a property's cases that have a reduced Hessian; the others return early. */
    private static double shareWithReducedHessian(String property, Function<Trial, Args> args) {
        List<Args> cases = Cases.trials(ReducedHessianProperties.class, property).map(args).toList();
        long reduced = cases.stream().filter(a -> a.point().objective().reducedHessian() != null).count();
        return reduced / (double) cases.size();
    }

    /**
     * The three properties above return early where the net has no reduced Hessian (a depth-1 net, or hidden
     * widths so small that Σ_k (d_k + d_{k−1}) ≥ N; the first after checking that there is none): most of their
     * cases must get past that. Measured shares of
     * cases with a reduced Hessian, in the order of the properties: 68.7 %, 86.7 %, 71.0 % with the default base
     * seed; over 1000 other base seeds 65 %, 80 %, 67 % on average and 53 %, 62 %, 54 % at the lowest. Hence the
     * thresholds: at least 50 %, 60 %, 50 %.
     */
    @Test
    void mostCasesHaveAReducedHessian() {
        double hessian = shareWithReducedHessian("hessianThroughTheRangeEqualsTheDenseHessian",
                ReducedHessianProperties::hessianArgs);
        assertTrue(hessian >= 0.5, "hessianThroughTheRangeEqualsTheDenseHessian: only " + hessian
                + " of the cases have a reduced Hessian (base seed " + Cases.BASE_SEED + ")");
        double unconstrained = shareWithReducedHessian("unconstrainedCoordinatesActAsTheirConstrainedPart",
                ReducedHessianProperties::unconstrainedArgs);
        assertTrue(unconstrained >= 0.6, "unconstrainedCoordinatesActAsTheirConstrainedPart: only " + unconstrained
                + " of the cases have a reduced Hessian (base seed " + Cases.BASE_SEED + ")");
        double vectorPath = shareWithReducedHessian("vectorPathOfNarrowNetsEqualsTheGeneralPath",
                ReducedHessianProperties::vectorPathArgs);
        assertTrue(vectorPath >= 0.5, "vectorPathOfNarrowNetsEqualsTheGeneralPath: only " + vectorPath
                + " of the cases have a reduced Hessian (base seed " + Cases.BASE_SEED + ")");
    }
}
