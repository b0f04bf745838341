package org.dlnlab.experiments.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ColumnsTest {
    private static double any(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextDouble() * 1e-30;
            case 2 -> -r.nextDouble() * 1e12;
            default -> r.nextGaussian();
        };
    }

    /** The headers of the files already written: the schema derived from the records must not move a column. */
    @Test
    void theHeadersAreTheTidyCsvFormat() {
        assertEquals("figure,run_key,seed,data,test_data,depth,width,projection,init,scale,learning_rate,steps,rep,"
                + "diverged,diverged_at_step,steps_done,converged,init_loss,init_sq_distance,init_sharpness,"
                + "init_sharpness_residual,init_sharpness_hvps,init_sharpness_power,final_loss,final_sq_distance,"
                + "final_grad_norm,final_sharpness,final_sharpness_residual,final_sharpness_hvps,"
                + "final_sharpness_converged,final_sharpness_power,final_sharpness_power_residual,"
                + "power_relative_difference,test_loss,generalization_gap", CsvStore.SWEEP.headerLine());
        assertEquals("figure,run_key,seed,init,scale,learning_rate,step,loss,sq_distance,grad_norm,sharpness,"
                + "sharpness_residual", CsvStore.TRAJECTORY.headerLine());
    }

    @Test
    void rowsSurviveAWriteReadWriteCycleByteForByte() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            boolean div = r.nextBoolean();
            SweepRow row = new SweepRow("fig1", "fig1/eta=0.02/s=0.3278/rep=0" + i, r.nextLong(), "builtin:mc_fig1",
                    r.nextBoolean() ? null : "builtin:mc_fig6_test", 10, 5, r.nextBoolean() ? null : "a,\"quoted\"",
                    "small", any(r), any(r), 4000, i, div, div ? r.nextInt(100) : null, 4000, !div, any(r), any(r),
                    any(r), any(r), r.nextInt(50), any(r), any(r), any(r), any(r), any(r), any(r),
                    div ? null : r.nextInt(40), div ? null : r.nextBoolean(), any(r), any(r), any(r), any(r), any(r));
            String line = CsvStore.SWEEP.line(row);
            assertFalse(line.contains("NaN"));
            assertEquals(CsvStore.SWEEP.header().size(), Csv.split(line).size());
            SweepRow back = CsvStore.SWEEP.parse(line);
            assertEquals(line, CsvStore.SWEEP.line(back));
            assertEquals(row.runKey(), back.runKey());
            assertEquals(row.projection(), back.projection());
            assertEquals(row.divergedAtStep(), back.divergedAtStep());
            assertEquals(row.finalSharpnessConverged(), back.finalSharpnessConverged());
        }
    }

    @Test
    void aTornLineIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CsvStore.SWEEP.parse("fig1,fig1/eta=0.02,0,builtin:mc"));
        String line = CsvStore.TRAJECTORY.line(new TrajectoryRow("fig1_trajectories", "k", 0, "small", 0.35, 0.1, 3,
                1, 2, 3, Double.NaN, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CsvStore.TRAJECTORY.parse(line.replace(",3,", ",x,")));
    }

    @Test
    void csvQuotingFollowsRfc4180() {
        assertEquals("\"a,b\"", Csv.text("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.text("say \"hi\""));
        assertEquals(List.of("a,b", "say \"hi\"", ""), Csv.split("\"a,b\",\"say \"\"hi\"\"\","));
        assertEquals("", Csv.num(Double.POSITIVE_INFINITY));
    }
}
