package org.dlnlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code reproduce eos --quick} end to end: every file, the claims, the same CSV bytes on 1 and 2 threads, and
 * resuming a folder with a family lost.
 */
class ReproduceEosQuickTest {
    static final List<String> FIGURES = List.of("e1_sharpness", "e1_loss", "e2_final_sharpness", "e3_final_sharpness");
    static final List<String> CLAIMS = List.of("e1_edge_held", "e1_predicted_loss", "e2_cf_predicts_gd",
            "e2_min_rule_predicts_gd", "e2_failures", "e3_cf_predicts_gd", "e3_min_rule_predicts_gd", "e3_failures");

    @TempDir
    Path root;

    @Test
    void writesEveryFileAndTheSameNumbersOnOneAndTwoThreads() throws IOException {
        Path one = root.resolve("one");
        Path two = root.resolve("two");
        CliTest.Run r1 = CliTest.run("reproduce", "eos", "--quick", "--threads", "1", "--out", one.toString());
        assertEquals(0, r1.code(), r1.err());
        CliTest.Run r2 = CliTest.run("reproduce", "eos", "--quick", "--threads", "2", "--out", two.toString());
        assertEquals(0, r2.code(), r2.err());
        for (String f : FIGURES) {
            assertTrue(Files.size(one.resolve("figures").resolve(f + ".png")) > 0, f);
            assertTrue(Files.size(one.resolve("figures").resolve(f + ".svg")) > 0, f);
        }
        for (String f : List.of("e1.csv", "e1_edge.csv", "e2.csv", "e3.csv", "claims.csv")) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(two.resolve(f)), f);
        }
        String claims = Files.readString(one.resolve("claims.csv"));
        for (String id : CLAIMS) {
            assertTrue(claims.contains(id), id);
            assertTrue(r1.out().contains("  " + id + ": "), id);
        }
        assertTrue(Files.readString(one.resolve("report.html")).contains("e1_sharpness"));
        assertTrue(Files.exists(one.resolve("claims.md")));
        assertTrue(Files.exists(one.resolve("timing.json")));
        assertTrue(Files.exists(one.resolve("results.duckdb")));

        // A family lost after the fact is recomputed alone, to the same bytes; the others are loaded. E1's edge
        // statistics, whose trajectories are then loaded, run their comparisons again to the same numbers.
        for (String family : List.of("e2", "e1_edge")) {
            byte[] lost = Files.readAllBytes(one.resolve(family + ".csv"));
            byte[] claimsBefore = Files.readAllBytes(one.resolve("claims.csv"));
            Files.delete(one.resolve(family + ".csv"));
            Files.delete(one.resolve(".reproduce").resolve(family + ".done"));
            CliTest.Run resumed = CliTest.run("reproduce", "eos", "--quick", "--out", one.toString());
            assertEquals(0, resumed.code(), resumed.err());
            int runs = new org.dlnlab.experiments.papers.eos.EdgeOfStability().families(
                    org.dlnlab.experiments.Reproduction.Scale.QUICK).stream().filter(f -> f.id().equals(family))
                    .mapToInt(f -> f.runs().size()).sum();
            assertTrue(resumed.out().contains(": " + runs + " runs computed"), resumed.out());
            assertArrayEquals(lost, Files.readAllBytes(one.resolve(family + ".csv")), family);
            assertArrayEquals(claimsBefore, Files.readAllBytes(one.resolve("claims.csv")), family);
        }
        CliTest.Run again = CliTest.run("reproduce", "eos", "--quick", "--out", one.toString());
        assertTrue(again.out().contains(": 0 runs computed"), again.out());
    }
}
