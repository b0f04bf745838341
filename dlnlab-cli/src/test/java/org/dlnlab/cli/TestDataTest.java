package org.dlnlab.cli;

import org.dlnlab.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.dlnlab.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --test-data: the test risk of the trained function, the test set standardized with the training statistics. */
class TestDataTest {
    private static double[][] rows(SplittableRandom rng, int n, double shift) {
        double[][] r = new double[n][3];
        for (int i = 0; i < n; i++) {
            r[i][0] = 10 * rng.nextGaussian() + shift;
            r[i][1] = 0.1 * rng.nextGaussian() - shift;
            r[i][2] = 0.3 * r[i][0] + 20 * r[i][1] + rng.nextGaussian();
        }
        return r;
    }

    private static Path csv(Path dir, String name, double[][] rows) throws Exception {
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (double[] r : rows) {
            sb.append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void testRiskIsThatOfTheTrainedFunctionOnTrainStandardizedData(@TempDir Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(8);
        double[][] train = rows(rng, 60, 0);
        double[][] test = rows(rng, 25, 3); // shifted: its own statistics would differ
        Path out = dir.resolve("run");
        Run r = run("train", "--data", csv(dir, "train.csv", train).toString(), "--test-data",
                csv(dir, "test.csv", test).toString(), "--standardize", "zscore", "--depth", "2", "--width", "3",
                "--init", "small:0.3", "--lr", "0.05", "--steps", "2000", "--track", "test:100", "--out",
                out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        // The oracle: z-score with the training columns' mean and population std, E = W2 W1, mean squared error.
        JsonNode weights = JsonMapper.builder().build().readTree(out.resolve("final_weights.json").toFile());
        JsonNode w1 = weights.get("layers").get(0);
        JsonNode w2 = weights.get("layers").get(1);
        double[] e = new double[2];
        for (int j = 0; j < 2; j++) {
            for (int h = 0; h < w1.size(); h++) {
                e[j] += w2.get(0).get(h).asDouble() * w1.get(h).get(j).asDouble();
            }
        }
        double[] mean = new double[3];
        double[] std = new double[3];
        for (double[] row : train) {
            for (int c = 0; c < 3; c++) {
                mean[c] += row[c] / train.length;
            }
        }
        for (double[] row : train) {
            for (int c = 0; c < 3; c++) {
                std[c] += (row[c] - mean[c]) * (row[c] - mean[c]) / train.length;
            }
        }
        double risk = 0;
        for (double[] row : test) {
            double prediction = e[0] * (row[0] - mean[0]) / Math.sqrt(std[0]) + e[1] * (row[1] - mean[1])
                    / Math.sqrt(std[1]);
            double residual = (row[2] - mean[2]) - prediction;
            risk += residual * residual / test.length;
        }
        JsonNode o = r.json();
        assertEquals(risk, o.get("test_risk").asDouble(), 1e-10 * risk);
        assertEquals(risk - o.get("final_loss").asDouble(), o.get("generalization_gap").asDouble(), 1e-10 * risk);
        List<String> lines = Files.readAllLines(out.resolve("trajectory.csv"));
        assertTrue(lines.get(0).endsWith(",test_loss"), lines.get(0));
        String[] last = lines.get(lines.size() - 1).split(",", -1);
        assertEquals(o.get("test_risk").asDouble(), Double.parseDouble(last[last.length - 1]), 0);
        assertEquals("", lines.get(2).split(",", -1)[5], "no test sample at step 1");
        Run missing = run("train", "--depth", "2", "--lr", "0.05", "--steps", "10", "--track", "test:5", "--out",
                dir.resolve("m").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--test-data"), missing.err());
        Run wrongShape = run("train", "--depth", "2", "--lr", "0.05", "--steps", "10", "--test-data",
                "builtin:diabetes", "--out", dir.resolve("w").toString());
        assertEquals(2, wrongShape.code());
        assertTrue(wrongShape.err().contains("--test-data builtin:diabetes"), wrongShape.err());
    }
}
