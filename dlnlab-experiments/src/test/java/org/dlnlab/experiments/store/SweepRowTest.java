package org.dlnlab.experiments.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SweepRowTest {
    private static double any(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextDouble() * 1e-30;
            case 2 -> -r.nextDouble() * 1e12;
            default -> r.nextGaussian();
        };
    }

    @Test
    void rowsSurviveAWriteReadWriteCycleByteForByte() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            boolean div = r.nextBoolean();
            SweepRow row = new SweepRow("fig1", "fig1/eta=0.02/s=0.3278/rep=0" + i, r.nextLong(), "builtin:mc_fig1",
                    r.nextBoolean() ? null : "builtin:mc_fig6_test", 10, 5, r.nextBoolean() ? null : "a,\"quoted\"",
                    "small", any(r), any(r), 4000, i, div, div ? r.nextInt(100) : -1, 4000, !div, any(r), any(r),
                    any(r), any(r), r.nextInt(50), any(r), any(r), any(r), any(r), any(r), any(r),
                    div ? -1 : r.nextInt(40), div ? null : r.nextBoolean(), any(r), any(r), any(r), any(r), any(r));
            String line = row.toCsv();
            assertFalse(line.contains("NaN"));
            assertEquals(SweepRow.HEADER.size(), Csv.split(line).size());
            SweepRow back = SweepRow.parse(line);
            assertEquals(line, back.toCsv());
            assertEquals(row.runKey(), back.runKey());
            assertEquals(row.projection(), back.projection());
        }
    }

    @Test
    void aTornLineIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SweepRow.parse("fig1,fig1/eta=0.02,0,builtin:mc"));
    }

    @Test
    void csvQuotingFollowsRfc4180() {
        assertEquals("\"a,b\"", Csv.text("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.text("say \"hi\""));
        assertEquals(List.of("a,b", "say \"hi\"", ""), Csv.split("\"a,b\",\"say \"\"hi\"\"\","));
        assertEquals("", Csv.num(Double.POSITIVE_INFINITY));
    }
}
