package org.dlnlab.cli;

import org.dlnlab.experiments.exec.StatusLine;
import org.dlnlab.train.StepRecord;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * train's progress on a {@link StatusLine}: step of total, loss, the latest sharpness sample, steps per second and
 * an ETA. The training thread pays a field store per step; the clock is read every {@value #CHECK_EVERY} steps.
 */
final class TrainProgress implements Consumer<StepRecord>, AutoCloseable {
    private static final int CHECK_EVERY = 1024;
    private final StatusLine status;
    private final int total;
    private final String unit;
    private final long start;
    private double sharpness = Double.NaN;

    /** @param total the steps (or flow samples) the run will take; unit names them */
    TrainProgress(StatusLine status, int total, String unit) {
        this.status = status;
        this.total = total;
        this.unit = unit;
        this.start = status.now();
    }

    @Override
    public void accept(StepRecord r) {
        if (r.sharpness() != null) {
            sharpness = r.sharpness().top();
        }
        if (r.step() % CHECK_EVERY != 0 || !status.due()) {
            return;
        }
        double elapsed = (status.now() - start) / 1e9;
        double rate = r.step() / Math.max(elapsed, 1e-9);
        status.show(String.format(Locale.ROOT, "train %s %,d/%,d (%.0f%%), loss %.6g%s, %,.0f %ss/s, ETA %s", unit,
                r.step(), total, 100.0 * r.step() / Math.max(total, 1), r.loss(),
                Double.isNaN(sharpness) ? "" : String.format(Locale.ROOT, ", sharpness %.6g", sharpness), rate, unit,
                rate > 0 ? StatusLine.duration((total - r.step()) / rate) : "–"));
    }

    @Override
    public void close() {
        status.finish(null);
    }
}
