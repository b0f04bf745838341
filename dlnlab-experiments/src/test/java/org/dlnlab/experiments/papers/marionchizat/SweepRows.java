package org.dlnlab.experiments.papers.marionchizat;

import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.store.SweepRow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Constructed {@link SweepRow}s for the claim tests: every one of the 35 fields gets a plausible default, and a
 * test names only what its rule reads. A run is converged by default (not diverged, squared distance 1e-8);
 * {@link Builder#failed()} makes it end far from w* without diverging, {@link Builder#diverged()} makes it diverge
 * with empty final cells (a later setter may still put a finite value there on purpose).
 */
final class SweepRows {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private SweepRows() {
    }

    /** A converged run at scale s and learning rate η. */
    static Builder run(double scale, double eta) {
        return new Builder().scale(scale).eta(eta);
    }

    /** n copies of a run (reps 0..n−1). */
    static List<SweepRow> times(int n, Builder b) {
        List<SweepRow> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(b.rep(i).build());
        }
        return out;
    }

    static final class Builder {
        private String figure = "test";
        private String data = "builtin:mc_fig1";
        private String testData;
        private int depth = 10;
        private int width = 5;
        private String projection;
        private String init = "small";
        private double scale;
        private double eta;
        private int steps = 1000;
        private int rep;
        private boolean diverged;
        private boolean converged = true;
        private double finalLoss = 0.1;
        private double finalSqDistance = 1e-8;
        private double finalGradNorm = 1e-9;
        private double finalSharpness = 20;
        private double powerRelativeDifference = 1e-6;
        private double initSharpness = 5;
        private double initSharpnessPower = 5;
        private double testLoss = Double.NaN;
        private double gap = Double.NaN;

        Builder scale(double s) {
            this.scale = s;
            return this;
        }

        Builder eta(double e) {
            this.eta = e;
            return this;
        }

        Builder depth(int l) {
            this.depth = l;
            return this;
        }

        Builder rep(int r) {
            this.rep = r;
            return this;
        }

        Builder figure(String f) {
            this.figure = f;
            return this;
        }

        Builder data(String train, String test) {
            this.data = train;
            this.testData = test;
            return this;
        }

        Builder residual(String proj) {
            this.projection = proj;
            this.init = "residual";
            return this;
        }

        /** Not diverged, within the distance tolerance (the default). */
        Builder converged() {
            diverged = false;
            converged = true;
            finalSqDistance = 1e-8;
            return this;
        }

        /** Not diverged but ends far from w* (squared distance 0.5). */
        Builder failed() {
            diverged = false;
            converged = false;
            finalSqDistance = 0.5;
            return this;
        }

        /** Diverged: every final cell empty (NaN), as the runner writes it. */
        Builder diverged() {
            diverged = true;
            converged = false;
            finalLoss = Double.NaN;
            finalSqDistance = Double.NaN;
            finalGradNorm = Double.NaN;
            finalSharpness = Double.NaN;
            powerRelativeDifference = Double.NaN;
            testLoss = Double.NaN;
            gap = Double.NaN;
            return this;
        }

        /** Converged when b, else {@link #failed()}. */
        Builder convergedIf(boolean b) {
            return b ? converged() : failed();
        }

        /** Final (Lanczos) sharpness. */
        Builder gradNorm(double g) {
            this.finalGradNorm = g;
            return this;
        }

        Builder sharpness(double s) {
            this.finalSharpness = s;
            return this;
        }

        /** Generalization gap R_test − R_train (test loss = training loss + gap). */
        Builder gap(double g) {
            this.gap = g;
            this.testLoss = finalLoss + g;
            return this;
        }

        Builder powerRelativeDifference(double d) {
            this.powerRelativeDifference = d;
            return this;
        }

        Builder initSharpness(double lanczos, double power) {
            this.initSharpness = lanczos;
            this.initSharpnessPower = power;
            return this;
        }

        SweepRow build() {
            String key = figure + "/eta=" + Grids.key(eta) + "/s=" + Grids.key(scale) + "/rep=" + Grids.rep(rep)
                    + "/#" + COUNTER.incrementAndGet();
            boolean finalCells = !diverged;
            return new SweepRow(figure, key, 1L, data, testData, depth, width, projection, init, scale, eta, steps,
                    rep, diverged, diverged ? 10 : null, diverged ? 10 : steps, converged,
                    1.0, 1.0, initSharpness, 1e-12, 30, initSharpnessPower,
                    finalLoss, finalSqDistance, finalGradNorm,
                    finalSharpness, finalCells ? 1e-12 : Double.NaN, finalCells ? 30 : null,
                    finalCells ? Boolean.TRUE : null, finalCells ? finalSharpness : Double.NaN,
                    finalCells ? 1e-8 : Double.NaN, powerRelativeDifference, testLoss, gap);
        }
    }
}
