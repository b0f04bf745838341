package org.dlnlab.cli;

import org.dlnlab.Decimal;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.Objective;
import org.dlnlab.theory.Structure;
import org.dlnlab.train.StepRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * trajectory.csv, written to a temporary file as the run goes and renamed into place by {@link #close()}, so
 * the folder never holds half a file under the final name. Rows are formatted and written on a thread of their
 * own ({@link OffThread}): the training thread only hands each record over. Numbers are {@link Decimal}'s shortest
 * round-trip text; cells of quantities not sampled at a row are empty.
 * <p>
 * With a logging interval K a row is written at every step that is a multiple of K, at every step that carries a
 * sharpness or structure sample, and at the last point seen.
 */
final class TrajectoryWriter implements Consumer<StepRecord>, AutoCloseable {
    /** Rows that may wait for the writer thread: a few MB of records at most. */
    private static final int PENDING_ROWS = 1 << 13;
    private final Path target;
    private final Path partial;
    private final OutputStream out;
    private final boolean sharpness;
    private final DeepLinearNet structureNet;
    private final int structureEvery;
    private final double rMin;
    /** The test set's objective (used on the writer thread only) and its sampling interval, or null and 0. */
    private final Objective test;
    private final int testEvery;
    private final int logEvery;
    /** The --track modes columns, or null. */
    private final ModeTracker modes;
    private final byte[] buf;
    private final int rowBound;
    private int pos;
    private final OffThread<StepRecord> rows;
    /** The newest record not written (skipped by the logging interval): the last point of a run is always kept. */
    private StepRecord unlogged;

    /**
     * @param structureNet   the network whose structure columns to write, or null for none
     * @param structureEvery sample the structure at rows whose step is a multiple of this
     * @param rMin           minimal risk in the run's loss convention, for the PL ratio ‖∇R‖²/(R − R_min)
     * @param test           the test set's objective, for a test_loss column at rows whose step is a multiple of
     *                       testEvery; null for none. Only the writer thread uses it.
     * @param logEvery       K, the logging interval
     * @param modes          the mode columns of --track modes:K, or null for none; only the writer thread uses it
     */
    TrajectoryWriter(Path target, boolean sharpness, DeepLinearNet structureNet, int structureEvery, double rMin,
                     Objective test, int testEvery, int logEvery, ModeTracker modes) {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.sharpness = sharpness;
        this.structureNet = structureNet;
        this.structureEvery = structureEvery;
        this.rMin = rMin;
        this.test = test;
        this.testEvery = testEvery;
        this.logEvery = logEvery;
        this.modes = modes;
        StringBuilder header = new StringBuilder("step,time,loss,sq_distance,grad_norm");
        int numbers = 5;
        if (sharpness) {
            header.append(",sharpness,sharpness_residual");
            numbers += 2;
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
            numbers += 3 * depth;
        }
        if (test != null) {
            header.append(",test_loss");
            numbers++;
        }
        if (modes != null) {
            header.append(modes.header());
            numbers += modes.cells();
        }
        rowBound = numbers * (Decimal.MAX_BYTES + 1) + 1;
        buf = new byte[Math.max(1 << 16, 2 * rowBound)];
        try {
            out = Files.newOutputStream(partial);
            out.write(header.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
        rows = new OffThread<>("trajectory.csv writer", PENDING_ROWS, this::write);
    }

    @Override
    public void accept(StepRecord r) {
        boolean needsWeights = structureNet != null || test != null || modes != null;
        boolean sampled = r.sharpness() != null || (needsWeights && r.weights() != null);
        if (logEvery > 1 && r.step() % logEvery != 0 && !sampled) {
            unlogged = r;
            return;
        }
        unlogged = null;
        // The record's weights are valid only during this call; the writer thread reads them later.
        rows.accept(needsWeights && r.weights() != null
                ? new StepRecord(r.step(), r.time(), r.loss(), r.sqDistance(), r.gradNorm(), r.sharpness(),
                r.weights().clone())
                : r);
    }

    /** Formats one row into the buffer (on the writer thread). */
    private void write(StepRecord r) {
        if (pos + rowBound > buf.length) {
            flush();
        }
        pos = Decimal.write(r.step(), buf, pos);
        number(r.time());
        number(r.loss());
        number(r.sqDistance());
        number(r.gradNorm());
        if (sharpness) {
            if (r.sharpness() != null) {
                number(r.sharpness().top());
                number(r.sharpness().topResidual());
            } else {
                empty(2);
            }
        }
        if (structureNet != null) {
            int depth = structureNet.depth();
            if (r.weights() != null && r.step() % structureEvery == 0) {
                Structure s = Structure.of(structureNet, r.weights());
                for (double x : s.rankOneDefects()) {
                    number(x);
                }
                for (double x : s.alignments()) {
                    number(1 - x);
                }
                for (double x : s.balancedness()) {
                    number(x);
                }
                double excess = r.loss() - rMin;
                if (excess > 0) {
                    number(r.gradNorm() * r.gradNorm() / excess);
                } else {
                    empty(1);
                }
            } else {
                empty(depth + 2 * (depth - 1) + 1);
            }
        }
        if (test != null) {
            if (r.weights() != null && r.step() % testEvery == 0) {
                number(test.setPoint(r.weights()));
            } else {
                empty(1);
            }
        }
        if (modes != null) {
            double[] cells = modes.row(r);
            if (cells != null) {
                for (double x : cells) {
                    number(x);
                }
            } else {
                empty(modes.cells());
            }
        }
        buf[pos++] = '\n';
    }

    private void number(double x) {
        buf[pos++] = ',';
        pos = Decimal.write(x, buf, pos);
    }

    private void empty(int cells) {
        for (int i = 0; i < cells; i++) {
            buf[pos++] = ',';
        }
    }

    private void flush() {
        try {
            out.write(buf, 0, pos);
            pos = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
    }

    /** Writes what is pending, the last point included, and renames the file into place. */
    @Override
    public void close() {
        if (unlogged != null) {
            rows.accept(unlogged);
            unlogged = null;
        }
        rows.close();
        try {
            flush();
            out.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
