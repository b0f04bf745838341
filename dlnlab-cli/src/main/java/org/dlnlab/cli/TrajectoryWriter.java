package org.dlnlab.cli;

import org.dlnlab.train.StepRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * trajectory.csv, written to a temporary file as the run goes and renamed into place by {@link #close()}, so
 * the folder never holds half a file under the final name. Numbers use Java's shortest round-trip form.
 */
final class TrajectoryWriter implements Consumer<StepRecord>, AutoCloseable {
    private final Path target;
    private final Path partial;
    private final BufferedWriter out;
    private final boolean sharpness;

    TrajectoryWriter(Path target, boolean sharpness) {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.sharpness = sharpness;
        try {
            out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
            out.write("step,time,loss,sq_distance,grad_norm" + (sharpness ? ",sharpness,sharpness_residual" : "")
                    + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
    }

    @Override
    public void accept(StepRecord r) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(r.step()).append(',').append(r.time()).append(',').append(r.loss()).append(',')
                .append(r.sqDistance()).append(',').append(r.gradNorm());
        if (sharpness) {
            sb.append(',');
            if (r.sharpness() != null) {
                sb.append(r.sharpness().top()).append(',').append(r.sharpness().topResidual());
            } else {
                sb.append(',');
            }
        }
        sb.append('\n');
        try {
            out.write(sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
