package org.dlnlab.bench;

import org.dlnlab.RandomStreams;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.StandardActivation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeluWorkloadTest {
    /**
     * The target judges the train command where it was measured, whatever the engine's early window says, and the
     * engine's figure only when the command was not run.
     */
    @Test
    void targetJudgesTheCommandWhenItWasMeasured() {
        GeluWorkload g = new GeluWorkload();
        g.step = 12e-6;
        g.activations = 5e-6;
        g.matrixFlops = 69_000;
        g.matrixRateGflops = 20;
        assertEquals(Boolean.TRUE, g.target().pass());
        g.commandStep = 19e-6;
        Targets.Target t = g.target();
        assertEquals(Boolean.FALSE, t.pass());
        assertTrue(t.name().contains("train command") && t.name().contains("12.00 µs"), t.name());
        g.commandStep = 14e-6;
        assertEquals(Boolean.TRUE, g.target().pass());
    }

    /** The activations the GELU bound times are the workload's pre-activations: a plain forward pass, sample by sample. */
    @Test
    void boundTimesTheHiddenPreActivationsOfEverySample() {
        Dataset data = DataSources.load("builtin:mc_nonlinear", List.of());
        DeepLinearNet net = DeepLinearNet.standard(5, 5, 10, 1);
        double[] w = Initialization.parse("small:" + GeluWorkload.INIT_SCALE).create(net, Problem.of(data),
                RandomStreams.of(0, "init"));
        double[] z = GeluWorkload.preActivations(net, data, w);
        assertEquals(50 * 9 * 5, z.length);
        // Layer by layer, feature-major: entry j of sample i of layer k at 250·(k − 1) + 50·j + i.
        for (int i = 0; i < data.n(); i++) {
            double[] h = new double[5];
            System.arraycopy(data.x(), 5 * i, h, 0, 5);
            for (int k = 1; k < 10; k++) {
                double[] next = new double[5];
                for (int j = 0; j < 5; j++) {
                    double s = 0;
                    for (int l = 0; l < 5; l++) {
                        s += w[net.offset(k) + 5 * j + l] * h[l];
                    }
                    assertEquals(s, z[250 * (k - 1) + 50 * j + i], 1e-15 * (1 + Math.abs(s)), "z_" + k);
                    next[j] = StandardActivation.GELU.value(s);
                }
                h = next;
            }
        }
    }
}
