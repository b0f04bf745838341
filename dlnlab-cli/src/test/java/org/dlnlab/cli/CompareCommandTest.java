package org.dlnlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesThePerStepComparisonAndItsMaxima() throws IOException {
        Path out = dir.resolve("cmp");
        CliTest.Run r = CliTest.run("compare", "--data", "builtin:mc_fig1", "--depth", "10", "--lr", "0.1", "--steps",
                "60", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        List<String> rows = Files.readAllLines(out.resolve("compare.csv"));
        assertEquals(CompareCommand.HEADER, rows.get(0));
        assertEquals(62, rows.size());
        List<String> header = List.of(CompareCommand.HEADER.split(","));
        double maxCf = 0;
        double maxFlow = 0;
        for (int t = 1; t < rows.size(); t++) {
            String[] f = rows.get(t).split(",", -1);
            maxCf = Math.max(maxCf, Double.parseDouble(f[header.indexOf("beta_distance_cf")]));
            maxFlow = Math.max(maxFlow, Double.parseDouble(f[header.indexOf("beta_distance_flow")]));
        }
        assertEquals(maxCf, o.get("max_beta_distance_cf").asDouble(), 0);
        assertEquals(maxFlow, o.get("max_beta_distance_flow").asDouble(), 0);
        // One start: every distance and loss agrees at step 0.
        String[] first = rows.get(1).split(",", -1);
        assertEquals(0, Double.parseDouble(first[header.indexOf("beta_distance_cf")]), 0);
        assertEquals(Double.parseDouble(first[header.indexOf("loss_gd")]),
                Double.parseDouble(first[header.indexOf("loss_cf")]), 0);
        assertTrue(o.get("central_flow_edge_step").asInt() > 0);
        for (String f : List.of("compare_loss.png", "compare_loss.svg", "compare_sharpness.png",
                "compare_sharpness.svg")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    /** --cf-scheme passes through: the adaptive central flow rides the edge next to GD, refused with K > 1. */
    @Test
    void runsTheAdaptiveCentralFlow() throws IOException {
        Path out = dir.resolve("adaptive");
        CliTest.Run r = CliTest.run("compare", "--optimizers", "gd,central-flow", "--cf-scheme", "adaptive", "--data",
                "builtin:mc_fig1", "--depth", "10", "--lr", "0.1", "--steps", "60", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals("adaptive", o.get("central_flow_scheme").asString());
        assertEquals(34, o.get("central_flow_edge_step").asInt());
        assertTrue(o.get("central_flow_max_edge_deviation").asDouble() < 1e-7);
        List<String> rows = Files.readAllLines(out.resolve("compare.csv"));
        assertEquals(62, rows.size());
        String[] last = rows.get(61).split(",", -1);
        assertEquals(20.0, Double.parseDouble(last[List.of(CompareCommand.HEADER.split(",")).indexOf("sharpness_cf")]),
                1e-6);
        CliTest.Run refused = CliTest.run("compare", "--cf-scheme", "adaptive", "--cf-max-active", "2", "--depth", "3",
                "--lr", "0.1", "--steps", "5", "--out", dir.resolve("x").toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("--cf-max-active"), refused.err());
    }

    @Test
    void refusesUnknownOrTooFewOptimizers() {
        for (String which : List.of("gd,adam", "gd")) {
            CliTest.Run r = CliTest.run("compare", "--optimizers", which, "--depth", "3", "--lr", "0.1", "--steps",
                    "5", "--out", dir.resolve("x").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--optimizers"), r.err());
        }
    }
}
