package org.dlnlab.objective;

import org.dlnlab.data.Problem;
import org.dlnlab.linalg.Blocks;
import org.dlnlab.linalg.ChainPasses;
import org.dlnlab.linalg.Kernels;

/**
 * The risk's quadratic term and its gradient through the factor F of Σ = FᵀF ({@link Problem#sigmaFactor()}):
 * z = Fe, eᵀΣe = ‖z‖² (never negative) and Σe = Fᵀz, from one pass over F's nonzero part each way — together
 * the cost of one product with Σ.
 * <p>
 * F is upper trapezoidal. For one output its rows are kept in blocks of h consecutive rows, each stored densely
 * from the block's first diagonal column on, so that every block is a plain rectangle for the chain kernels and
 * the zeros below the diagonal are skipped but for an h × h triangle per block (h = max(16, r/16): at most 1/32
 * of d² for large d, and blocks large enough to run on several cores).
 */
final class SigmaFactor {
    private static final int MIN_BLOCK_ROWS = 16;

    private final int d;
    private final int r;
    private final int p;
    private final double[] dense;
    /** Per block: its first row (= first column), row count, offset in {@link #packed}. */
    private final int[] start;
    private final int[] rows;
    private final int[] offset;
    private final double[] packed;
    private final double[] z;

    SigmaFactor(Problem problem) {
        d = problem.d();
        r = problem.sigmaFactorRows();
        p = problem.p();
        dense = problem.sigmaFactor();
        z = new double[r * p];
        int h = Math.max(MIN_BLOCK_ROWS, (r + 15) / 16);
        int blocks = p == 1 ? (r + h - 1) / h : 0;
        start = new int[blocks];
        rows = new int[blocks];
        offset = new int[blocks];
        int size = 0;
        for (int b = 0; b < blocks; b++) {
            start[b] = b * h;
            rows[b] = Math.min(h, r - start[b]);
            offset[b] = size;
            size += rows[b] * (d - start[b]);
        }
        packed = new double[size];
        for (int b = 0; b < blocks; b++) {
            int cols = d - start[b];
            for (int i = 0; i < rows[b]; i++) {
                System.arraycopy(dense, (start[b] + i) * d + start[b], packed, offset[b] + i * cols, cols);
            }
        }
    }

    /** out = Σe (d entries) and returns eᵀΣe = ‖Fe‖², for one output. */
    double apply(ChainPasses passes, double[] e, int eOff, double[] out, int oOff) {
        for (int b = 0; b < start.length; b++) {
            passes.mult(packed, offset[b], rows[b], d - start[b], e, eOff + start[b], z, start[b]);
        }
        passes.transMult(packed, offset[0], rows[0], d, z, 0, out, oOff);
        for (int b = 1; b < start.length; b++) {
            passes.transMultAdd(packed, offset[b], rows[b], d - start[b], z, start[b], out, oOff + start[b]);
        }
        return Kernels.dot(z, z, r);
    }

    /** out = ΣE (d×p) and returns tr(EᵀΣE) = ‖FE‖²_F, for several outputs. */
    double apply(double[] e, double[] out) {
        Blocks.mult(dense, 0, r, d, e, 0, p, z, 0);
        Blocks.multTransA(dense, 0, r, d, z, 0, p, out, 0);
        return Blocks.dot(z, z, r * p);
    }
}
