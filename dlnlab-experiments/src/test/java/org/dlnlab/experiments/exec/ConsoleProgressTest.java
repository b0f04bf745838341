package org.dlnlab.experiments.exec;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reproduce progress line: labelled numbers, throttled output, an ETA from the work left. */
class ConsoleProgressTest {
    @Test
    void runsAndShareOfTheWorkAreLabelledApartAndLinesAreThrottled() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        // A worker whose CPU time keeps pace with the wall clock: the ETA is the wall-time extrapolation.
        ConsoleProgress p = new ConsoleProgress(new StatusLine(new PrintWriter(text), false, clock::get), 1,
                clock::get);
        p.begin(4, 10);
        p.phase("fig1");
        clock.addAndGet(1_000_000_000L);
        p.runDone(false, 1, 1); // within the 5 s interval: no line
        clock.addAndGet(5_000_000_000L);
        p.runDone(true, 6, 4); // diverged after 4 of its 6 units: 5 of 8 units in 6 s, 3.6 s left
        p.end("done");
        String[] lines = text.toString().split("\n");
        assertEquals(3, lines.length, text.toString());
        assertEquals("reproduce [fig1] 0/4 runs, 0% of the work, 0 diverged, 0s elapsed, ETA –", lines[0]);
        assertEquals("reproduce [fig1] 2/4 runs, 63% of the work, 1 diverged, 6s elapsed, ETA 4s", lines[1]);
        assertEquals("done", lines[2]);
    }

    /** The rate is that of the workers' CPU time: time taken from them (by the JIT) does not count. */
    @Test
    void theEtaComesFromTheWorkersCpuTime() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        ConsoleProgress p = new ConsoleProgress(new StatusLine(new PrintWriter(text), false, clock::get), 1,
                cpu::get);
        p.begin(3, 10);
        p.phase("f");
        clock.addAndGet(10_000_000_000L);
        cpu.set(4_000_000_000L); // of 10 s, the worker had 4 s of CPU
        p.runDone(false, 2, 2);
        String line = text.toString().split("\n")[1];
        assertTrue(line.endsWith("10s elapsed, ETA 16s"), line); // 2 units in 4 s, 8 left
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals("59s", StatusLine.duration(59.4));
        assertEquals("3m07s", StatusLine.duration(187));
        assertEquals("2h05m", StatusLine.duration(7500));
        assertTrue(StatusLine.duration(0).equals("0s"));
    }
}
