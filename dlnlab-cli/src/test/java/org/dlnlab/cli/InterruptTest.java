package org.dlnlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long train run stopped by a termination signal (SIGTERM here; Ctrl-C's SIGINT takes the same shutdown path)
 * keeps the trajectory so far and the weights, under their final names.
 */
class InterruptTest {
    @Test
    void aSignalledTrainRunKeepsItsTrajectoryAndWeights(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", "--depth", "4", "--init",
                "small:0.3", "--lr", "0.01", "--steps", "2000000000", "--out", out.toString())
                .redirectError(err.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        Path partial = out.resolve("trajectory.csv.partial");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(partial) && Files.size(partial) > 100_000) && System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the run ended early: " + Files.readString(err));
            Thread.sleep(50);
        }
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run did not stop");
        assertFalse(Files.exists(partial));
        List<String> lines = Files.readAllLines(out.resolve("trajectory.csv"));
        assertTrue(lines.size() > 1000, "rows kept: " + lines.size());
        String last = lines.get(lines.size() - 1);
        assertEquals(5, last.split(",", -1).length, last);
        assertTrue(Files.readString(out.resolve("final_weights.json")).contains("layers"));
        String message = Files.readString(err);
        assertTrue(message.contains("interrupted at step") && message.contains("trajectory.csv"), message);
    }
}
