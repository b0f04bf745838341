package org.dlnlab.objective;

import org.dlnlab.curvature.Hessian;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.Activation;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.StandardActivation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Risk, dense Hessian and the extreme eigenvalues of small networks with activations against PyTorch's autograd in
 * float64: {@code dlnlab/hessians/hessians.json}, made by the script beside it (make_hessians.py), which shares no
 * code with dlnlab. GELU (exact), tanh, leaky ReLU and the identity, with and without a projection, mse and half-mse.
 */
class DenseHessianFixtureTest {
    /** One fixture case as dlnlab sees it. */
    record Case(String what, Objective objective, double[] w, double risk, double[] hessian, double[] eigenvalues) {
    }

    static java.util.List<Case> cases() throws Exception {
        JsonNode root;
        try (InputStream in = DenseHessianFixtureTest.class.getResourceAsStream("/dlnlab/hessians/hessians.json")) {
            root = JsonMapper.builder().build().readTree(in);
        }
        java.util.List<Case> list = new java.util.ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            int[] widths = ints(c.get("widths"));
            double[] x = doubles(c.get("x"));
            double[] y = doubles(c.get("y"));
            int d = widths[0];
            boolean projection = !c.get("projection").isNull();
            int p = projection ? 1 : widths[widths.length - 1];
            DeepLinearNet net = projection
                    ? DeepLinearNet.residual(d, widths.length - 1, doubles(c.get("projection")))
                    : DeepLinearNet.of(widths);
            Dataset data = new Dataset("fixture", names("x", d), names("y", p), x, y);
            Activation sigma = Activation.parse(c.get("activation").asString());
            LossConvention loss = LossConvention.parse(c.get("loss").asString());
            Objective o = Objective.of(net, sigma, Problem.of(data), data, loss);
            list.add(new Case(sigma.label() + " " + java.util.Arrays.toString(widths) + (projection ? "+P" : "")
                    + " " + loss.label(), o, doubles(c.get("w")), c.get("risk").asDouble(),
                    doubles(c.get("hessian")), doubles(c.get("eigenvalues"))));
        }
        return list;
    }

    @Test
    void riskAndDenseHessianEqualAutograds() throws Exception {
        int nonlinear = 0;
        for (Case c : cases()) {
            double r = c.objective.setPoint(c.w);
            assertEquals(c.risk, r, 1e-13 * c.risk, c.what);
            Hessian h = c.objective.hessianAt(c.w);
            double[] dense = h.dense();
            double scale = 0;
            for (double v : c.hessian) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < dense.length; i++) {
                assertEquals(c.hessian[i], dense[i], 1e-12 * scale, c.what + " entry " + i);
            }
            if (!(c.objective instanceof LinearChainObjective)) {
                nonlinear++;
            }
        }
        assertEquals(9, nonlinear, "every activation but the identity runs on the samples");
    }

    /** The acceptance: Lanczos' sharpness (and λ_min) of GELU and tanh nets equal the eigenvalues to 1e-8. */
    @Test
    void lanczosEndsOfTheSpectrumEqualAutogradsEigenvalues() throws Exception {
        for (Case c : cases()) {
            Hessian h = c.objective.hessianAt(c.w);
            double top = c.eigenvalues[c.eigenvalues.length - 1];
            double bottom = c.eigenvalues[0];
            double scale = Math.max(Math.abs(top), Math.abs(bottom));
            Sharpness.Options opts = Sharpness.Options.defaults();
            var largest = new Sharpness(opts, new SplittableRandom(1)).at(h);
            assertTrue(largest.converged(), c.what);
            assertEquals(top, largest.top(), 1e-8 * Math.abs(top), c.what + " λ_max");
            var smallest = new Sharpness(opts, new SplittableRandom(2)).smallestAt(h);
            assertEquals(bottom, smallest.top(), 1e-8 * scale, c.what + " λ_min");
        }
    }

    @Test
    void theIdentityKeepsTheLinearChains() {
        DeepLinearNet net = DeepLinearNet.of(2, 3, 1);
        Dataset data = new Dataset("t", names("x", 2), names("y", 1), new double[]{1, 2, 3, 4}, new double[]{1, 2});
        assertTrue(Objective.of(net, StandardActivation.LINEAR, Problem.of(data), data, LossConvention.MSE)
                instanceof LinearChainObjective);
        assertTrue(Objective.of(net, StandardActivation.GELU, Problem.of(data), data, LossConvention.MSE)
                instanceof SampleObjective);
    }

    private static String[] names(String prefix, int count) {
        String[] s = new String[count];
        for (int i = 0; i < count; i++) {
            s[i] = prefix + (i + 1);
        }
        return s;
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    private static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }
}
