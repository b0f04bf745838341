package org.dlnlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CentralFlowCommandTest {
    @TempDir
    Path dir;

    @Test
    void ridesTheEdgeAndWritesItsColumns() throws IOException {
        Path out = dir.resolve("cf");
        CliTest.Run r = CliTest.run("train", "--optimizer", "central-flow", "--data", "builtin:mc_fig1", "--depth",
                "10", "--lr", "0.1", "--steps", "60", "--log-every", "7", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals("completed", o.get("stop_reason").asString());
        assertEquals(60, o.get("steps").asInt());
        assertEquals(20.0, o.get("stability_limit").asDouble(), 1e-12);
        int edge = o.get("edge_step").asInt();
        assertTrue(edge > 0 && edge < 60, "edge at " + edge);
        assertTrue(o.get("max_edge_deviation").asDouble() < 0.05);
        assertEquals(20.0, o.get("final_sharpness").asDouble(), 1e-3);
        assertEquals(1, o.get("active_set_changes").get(0).get("to").asInt());
        List<String> rows = Files.readAllLines(out.resolve("trajectory.csv"));
        assertEquals(CentralFlowTrain.HEADER, rows.get(0));
        // Rows at 0, 7, …, 56 and the last point, 60.
        assertEquals(1 + 9 + 1, rows.size());
        String[] last = rows.get(rows.size() - 1).split(",");
        assertEquals("60", last[0]);
        assertEquals("1", last[8]);
        double predicted = Double.parseDouble(last[9]);
        double loss = Double.parseDouble(last[2]);
        double sigma2 = Double.parseDouble(last[7]);
        assertEquals(loss + sigma2 / 0.1, predicted, 1e-12);
        assertTrue(sigma2 > 0);
        assertTrue(Files.exists(out.resolve("final_weights.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--method=power", "--momentum=0.5", "--time=3", "--track=sharpness:5", "--cf-max-active=4",
            "--cf-scheme=rk4"})
    void refusesWhatItCannotHonour(String option) {
        CliTest.Run r = CliTest.run("train", "--optimizer", "central-flow", "--depth", "3", "--lr", "0.1", "--steps",
                "5", option, "--out", dir.resolve("x").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(option.substring(0, option.indexOf('='))), r.err());
    }
}
