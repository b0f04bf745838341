package org.dlnlab.kernels;

/**
 * The chain passes for layers with fewer than 8 columns (the paper's d = 5 nets), where loop set-up costs more than
 * the arithmetic: the input vector and the column sums live in registers and every row is straight-line code.
 * For such rows the canonical dot product of {@link KernelImpl} has no full lane block: entry t goes into u_{t mod 4}
 * and s = (u_0 + u_1) + (u_2 + u_3); column sums accumulate row by row; so these give bitwise the canonical results.
 */
final class SmallKernels {
    /** Widths below this use these kernels. */
    static final int MAX_COLS = 7;

    private SmallKernels() {
    }

    static void transMult(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff,
                          boolean add) {
        double o0 = add ? out[oOff] : 0;
        double o1 = add ? at(out, oOff, cols, 1) : 0;
        double o2 = add ? at(out, oOff, cols, 2) : 0;
        double o3 = add ? at(out, oOff, cols, 3) : 0;
        double o4 = add ? at(out, oOff, cols, 4) : 0;
        double o5 = add ? at(out, oOff, cols, 5) : 0;
        double o6 = add ? at(out, oOff, cols, 6) : 0;
        int r = off;
        for (int i = 0; i < rows; i++, r += cols) {
            double xi = x[xOff + i];
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
        store(out, oOff, cols, o0, o1, o2, o3, o4, o5, o6);
    }

    private static void store(double[] out, int o, int cols, double o0, double o1, double o2, double o3, double o4,
                              double o5, double o6) {
        out[o] = o0;
        if (cols > 1) {
            out[o + 1] = o1;
            if (cols > 2) {
                out[o + 2] = o2;
                if (cols > 3) {
                    out[o + 3] = o3;
                    if (cols > 4) {
                        out[o + 4] = o4;
                        if (cols > 5) {
                            out[o + 5] = o5;
                            if (cols > 6) {
                                out[o + 6] = o6;
                            }
                        }
                    }
                }
            }
        }
    }

    private static double at(double[] x, int off, int cols, int j) {
        return j < cols ? x[off + j] : 0.0;
    }

    /** Σ_j w[r + j] x_j in the canonical order for fewer than 16 entries (x_j given in registers). */
    private static double dot(double[] w, int r, int cols, double x0, double x1, double x2, double x3, double x4,
                              double x5, double x6) {
        double u0 = Math.fma(w[r], x0, 0.0);
        double u1 = 0.0;
        double u2 = 0.0;
        double u3 = 0.0;
        if (cols > 1) {
            u1 = Math.fma(w[r + 1], x1, 0.0);
            if (cols > 2) {
                u2 = Math.fma(w[r + 2], x2, 0.0);
                if (cols > 3) {
                    u3 = Math.fma(w[r + 3], x3, 0.0);
                    if (cols > 4) {
                        u0 = Math.fma(w[r + 4], x4, u0);
                        if (cols > 5) {
                            u1 = Math.fma(w[r + 5], x5, u1);
                            if (cols > 6) {
                                u2 = Math.fma(w[r + 6], x6, u2);
                            }
                        }
                    }
                }
            }
        }
        return (u0 + u1) + (u2 + u3);
    }

    static void mult(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out, int oOff,
                     boolean add) {
        double x0 = x[xOff];
        double x1 = at(x, xOff, cols, 1);
        double x2 = at(x, xOff, cols, 2);
        double x3 = at(x, xOff, cols, 3);
        double x4 = at(x, xOff, cols, 4);
        double x5 = at(x, xOff, cols, 5);
        double x6 = at(x, xOff, cols, 6);
        for (int i = i0; i < i1; i++) {
            double s = dot(w, off + i * cols, cols, x0, x1, x2, x3, x4, x5, x6);
            out[oOff + i] = add ? out[oOff + i] + s : s;
        }
    }

    static void multRankOne(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out,
                            int oOff, double eta, double[] u, int uOff) {
        double x0 = x[xOff];
        double x1 = at(x, xOff, cols, 1);
        double x2 = at(x, xOff, cols, 2);
        double x3 = at(x, xOff, cols, 3);
        double x4 = at(x, xOff, cols, 4);
        double x5 = at(x, xOff, cols, 5);
        double x6 = at(x, xOff, cols, 6);
        for (int i = i0; i < i1; i++) {
            int r = off + i * cols;
            double c = -eta * u[uOff + i];
            out[oOff + i] = dot(w, r, cols, x0, x1, x2, x3, x4, x5, x6);
            w[r] = Math.fma(c, x0, w[r]);
            if (cols > 1) {
                w[r + 1] = Math.fma(c, x1, w[r + 1]);
                if (cols > 2) {
                    w[r + 2] = Math.fma(c, x2, w[r + 2]);
                    if (cols > 3) {
                        w[r + 3] = Math.fma(c, x3, w[r + 3]);
                        if (cols > 4) {
                            w[r + 4] = Math.fma(c, x4, w[r + 4]);
                            if (cols > 5) {
                                w[r + 5] = Math.fma(c, x5, w[r + 5]);
                                if (cols > 6) {
                                    w[r + 6] = Math.fma(c, x6, w[r + 6]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static void hvpBackward(double[] v, double[] w, int off, int rows, int cols, double[] u, int uOff, double[] ud,
                            int udOff, double[] a, int aOff, double[] out, int oOff, double[] partial, int pOff) {
        double a0 = a[aOff];
        double a1 = at(a, aOff, cols, 1);
        double a2 = at(a, aOff, cols, 2);
        double a3 = at(a, aOff, cols, 3);
        double a4 = at(a, aOff, cols, 4);
        double a5 = at(a, aOff, cols, 5);
        double a6 = at(a, aOff, cols, 6);
        double o0 = 0;
        double o1 = 0;
        double o2 = 0;
        double o3 = 0;
        double o4 = 0;
        double o5 = 0;
        double o6 = 0;
        int r = off;
        for (int i = 0; i < rows; i++, r += cols) {
            double ui = u[uOff + i];
            double udi = ud[udOff + i];
            partial[pOff + i] = dot(v, r, cols, a0, a1, a2, a3, a4, a5, a6);
            o0 = Math.fma(w[r], udi, Math.fma(v[r], ui, o0));
            if (cols > 1) {
                o1 = Math.fma(w[r + 1], udi, Math.fma(v[r + 1], ui, o1));
                if (cols > 2) {
                    o2 = Math.fma(w[r + 2], udi, Math.fma(v[r + 2], ui, o2));
                    if (cols > 3) {
                        o3 = Math.fma(w[r + 3], udi, Math.fma(v[r + 3], ui, o3));
                        if (cols > 4) {
                            o4 = Math.fma(w[r + 4], udi, Math.fma(v[r + 4], ui, o4));
                            if (cols > 5) {
                                o5 = Math.fma(w[r + 5], udi, Math.fma(v[r + 5], ui, o5));
                                if (cols > 6) {
                                    o6 = Math.fma(w[r + 6], udi, Math.fma(v[r + 6], ui, o6));
                                }
                            }
                        }
                    }
                }
            }
        }
        store(out, oOff, cols, o0, o1, o2, o3, o4, o5, o6);
    }

    static void hvpForward(double[] w, int off, int cols, int i0, int i1, double[] ad, int adOff, double[] va,
                           int vaOff, double[] next, int nextOff, double[] ud, int udOff, double[] u, int uOff,
                           double[] a, int aOff, double[] hv) {
        double d0 = ad[adOff];
        double d1 = at(ad, adOff, cols, 1);
        double d2 = at(ad, adOff, cols, 2);
        double d3 = at(ad, adOff, cols, 3);
        double d4 = at(ad, adOff, cols, 4);
        double d5 = at(ad, adOff, cols, 5);
        double d6 = at(ad, adOff, cols, 6);
        double a0 = a[aOff];
        double a1 = at(a, aOff, cols, 1);
        double a2 = at(a, aOff, cols, 2);
        double a3 = at(a, aOff, cols, 3);
        double a4 = at(a, aOff, cols, 4);
        double a5 = at(a, aOff, cols, 5);
        double a6 = at(a, aOff, cols, 6);
        for (int i = i0; i < i1; i++) {
            int r = off + i * cols;
            double ui = u[uOff + i];
            double udi = ud[udOff + i];
            if (next != null) {
                next[nextOff + i] = va[vaOff + i] + dot(w, r, cols, d0, d1, d2, d3, d4, d5, d6);
            }
            hv[r] = Math.fma(udi, a0, ui * d0);
            if (cols > 1) {
                hv[r + 1] = Math.fma(udi, a1, ui * d1);
                if (cols > 2) {
                    hv[r + 2] = Math.fma(udi, a2, ui * d2);
                    if (cols > 3) {
                        hv[r + 3] = Math.fma(udi, a3, ui * d3);
                        if (cols > 4) {
                            hv[r + 4] = Math.fma(udi, a4, ui * d4);
                            if (cols > 5) {
                                hv[r + 5] = Math.fma(udi, a5, ui * d5);
                                if (cols > 6) {
                                    hv[r + 6] = Math.fma(udi, a6, ui * d6);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
