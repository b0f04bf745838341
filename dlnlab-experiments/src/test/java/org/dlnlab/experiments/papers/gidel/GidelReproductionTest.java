package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.Family;
import org.dlnlab.experiments.Reproduction;
import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.exec.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code reproduce gidel --quick}: every table and figure, the same bytes for 1 and 2 threads, and resuming. */
class GidelReproductionTest {
    private static final List<String> TABLES = List.of("g1", "g2", "g3", "g4", "g5", "g6");
    private static final List<String> FIGURES = List.of("g1_trace_norm", "g1_frobenius", "g2_mode1", "g2_mode2",
            "g2_mode3", "g3_delays", "g4_switch_on", "g4_plateaus", "g5_modes", "g5_rrr", "g6_depth");

    @Test
    void quickRunsAreByteIdenticalForOneAndTwoThreadsAndResumeWithoutChange(@TempDir Path dir) throws Exception {
        Gidel paper = new Gidel();
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        Reproduction.Outcome a = new Reproduction(paper, new Reproduction.Options(one, Reproduction.Scale.QUICK, 1, 0,
                true)).run(ProgressListener.NONE);
        new Reproduction(paper, new Reproduction.Options(two, Reproduction.Scale.QUICK, 2, 0, true))
                .run(ProgressListener.NONE);
        for (String t : TABLES) {
            byte[] bytes = Files.readAllBytes(one.resolve(t + ".csv"));
            assertTrue(bytes.length > 100, t);
            assertArrayEquals(bytes, Files.readAllBytes(two.resolve(t + ".csv")), t);
        }
        assertArrayEquals(Files.readAllBytes(one.resolve("claims.csv")), Files.readAllBytes(two.resolve("claims.csv")));
        for (String f : FIGURES) {
            assertTrue(Files.size(one.resolve("figures").resolve(f + ".png")) > 1000, f);
            assertTrue(Files.readString(one.resolve("figures").resolve(f + ".svg")).contains("</svg>"), f);
        }
        String report = Files.readString(one.resolve("report.html"));
        assertTrue(report.contains("Gidel") && report.contains("g2_gd_limit"), "the report's Gidel section");
        assertTrue(report.contains("<caption>G2: measured switch-on steps"), "G2's table in the report");
        // Every claim with a verdict rule agrees at the quick scale too; none is left undetermined.
        for (Claim c : a.claims()) {
            assertTrue(c.verdict() == Claim.Verdict.AGREES || c.verdict() == Claim.Verdict.REPORTED,
                    c.id() + ": " + c.verdict() + " — " + c.measured());
        }

        // A family lost after the fact is recomputed alone, to the same bytes; the others are loaded.
        byte[] g2 = Files.readAllBytes(one.resolve("g2.csv"));
        byte[] g4 = Files.readAllBytes(one.resolve("g4.csv"));
        Files.delete(one.resolve("g2.csv"));
        Files.delete(one.resolve(".reproduce").resolve("g2.done"));
        Reproduction.Outcome resumed = new Reproduction(paper, new Reproduction.Options(one,
                Reproduction.Scale.QUICK, 2, 0, true)).run(ProgressListener.NONE);
        int g2Runs = paper.families(Reproduction.Scale.QUICK).stream().filter(f -> f.id().equals("g2"))
                .mapToInt(f -> f.runs().size()).sum();
        assertEquals(g2Runs, resumed.runsComputed());
        assertEquals(a.runsComputed() - g2Runs, resumed.runsLoaded());
        assertArrayEquals(g2, Files.readAllBytes(one.resolve("g2.csv")));
        assertArrayEquals(g4, Files.readAllBytes(one.resolve("g4.csv")));
        Reproduction.Outcome again = new Reproduction(paper, new Reproduction.Options(one, Reproduction.Scale.QUICK,
                2, 0, true)).run(ProgressListener.NONE);
        assertEquals(0, again.runsComputed());

        // Another seed changes the random starts of G3, and only their table among the deterministic ones.
        Path seeded = dir.resolve("seeded");
        new Reproduction(paper, new Reproduction.Options(seeded, Reproduction.Scale.QUICK, 2, 5, true))
                .run(ProgressListener.NONE);
        assertNotEquals(Files.readString(one.resolve("g3.csv")).replace(",0,", ","),
                Files.readString(seeded.resolve("g3.csv")).replace(",5,", ","));
    }

    @Test
    void runKeysAreUniqueAndEveryQuickFamilyIsSmallerThanItsPaperFamily() {
        Gidel paper = new Gidel();
        for (Reproduction.Scale scale : Reproduction.Scale.values()) {
            List<String> keys = paper.families(scale).stream().flatMap(f -> f.runs().stream()).map(r -> r.key())
                    .toList();
            assertEquals(keys.size(), keys.stream().distinct().count(), scale.label());
        }
        List<Family> quick = paper.families(Reproduction.Scale.QUICK);
        List<Family> full = paper.families(Reproduction.Scale.PAPER);
        for (int i = 0; i < quick.size(); i++) {
            assertTrue(quick.get(i).runs().size() <= full.get(i).runs().size(), quick.get(i).id());
        }
    }
}
