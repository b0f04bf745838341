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
        ConsoleProgress p = new ConsoleProgress(new StatusLine(new PrintWriter(text), false, clock::get));
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

    /**
     * A slow start (the JIT compiling) is forgotten once it is more than half the elapsed time ago, and a change of
     * pace (another program taking the cores) shows at once in the rate of the latest half.
     */
    @Test
    void theEtaComesFromTheRateOfTheLatestHalfOfTheElapsedTime() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        ConsoleProgress p = new ConsoleProgress(new StatusLine(new PrintWriter(text), true, clock::get));
        p.begin(100, 100);
        p.phase("f");
        clock.addAndGet(4_000_000_000L);
        p.runDone(false, 1, 1); // warm-up: 1 unit in 4 s
        for (int i = 0; i < 8; i++) {
            clock.addAndGet(500_000_000L);
            p.runDone(false, 1, 1); // then 2 units a second
        }
        // 8 s elapsed: the latest half, from 4 s, did 8 units in 4 s; 91 left at 2 a second. From the start the
        // rate (9 units in 8 s) would say 81 s.
        assertTrue(p.line().endsWith("8s elapsed, ETA 46s"), p.line());
        for (int i = 0; i < 8; i++) {
            clock.addAndGet(2_000_000_000L);
            p.runDone(false, 1, 1); // the machine got busy: half a unit a second
        }
        // 24 s elapsed: from 12 s on, 6 units in 12 s; 83 left at half a unit a second.
        assertTrue(p.line().endsWith("24s elapsed, ETA 2m46s"), p.line());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals("59s", StatusLine.duration(59.4));
        assertEquals("3m07s", StatusLine.duration(187));
        assertEquals("2h05m", StatusLine.duration(7500));
        assertTrue(StatusLine.duration(0).equals("0s"));
    }
}
