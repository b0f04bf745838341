package org.dlnlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bad-input paths of {@code reproduce}: exit code 2 and one line on stderr, nothing computed. */
class ReproduceOptionsTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static void oneLine(Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownExperimentsAndThreadCountsAreRefused(@TempDir Path dir) {
        oneLine(run("reproduce", "saxe", "--out", dir.resolve("a").toString()), "marion-chizat, gidel, eos or all");
        oneLine(run("reproduce", "--threads", "0", "--out", dir.resolve("b").toString()), "--threads");
        oneLine(run("reproduce", "--threads", "x", "--out", dir.resolve("c").toString()), "--threads");
    }

    @Test
    void aForeignNonEmptyFolderIsRefusedWithoutForce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        oneLine(run("reproduce", "--quick", "--out", dir.toString()), "--force");
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }
}
