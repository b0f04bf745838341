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

/** {@code reproduce eos --quick} end to end: every file, the claims, and the same CSV bytes on 1 and 2 threads. */
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
        for (String f : List.of("e1.csv", "e2.csv", "e3.csv", "claims.csv")) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(two.resolve(f)), f);
        }
        String claims = Files.readString(one.resolve("claims.csv"));
        for (String id : CLAIMS) {
            assertTrue(claims.contains(id), id);
            assertTrue(r1.out().contains("  " + id + ": "), id);
        }
        assertTrue(Files.readString(one.resolve("report.html")).contains("e1_sharpness"));
        assertTrue(Files.exists(one.resolve("claims.md")));
    }
}
