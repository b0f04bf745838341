package org.dlnlab.experiments;

import org.dlnlab.experiments.exec.ProgressListener;
import org.dlnlab.experiments.papers.marionchizat.MarionChizat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReproductionResumeTest {
    private static final Paper PAPER = new MarionChizat();

    @Test
    void anInterruptedSweepResumesFromItsCheckpointAndEndsByteIdentical(@TempDir Path dir) throws Exception {
        Reproduction.Options opts = new Reproduction.Options(dir, Reproduction.Scale.QUICK, 2, 7, true);
        Reproduction.Outcome first = new Reproduction(PAPER, opts).run(ProgressListener.NONE);
        assertEquals(0, first.runsLoaded());
        byte[] fig6 = Files.readAllBytes(dir.resolve("fig6.csv"));
        byte[] fig2 = Files.readAllBytes(dir.resolve("fig2.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("fig6.csv"), StandardCharsets.UTF_8);
        int runs = lines.size() - 1;

        // Simulate a crash during fig6: no final CSV, no done marker, a checkpoint with 10 runs and a torn line.
        Family f6 = PAPER.families(Reproduction.Scale.QUICK).stream().filter(f -> f.id().equals("fig6"))
                .findFirst().orElseThrow();
        Files.delete(dir.resolve("fig6.csv"));
        Files.delete(dir.resolve(".reproduce").resolve("fig6.done"));
        List<String> partial = new ArrayList<>();
        partial.add("#" + Reproduction.fingerprint(f6, 7));
        partial.add(lines.get(0));
        partial.addAll(lines.subList(runs - 9, runs + 1));
        partial.add(lines.get(1).substring(0, 40));
        Files.writeString(dir.resolve(".reproduce").resolve("fig6.partial.csv"),
                String.join("\n", partial), StandardCharsets.UTF_8);

        Reproduction.Outcome second = new Reproduction(PAPER, opts).run(ProgressListener.NONE);
        assertEquals(runs - 10, second.runsComputed());
        assertEquals(first.runsComputed() - second.runsComputed(), second.runsLoaded());
        assertArrayEquals(fig6, Files.readAllBytes(dir.resolve("fig6.csv")));
        assertArrayEquals(fig2, Files.readAllBytes(dir.resolve("fig2.csv")));
        assertTrue(Files.notExists(dir.resolve(".reproduce").resolve("fig6.partial.csv")));

        // The resumed families keep the times measured when they were computed.
        String timing = Files.readString(dir.resolve("timing.json"));
        assertTrue(timing.contains("(computed earlier)") && !timing.contains("loaded from an earlier run"), timing);

        // Nothing left to do: a third run computes nothing and changes no CSV, nor the timing of the run that did.
        Reproduction.Outcome third = new Reproduction(PAPER, opts).run(ProgressListener.NONE);
        assertEquals(0, third.runsComputed());
        assertArrayEquals(fig6, Files.readAllBytes(dir.resolve("fig6.csv")));
        assertEquals(timing, Files.readString(dir.resolve("timing.json")));
    }

    @Test
    void theFingerprintDependsOnSeedAndSettings() {
        Family quick = PAPER.families(Reproduction.Scale.QUICK).get(0);
        Family paper = PAPER.families(Reproduction.Scale.PAPER).get(0);
        assertEquals(Reproduction.fingerprint(quick, 1), Reproduction.fingerprint(
                PAPER.families(Reproduction.Scale.QUICK).get(0), 1));
        assertNotEquals(Reproduction.fingerprint(quick, 1), Reproduction.fingerprint(quick, 2));
        assertNotEquals(Reproduction.fingerprint(quick, 1), Reproduction.fingerprint(paper, 1));
    }
}
