package org.dlnlab.testing;

import java.util.SplittableRandom;

/** Small dense linear algebra on double[][] for the tests' oracles, written out so it shares no code with the kernels. */
public final class Matrices {
    private Matrices() {
    }

    public static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** Row-major flattening. */
    public static double[] flat(double[][] a) {
        int c = a[0].length;
        double[] f = new double[a.length * c];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * c, c);
        }
        return f;
    }

    /** A Haar-ish random orthogonal matrix by Gram–Schmidt (twice) on Gaussian columns; the columns are the basis. */
    public static double[][] orthogonal(int m, SplittableRandom rng) {
        double[][] q = new double[m][m];
        for (int j = 0; j < m; j++) {
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = rng.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += q[i][k] * v[i];
                    }
                    for (int i = 0; i < m; i++) {
                        v[i] -= dot * q[i][k];
                    }
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                q[i][j] = v[i] / norm;
            }
        }
        return q;
    }
}
