package org.dlnlab.cli;

import org.dlnlab.init.WeightsFile;
import org.dlnlab.model.DeepLinearNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --activation through the commands: sharpness against PyTorch's dense Hessians (the fixture of dlnlab-core,
 * made by its make_hessians.py), weights that record their activation, the linear default unchanged, and the
 * refusals of what only a linear net has.
 */
class ActivationCliTest {
    private static final Path FIXTURE = Path.of("..", "dlnlab-core", "src", "test", "resources", "dlnlab",
            "hessians", "hessians.json");

    @TempDir
    Path dir;

    private static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    /** GELU and tanh nets of one output: the command's sharpness and λ_min are autograd's extreme eigenvalues. */
    @Test
    void sharpnessOfGeluAndTanhNetsIsAutogradsTopEigenvalue() throws Exception {
        JsonNode root = JsonMapper.builder().build().readTree(FIXTURE.toFile());
        int checked = 0;
        for (JsonNode c : root.get("cases")) {
            String activation = c.get("activation").asString();
            JsonNode widths = c.get("widths");
            if (!(activation.equals("gelu") || activation.equals("tanh")) || !c.get("projection").isNull()
                    || widths.get(widths.size() - 1).asInt() != 1) {
                continue;
            }
            int[] w = new int[widths.size()];
            for (int k = 0; k < w.length; k++) {
                w[k] = widths.get(k).asInt();
            }
            int d = w[0];
            StringBuilder csv = new StringBuilder();
            for (int j = 0; j < d; j++) {
                csv.append("x").append(j + 1).append(',');
            }
            csv.append("y\n");
            JsonNode x = c.get("x");
            JsonNode y = c.get("y");
            for (int i = 0; i < y.size(); i++) {
                for (int j = 0; j < d; j++) {
                    csv.append(x.get(i * d + j).asDouble()).append(',');
                }
                csv.append(y.get(i).asDouble()).append('\n');
            }
            Path data = dir.resolve("data" + checked + ".csv");
            Files.writeString(data, csv);
            double[] params = new double[c.get("w").size()];
            for (int i = 0; i < params.length; i++) {
                params[i] = c.get("w").get(i).asDouble();
            }
            Path weights = dir.resolve("w" + checked + ".json");
            WeightsFile.write(weights, WeightsFile.Format.JSON, DeepLinearNet.of(w), params, null);
            JsonNode eig = c.get("eigenvalues");
            double top = eig.get(eig.size() - 1).asDouble();
            double bottom = eig.get(0).asDouble();
            CliTest.Run r = run("sharpness", "--weights", weights.toString(), "--data", data.toString(),
                    "--activation", activation, "--loss", c.get("loss").asString(), "--which", "both", "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode o = r.json();
            String what = activation + " " + widths;
            assertEquals(top, o.get("sharpness").asDouble(), 1e-8 * Math.abs(top), what);
            assertEquals(bottom, o.get("smallest_eigenvalues").get(0).asDouble(), 1e-8 * Math.abs(top), what);
            assertEquals(c.get("risk").asDouble(), o.get("loss").asDouble(), 1e-13 * c.get("risk").asDouble(), what);
            checked++;
        }
        assertEquals(3, checked);
    }

    @Test
    void weightsRecordTheirActivationAndAreMeasuredWithIt() {
        Path out = dir.resolve("run");
        CliTest.Run t = run("train", "--data", "builtin:mc_nonlinear", "--depth", "3", "--activation", "gelu",
                "--init", "small:0.5", "--lr", "0.02", "--steps", "50", "--track", "sharpness:25", "--out",
                out.toString(), "--json");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.json().get("final_sq_distance").isNull(), "a GELU net has no end-to-end matrix");
        String weights = out.resolve("final_weights.json").toString();
        CliTest.Run recorded = run("sharpness", "--weights", weights, "--json");
        CliTest.Run typed = run("sharpness", "--weights", weights, "--activation", "gelu", "--json");
        assertEquals(0, recorded.code(), recorded.err());
        double s = recorded.json().get("sharpness").asDouble();
        assertEquals(t.json().get("final_sharpness").asDouble(), s, 1e-9 * s);
        assertEquals(s, typed.json().get("sharpness").asDouble(), 0.0);
        CliTest.Run other = run("sharpness", "--weights", weights, "--activation", "tanh");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("--activation tanh") && other.err().contains("--activation gelu"),
                other.err());
        CliTest.Run check = run("check", "--weights", weights);
        assertEquals(2, check.code());
        assertTrue(check.err().contains("check: not for a network with --activation gelu"), check.err());
    }

    @Test
    void linearIsTheDefaultBitForBit() {
        CliTest.Run plain = run("train", "--depth", "4", "--lr", "0.05", "--steps", "100", "--out",
                dir.resolve("a").toString(), "--json");
        CliTest.Run linear = run("train", "--depth", "4", "--lr", "0.05", "--steps", "100", "--activation", "linear",
                "--out", dir.resolve("b").toString(), "--json");
        assertEquals(0, linear.code(), linear.err());
        for (String key : new String[]{"final_loss", "final_sharpness", "final_sq_distance"}) {
            assertEquals(plain.json().get(key).asDouble(), linear.json().get(key).asDouble(), 0.0, key);
        }
        CliTest.Run gelu = run("train", "--depth", "4", "--lr", "0.05", "--steps", "100", "--activation", "gelu",
                "--out", dir.resolve("c").toString(), "--json");
        assertNotEquals(plain.json().get("final_loss").asDouble(), gelu.json().get("final_loss").asDouble());
    }

    @Test
    void badActivationsAndLinearOnlyDiagnosticsAreExitTwoNamingTheOption() {
        String[][] bad = {
                {"--activation sigmoid", "sharpness", "--depth", "2", "--activation", "sigmoid"},
                {"--activation leaky-relu:1.5", "sharpness", "--depth", "2", "--activation", "leaky-relu:1.5"},
                {"--activation leaky-relu:0", "train", "--depth", "2", "--lr", "0.1", "--steps", "2", "--activation",
                        "leaky-relu:0", "--out", dir.resolve("x").toString()},
                {"--check-theory", "train", "--depth", "2", "--lr", "0.1", "--steps", "2", "--activation", "tanh",
                        "--check-theory", "--out", dir.resolve("y").toString()},
                {"--track structure:5", "train", "--depth", "2", "--lr", "0.1", "--steps", "2", "--activation",
                        "gelu", "--track", "structure:5", "--out", dir.resolve("z").toString()},
                {"--stop-when", "train", "--depth", "2", "--lr", "0.1", "--steps", "2", "--activation", "relu",
                        "--stop-when", "sq_distance<1e-3", "--out", dir.resolve("v").toString()},
                {"--trace-method exact", "sharpness", "--depth", "2", "--activation", "gelu", "--trace"},
                {"--sharpen", "sharpness", "--depth", "2", "--activation", "tanh", "--sharpen", "3"},
        };
        for (String[] c : bad) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliTest.Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("dlnlab: " + c[0]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        CliTest.Run hutchinson = run("sharpness", "--depth", "2", "--activation", "gelu", "--trace-method",
                "hutchinson:20", "--json");
        assertEquals(0, hutchinson.code(), hutchinson.err());
    }
}
