package org.dlnlab.experiments.exec;

import org.dlnlab.experiments.spec.RunConfig;
import org.dlnlab.experiments.store.SweepRow;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweep runs on the samples: an activation, SGD's batches, B = n as GD, convergence by the loss. */
class RunnerSamplesTest {
    private static RunConfig run(String activation, int batchSize) {
        // One key for every batch size: the same initialization (its stream is the key's), only the rule differs.
        return new RunConfig("t", "t/act=" + activation, "builtin:mc_nonlinear", null, 3, 5, null,
                "small", 0.5, 0.05, 300, 0, 0, activation, batchSize);
    }

    @Test
    void batchOfAllSamplesIsGradientDescent() {
        Runner runner = new Runner(0);
        for (String a : new String[]{"linear", "gelu"}) {
            SweepRow gd = runner.sweep(run(a, 0));
            SweepRow sgd = runner.sweep(run(a, 50));
            assertFalse(gd.diverged(), a);
            assertEquals(gd.finalLoss(), sgd.finalLoss(), 1e-12 * gd.initLoss(), a);
            assertEquals(gd.finalSharpness(), sgd.finalSharpness(), 1e-10 * gd.finalSharpness(), a);
            assertNotEquals(gd.finalLoss(), runner.sweep(run(a, 5)).finalLoss(), a + ": batches of 5 are not GD");
        }
    }

    @Test
    void aGeluRunHasNoDistanceAndConvergesByItsLoss() {
        SweepRow r = new Runner(0).sweep(new RunConfig("t", "t/gelu", "builtin:mc_nonlinear", null, 3, 5, null,
                "small", 0.5, 0.05, 3000, 0, 0, "gelu", 0));
        assertTrue(Double.isNaN(r.finalSqDistance()));
        double[] y = org.dlnlab.data.DataSources.load("builtin:mc_nonlinear", java.util.List.of()).y();
        double zeroRisk = java.util.Arrays.stream(y).map(v -> v * v).sum() / y.length;
        assertEquals(r.finalLoss() < 1e-3 * zeroRisk, r.converged(), r.finalLoss() + " vs R(0) " + zeroRisk);
    }
}
