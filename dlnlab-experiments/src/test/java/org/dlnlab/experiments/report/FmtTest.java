package org.dlnlab.experiments.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FmtTest {
    @Test
    void reportNumbersAreShortAndNeverNaN() {
        assertEquals("1e-16", Fmt.g(1e-16));
        assertEquals("6.659e-5", Fmt.g(6.659e-5));
        assertEquals("-2.5e7", Fmt.g(-2.5e7));
        assertEquals("0.1072", Fmt.g(0.10720349757966534));
        assertEquals("–", Fmt.g(Double.NaN));
        assertEquals("12.5%", Fmt.pct(0.125));
        assertEquals("3.5e-7", Fmt.p(3.5e-7));
        assertEquals("0.0412", Fmt.p(0.0412));
    }
}
