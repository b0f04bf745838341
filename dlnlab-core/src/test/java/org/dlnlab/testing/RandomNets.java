package org.dlnlab.testing;

import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;

import java.util.SplittableRandom;

/** Random data, networks and points for property tests. */
public final class RandomNets {
    private RandomNets() {
    }

    public static Problem problem(int n, int d, int p, SplittableRandom rng) {
        return Problem.of(dataset(n, d, p, rng));
    }

    /** n samples of d standard Gaussian inputs and p standard Gaussian targets (x drawn first, then y). */
    public static Dataset dataset(int n, int d, int p, SplittableRandom rng) {
        double[] x = gaussian(n * d, 1.0, rng);
        double[] y = gaussian(n * p, 1.0, rng);
        String[] f = new String[d];
        for (int i = 0; i < d; i++) {
            f[i] = "x" + i;
        }
        String[] t = new String[p];
        for (int i = 0; i < p; i++) {
            t[i] = "y" + i;
        }
        return new Dataset("random", f, t, x, y);
    }

    /** A plain net d, h_1..h_{L−1}, p with random hidden widths in [1, maxWidth]. */
    public static DeepLinearNet net(int d, int p, int depth, int maxWidth, SplittableRandom rng) {
        int[] w = new int[depth + 1];
        w[0] = d;
        for (int k = 1; k < depth; k++) {
            w[k] = 1 + rng.nextInt(maxWidth);
        }
        w[depth] = p;
        return DeepLinearNet.of(w);
    }

    public static double[] gaussian(int n, double scale, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * rng.nextGaussian();
        }
        return v;
    }

    /** ‖a − b‖ / max(‖b‖, tiny). */
    public static double relativeError(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
    }
}
