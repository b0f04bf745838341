package org.dlnlab.cli;

import org.dlnlab.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.dlnlab.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run.json, the record in weights files, and the commands that read it back. */
class ProvenanceTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Columns on very different scales, so that z-scoring changes every number. */
    private static Path data(Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder("id_free,x1,x2,y\n");
        for (int i = 0; i < 40; i++) {
            double a = 100 * rng.nextGaussian() + 50;
            double b = 0.01 * rng.nextGaussian();
            sb.append(rng.nextGaussian()).append(',').append(a).append(',').append(b).append(',')
                    .append(0.02 * a + 300 * b + 0.1 * rng.nextGaussian()).append('\n');
        }
        Path f = dir.resolve("reg.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    private static Run train(Path data, Path out, String steps) {
        return run("train", "--data", data.toString(), "--standardize", "zscore", "--depth", "3", "--init",
                "small:0.3", "--lr", "0.05", "--steps", steps, "--out", out.toString(), "--json");
    }

    @Test
    void checkOnRecordedWeightsUsesTheRecordedPreprocessing(@TempDir Path dir) throws Exception {
        Path csv = data(dir);
        Path out = dir.resolve("run");
        Run t = train(csv, out, "400");
        assertEquals(0, t.code(), t.err());
        double trained = t.json().get("final_sharpness").asDouble();
        String weights = out.resolve("final_weights.json").toString();
        Run c = run("check", "--weights", weights, "--json");
        assertEquals(0, c.code(), c.err());
        assertEquals(trained, c.json().get("sharpness").asDouble(), 1e-9 * trained);
        Run s = run("sharpness", "--weights", weights, "--json");
        assertEquals(trained, s.json().get("sharpness").asDouble(), 1e-9 * trained);
        // The mistake the record prevents: the raw columns give another sharpness...
        Run raw = run("check", "--weights", weights, "--data", csv.toString(), "--standardize", "none",
                "--ignore-recorded", "--json");
        assertEquals(0, raw.code(), raw.err());
        assertNotEquals(trained, raw.json().get("sharpness").asDouble(), 1e-3 * trained);
        // ... so typing them without --ignore-recorded is refused, naming both.
        Run contradicting = run("check", "--weights", weights, "--standardize", "none");
        assertEquals(2, contradicting.code());
        assertTrue(contradicting.err().contains("--standardize none") && contradicting.err().contains("zscore"),
                contradicting.err());
        // A changed data file is not silently used.
        Files.writeString(csv, Files.readString(csv).replaceFirst("\n", "\n0,1,2,3\n"));
        Run changed = run("sharpness", "--weights", weights);
        assertEquals(2, changed.code());
        assertTrue(changed.err().contains("SHA-256"), changed.err());
    }

    @Test
    void weightsWithoutARecordNeedTypedData(@TempDir Path dir) throws Exception {
        Path w = dir.resolve("w.json");
        Files.writeString(w, "{\"layers\": [[[1, 2, 3, 4, 5]]]}");
        Run r = run("sharpness", "--weights", w.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give --data"), r.err());
        assertEquals(0, run("sharpness", "--weights", w.toString(), "--data", "builtin:mc_fig1").code());
    }

    @Test
    void runJsonRecordsTheRunAndGuardsItsFolder(@TempDir Path dir) throws Exception {
        Path csv = data(dir);
        Path out = dir.resolve("run");
        Run first = train(csv, out, "300");
        assertEquals(0, first.code(), first.err());
        JsonNode record = MAPPER.readTree(out.resolve("run.json").toFile());
        JsonNode settings = record.get("settings");
        assertEquals("300", settings.get("--steps").asString());
        assertEquals("zscore", settings.get("--standardize").asString());
        assertEquals(csv.toString(), settings.get("--data").asString());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(csv)));
        assertEquals(sha, settings.get("data_sha256").asString());
        assertEquals("train", record.get("command_line").get(0).asString());
        assertEquals(4, record.get("network").get("widths").size());
        assertEquals(settings, first.json().get("settings"));
        String trajectory = Files.readString(out.resolve("trajectory.csv"));
        // The same settings redo the run, to the same bytes.
        assertEquals(0, train(csv, out, "300").code());
        assertEquals(trajectory, Files.readString(out.resolve("trajectory.csv")));
        // A run.json written before an option existed (unset now) still counts as the same settings.
        Files.writeString(out.resolve("run.json"), Files.readString(out.resolve("run.json"))
                .replace("\"--weights\" : null,", ""));
        assertEquals(0, train(csv, out, "300").code());
        // Other settings are refused, naming the difference, unless forced.
        Run other = train(csv, out, "100");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("--steps: 300 there, 100 now"), other.err());
        assertEquals(trajectory, Files.readString(out.resolve("trajectory.csv")));
        Run forced = run("train", "--data", csv.toString(), "--standardize", "zscore", "--depth", "3", "--init",
                "small:0.3", "--lr", "0.05", "--steps", "100", "--out", out.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals("100", MAPPER.readTree(out.resolve("run.json").toFile()).get("settings").get("--steps")
                .asString());
    }
}
