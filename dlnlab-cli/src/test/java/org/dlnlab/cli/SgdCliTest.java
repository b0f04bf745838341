package org.dlnlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --optimizer sgd --batch-size B through the command. */
class SgdCliTest {
    @TempDir
    Path dir;

    private JsonNode train(String name, String... extra) {
        String[] base = {"train", "--data", "builtin:mc_nonlinear", "--depth", "3", "--init", "small:0.5", "--lr",
                "0.02", "--steps", "200", "--track", "sharpness:100", "--out", dir.resolve(name).toString(), "--json"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliTest.Run r = CliTest.run(args);
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    @Test
    void batchOfAllSamplesIsGradientDescentLinearAndGelu() {
        for (String activation : new String[]{"linear", "gelu"}) {
            JsonNode gd = train("gd-" + activation, "--activation", activation);
            JsonNode sgd = train("sgd-" + activation, "--activation", activation, "--optimizer", "sgd",
                    "--batch-size", "50");
            assertEquals(50, sgd.get("batch_size").asInt());
            double[] a = weights("gd-" + activation);
            double[] b = weights("sgd-" + activation);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < a.length; i++) {
                diff += (a[i] - b[i]) * (a[i] - b[i]);
                norm += a[i] * a[i];
            }
            assertTrue(Math.sqrt(diff / norm) < 1e-12, activation + ": " + Math.sqrt(diff / norm));
            double sharp = gd.get("final_sharpness").asDouble();
            assertEquals(sharp, sgd.get("final_sharpness").asDouble(), 1e-10 * sharp, activation);
            JsonNode small = train("sgd5-" + activation, "--activation", activation, "--optimizer", "sgd",
                    "--batch-size", "5");
            assertTrue(Math.abs(small.get("final_loss").asDouble() - gd.get("final_loss").asDouble())
                    > 1e-6 * gd.get("final_loss").asDouble(), "batches of 5 are not GD");
        }
    }

    private double[] weights(String run) {
        return org.dlnlab.init.WeightsFile.read(dir.resolve(run).resolve("final_weights.json")).parameters();
    }

    @Test
    void batchSizesOutsideOneToNAndMisplacedOptionsAreExitTwo() {
        String[][] bad = {{"--batch-size 0", "--optimizer", "sgd", "--batch-size", "0"},
                {"--batch-size 51", "--optimizer", "sgd", "--batch-size", "51"},
                {"--batch-size:", "--optimizer", "sgd"},
                {"--batch-size:", "--batch-size", "5"}};
        for (String[] c : bad) {
            String[] base = {"train", "--data", "builtin:mc_nonlinear", "--depth", "2", "--lr", "0.1", "--steps", "2",
                    "--out", dir.resolve("bad").toString()};
            String[] args = java.util.Arrays.copyOf(base, base.length + c.length - 1);
            System.arraycopy(c, 1, args, base.length, c.length - 1);
            CliTest.Run r = CliTest.run(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("dlnlab: " + c[0]), r.err());
        }
    }
}
