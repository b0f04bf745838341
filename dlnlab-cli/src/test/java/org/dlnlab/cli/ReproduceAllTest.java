package org.dlnlab.cli;

import org.dlnlab.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.dlnlab.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code reproduce all}: every paper, each in a subfolder of --out named after it. */
class ReproduceAllTest {
    @Test
    void allReproducesEachPaperInItsOwnFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("all");
        Run r = run("reproduce", "all", "--quick", "--threads", "2", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String paper : new String[]{"marion-chizat", "gidel", "eos"}) {
            assertTrue(r.out().contains("reproduce " + paper + " ("), r.out());
            assertTrue(Files.isRegularFile(out.resolve(paper).resolve("report.html")), paper);
            assertTrue(Files.isRegularFile(out.resolve(paper).resolve("claims.csv")), paper);
        }
        assertTrue(Files.isRegularFile(out.resolve("gidel").resolve("g2.csv")));
        assertTrue(Files.isRegularFile(out.resolve("marion-chizat").resolve("fig2.csv")));
        assertTrue(Files.isRegularFile(out.resolve("eos").resolve("e1.csv")));
        assertTrue(r.out().contains("g2_gd_limit: agrees"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("run.json")));
    }
}
