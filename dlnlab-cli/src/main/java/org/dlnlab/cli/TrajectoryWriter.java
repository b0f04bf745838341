package org.dlnlab.cli;

import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.theory.Structure;
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
 * the folder never holds half a file under the final name. Numbers use Java's shortest round-trip form; cells of
 * quantities not sampled at a row are empty.
 */
final class TrajectoryWriter implements Consumer<StepRecord>, AutoCloseable {
    private final Path target;
    private final Path partial;
    private final BufferedWriter out;
    private final boolean sharpness;
    private final DeepLinearNet structureNet;
    private final int structureEvery;
    private final double rMin;

    /**
     * @param structureNet   the network whose structure columns to write, or null for none
     * @param structureEvery sample the structure at rows whose step is a multiple of this
     * @param rMin           minimal risk in the run's loss convention, for the PL ratio ‖∇R‖²/(R − R_min)
     */
    TrajectoryWriter(Path target, boolean sharpness, DeepLinearNet structureNet, int structureEvery, double rMin) {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.sharpness = sharpness;
        this.structureNet = structureNet;
        this.structureEvery = structureEvery;
        this.rMin = rMin;
        StringBuilder header = new StringBuilder("step,time,loss,sq_distance,grad_norm");
        if (sharpness) {
            header.append(",sharpness,sharpness_residual");
        }
        if (structureNet != null) {
            int depth = structureNet.depth();
            for (int k = 1; k <= depth; k++) {
                header.append(",rank_one_defect_").append(k);
            }
            for (int k = 1; k < depth; k++) {
                header.append(",misalignment_").append(k);
            }
            for (int k = 1; k < depth; k++) {
                header.append(",balancedness_").append(k);
            }
            header.append(",pl_ratio");
        }
        try {
            out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
            out.write(header.append('\n').toString());
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
        if (structureNet != null) {
            int depth = structureNet.depth();
            if (r.weights() != null && r.step() % structureEvery == 0) {
                Structure s = Structure.of(structureNet, r.weights());
                for (double x : s.rankOneDefects()) {
                    sb.append(',').append(x);
                }
                for (double x : s.alignments()) {
                    sb.append(',').append(1 - x);
                }
                for (double x : s.balancedness()) {
                    sb.append(',').append(x);
                }
                double excess = r.loss() - rMin;
                sb.append(',');
                if (excess > 0) {
                    sb.append(r.gradNorm() * r.gradNorm() / excess);
                }
            } else {
                sb.append(",".repeat(depth + 2 * (depth - 1) + 1));
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
