package org.dlnlab.kernels;

/**
 * Allocation-free kernels on row-major blocks inside flat {@code double[]} buffers. A "block" is an
 * {@code rows × p} matrix of a chain (p = number of outputs), a "matrix" is a layer view
 * {@code W[off .. off + rows·cols)}. They carry the several-output objectives ({@link BlockPasses}); one-output
 * steps and HVPs run on {@link ChainPasses}. Only {@link #multAdd} keeps a p = 1 branch, for the occasional
 * matrix–vector product (the bounds' Σ W*).
 */
public final class Blocks {
    private Blocks() {
    }

    /** out = W x, with W rows×cols at wOff, x cols×p at xOff, out rows×p at outOff. */
    public static void mult(double[] w, int wOff, int rows, int cols, double[] x, int xOff, int p,
                            double[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + rows * p, 0.0);
        multAdd(w, wOff, rows, cols, x, xOff, p, out, outOff);
    }

    /** out += W x, with W rows×cols at wOff, x cols×p at xOff, out rows×p at outOff. */
    public static void multAdd(double[] w, int wOff, int rows, int cols, double[] x, int xOff, int p,
                               double[] out, int outOff) {
        if (p == 1) {
            for (int i = 0; i < rows; i++) {
                int r = wOff + i * cols;
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += w[r + j] * x[xOff + j];
                }
                out[outOff + i] += s;
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            int r = wOff + i * cols;
            int o = outOff + i * p;
            for (int j = 0; j < cols; j++) {
                double wij = w[r + j];
                int xj = xOff + j * p;
                for (int q = 0; q < p; q++) {
                    out[o + q] += wij * x[xj + q];
                }
            }
        }
    }

    /** out = Wᵀ x, with W rows×cols at wOff, x rows×p, out cols×p. */
    public static void multTransA(double[] w, int wOff, int rows, int cols, double[] x, int xOff, int p,
                                  double[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + cols * p, 0.0);
        multAddTransA(w, wOff, rows, cols, x, xOff, p, out, outOff);
    }

    /** out += Wᵀ x, with W rows×cols at wOff, x rows×p, out cols×p. */
    public static void multAddTransA(double[] w, int wOff, int rows, int cols, double[] x, int xOff, int p,
                                     double[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            int r = wOff + i * cols;
            int xi = xOff + i * p;
            for (int j = 0; j < cols; j++) {
                double wij = w[r + j];
                int o = outOff + j * p;
                for (int q = 0; q < p; q++) {
                    out[o + q] += wij * x[xi + q];
                }
            }
        }
    }

    /** out = alpha · u bᵀ + beta · out, with u rows×p, b cols×p, out rows×cols (an outer product summed over p). */
    public static void outer(double alpha, double[] u, int uOff, double[] b, int bOff, int rows, int cols, int p,
                             double beta, double[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            int o = outOff + i * cols;
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int q = 0; q < p; q++) {
                    s += u[uOff + i * p + q] * b[bOff + j * p + q];
                }
                out[o + j] = beta * out[o + j] + alpha * s;
            }
        }
    }

    /** The forward pass of a GD step on one layer: out = W x with the old W, then W −= eta · u xᵀ (u rows×p). */
    public static void multThenRankUpdate(double[] w, int wOff, int rows, int cols, double[] x, int xOff, int p,
                                          double[] out, int outOff, double eta, double[] u, int uOff) {
        mult(w, wOff, rows, cols, x, xOff, p, out, outOff);
        outer(-eta, u, uOff, x, xOff, rows, cols, p, 1.0, w, wOff);
    }

    /**
     * Σ_{i<n} a_i b_i in the kernels' fixed order (16 lane sums, fused multiply–adds; see {@link KernelImpl}), in
     * plain Java: these are the occasional short products (risk, norms), where Vector API code that the JIT has
     * not compiled yet would be slow and allocate.
     */
    public static double dot(double[] a, double[] b, int n) {
        return ScalarKernels.dotOf(a, 0, b, 0, n);
    }

    /** Σ_{i<n} a_{aOff+i} b_{bOff+i} in the kernels' fixed order. */
    public static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        return ScalarKernels.dotOf(a, aOff, b, bOff, n);
    }

    public static double norm(double[] a, int n) {
        return Math.sqrt(dot(a, a, n));
    }

    /** y += alpha x. */
    public static void axpy(double alpha, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    public static void scale(double alpha, double[] x, int n) {
        for (int i = 0; i < n; i++) {
            x[i] *= alpha;
        }
    }
}
