package org.dlnlab.linalg;

/**
 * The two chains of a product with the Hessian on its range (see {@code objective.ReducedHessian}) for nets whose
 * layers all have fewer than 8 columns (the paper's d = 5 nets). Each chain is one straight-line loop over the
 * layers with every layer's O(d) bookkeeping fused into its link: run as separate loops and calls, that
 * bookkeeping cost as much as the links. The arithmetic is that of the general path (separate loops followed by
 * {@link SmallKernels}), to the bit.
 * <p>
 * Layouts: layer k = 1..L is rows × cols = d_k × d_{k−1} at w[wOff[k − 1] ..]; its coordinates are x (d_k entries)
 * then y (d_{k−1} entries, y ⊥ â) at c[coord[k − 1] ..]; u_k, u̇_k start at chain[k] and ȧ_k at chain[k − 1].
 * g = (u_k on x, −‖u_k‖â_k on y) and â_k (on y, 0 on x) are in the coordinates' layout; ‖a_k‖, ‖u_k‖ at k − 1.
 */
public final class RangeLinks {
    /** Nets with a wider layer take the general path. */
    public static final int MAX_COLS = SmallKernels.MAX_COLS;

    private RangeLinks() {
    }

    /**
     * u̇_{k−1} = V_kᵀu_k + W_kᵀ u̇_k = ‖u_k‖y + coef_k â_k + W_kᵀ u̇_k for k = L..1 (u̇_L = 0), coef_k = Σ c·g over
     * layer k's coordinates.
     */
    public static void backward(double[] w, int depth, int[] widths, int[] wOff, int[] coord, int[] chain,
                                double[] c, double[] g, double[] aHat, double[] uNorm, double[] uDot) {
        for (int k = depth; k >= 1; k--) {
            int rows = widths[k];
            int cols = widths[k - 1];
            int x = coord[k - 1];
            int y = x + rows;
            double coef = 0;
            for (int i = x; i < y; i++) {
                coef = Math.fma(c[i], g[i], coef);
            }
            coef = Math.fma(c[y], g[y], coef);
            if (cols > 1) {
                coef = Math.fma(c[y + 1], g[y + 1], coef);
                if (cols > 2) {
                    coef = Math.fma(c[y + 2], g[y + 2], coef);
                    if (cols > 3) {
                        coef = Math.fma(c[y + 3], g[y + 3], coef);
                        if (cols > 4) {
                            coef = Math.fma(c[y + 4], g[y + 4], coef);
                            if (cols > 5) {
                                coef = Math.fma(c[y + 5], g[y + 5], coef);
                                if (cols > 6) {
                                    coef = Math.fma(c[y + 6], g[y + 6], coef);
                                }
                            }
                        }
                    }
                }
            }
            double un = uNorm[k - 1];
            double o0 = Math.fma(coef, aHat[y], un * c[y]);
            double o1 = vTerm(coef, aHat, un, c, y, cols, 1);
            double o2 = vTerm(coef, aHat, un, c, y, cols, 2);
            double o3 = vTerm(coef, aHat, un, c, y, cols, 3);
            double o4 = vTerm(coef, aHat, un, c, y, cols, 4);
            double o5 = vTerm(coef, aHat, un, c, y, cols, 5);
            double o6 = vTerm(coef, aHat, un, c, y, cols, 6);
            if (k < depth) {
                int r = wOff[k - 1];
                int ud = chain[k];
                for (int i = 0; i < rows; i++, r += cols) {
                    double xi = uDot[ud + i];
                    o0 = Math.fma(w[r], xi, o0);
                    if (cols > 1) {
                        o1 = Math.fma(w[r + 1], xi, o1);
                        if (cols > 2) {
                            o2 = Math.fma(w[r + 2], xi, o2);
                            if (cols > 3) {
                                o3 = Math.fma(w[r + 3], xi, o3);
                                if (cols > 4) {
                                    o4 = Math.fma(w[r + 4], xi, o4);
                                    if (cols > 5) {
                                        o5 = Math.fma(w[r + 5], xi, o5);
                                        if (cols > 6) {
                                            o6 = Math.fma(w[r + 6], xi, o6);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            SmallKernels.store(uDot, chain[k - 1], cols, o0, o1, o2, o3, o4, o5, o6);
        }
    }

    /** Entry j of ‖u_k‖y + coef_k â_k (0 beyond cols). */
    private static double vTerm(double coef, double[] aHat, double un, double[] c, int y, int cols, int j) {
        return j < cols ? Math.fma(coef, aHat[y + j], un * c[y + j]) : 0.0;
    }

    /**
     * For k = 1..L, with t_k = ȧ_k·â_k: layer k's output block x = ‖a_k‖u̇_k + t_k u_k, y = ‖u_k‖ȧ_k − t_k‖u_k‖â_k
     * into out (coordinates' layout); and ȧ_{k+1} = V_k a_k + W_k ȧ_k = ‖a_k‖x_c + W_k ȧ_k from the input
     * coordinates c (ȧ_1 given).
     */
    public static void forward(double[] w, int depth, int[] widths, int[] wOff, int[] coord, int[] chain,
                               double[] c, double[] g, double[] aHat, double[] aNorm, double[] uNorm, double[] u,
                               double[] uDot, double[] aDot, double[] out) {
        for (int k = 1; k <= depth; k++) {
            int rows = widths[k];
            int cols = widths[k - 1];
            int x = coord[k - 1];
            int y = x + rows;
            int ad = chain[k - 1];
            double un = uNorm[k - 1];
            double d0 = aDot[ad];
            double d1 = SmallKernels.at(aDot, ad, cols, 1);
            double d2 = SmallKernels.at(aDot, ad, cols, 2);
            double d3 = SmallKernels.at(aDot, ad, cols, 3);
            double d4 = SmallKernels.at(aDot, ad, cols, 4);
            double d5 = SmallKernels.at(aDot, ad, cols, 5);
            double d6 = SmallKernels.at(aDot, ad, cols, 6);
            double t = Math.fma(d0, aHat[y], 0);
            if (cols > 1) {
                t = Math.fma(d1, aHat[y + 1], t);
                if (cols > 2) {
                    t = Math.fma(d2, aHat[y + 2], t);
                    if (cols > 3) {
                        t = Math.fma(d3, aHat[y + 3], t);
                        if (cols > 4) {
                            t = Math.fma(d4, aHat[y + 4], t);
                            if (cols > 5) {
                                t = Math.fma(d5, aHat[y + 5], t);
                                if (cols > 6) {
                                    t = Math.fma(d6, aHat[y + 6], t);
                                    out[y + 6] = Math.fma(un, d6, t * g[y + 6]);
                                }
                                out[y + 5] = Math.fma(un, d5, t * g[y + 5]);
                            }
                            out[y + 4] = Math.fma(un, d4, t * g[y + 4]);
                        }
                        out[y + 3] = Math.fma(un, d3, t * g[y + 3]);
                    }
                    out[y + 2] = Math.fma(un, d2, t * g[y + 2]);
                }
                out[y + 1] = Math.fma(un, d1, t * g[y + 1]);
            }
            out[y] = Math.fma(un, d0, t * g[y]);
            double an = aNorm[k - 1];
            int ud = chain[k];
            for (int i = 0; i < rows; i++) {
                out[x + i] = Math.fma(an, uDot[ud + i], t * u[ud + i]);
            }
            if (k < depth) {
                int r = wOff[k - 1];
                for (int i = 0; i < rows; i++, r += cols) {
                    // The canonical dot product of KernelImpl for fewer than 16 entries.
                    double s0 = Math.fma(w[r], d0, 0.0);
                    double s1 = 0.0;
                    double s2 = 0.0;
                    double s3 = 0.0;
                    if (cols > 1) {
                        s1 = Math.fma(w[r + 1], d1, 0.0);
                        if (cols > 2) {
                            s2 = Math.fma(w[r + 2], d2, 0.0);
                            if (cols > 3) {
                                s3 = Math.fma(w[r + 3], d3, 0.0);
                                if (cols > 4) {
                                    s0 = Math.fma(w[r + 4], d4, s0);
                                    if (cols > 5) {
                                        s1 = Math.fma(w[r + 5], d5, s1);
                                        if (cols > 6) {
                                            s2 = Math.fma(w[r + 6], d6, s2);
                                        }
                                    }
                                }
                            }
                        }
                    }
                    aDot[ud + i] = an * c[x + i] + ((s0 + s1) + (s2 + s3));
                }
            }
        }
    }
}
