package org.dlnlab.bench;

import org.bytedeco.javacpp.DoublePointer;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv;

/** OpenBLAS through bytedeco: the bench's dgemv ceiling (the core never calls it). */
final class OpenBlas {
    private OpenBlas() {
    }

    /** Loads the natives and makes OpenBLAS single-threaded; throws when it cannot be loaded. */
    static void init() {
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
    }

    /** Best GF/s of cblas_dgemv (row-major, y = A x) cycling over `count` d×d matrices. */
    static double dgemv(int d, int count, long targetNanos) {
        long per = (long) d * d;
        try (DoublePointer a = new DoublePointer(per * count); DoublePointer x = new DoublePointer(d);
             DoublePointer y = new DoublePointer(d)) {
            double[] chunk = new double[(int) Math.min(per * count, 1 << 16)];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = 1e-3 * ((i * 7919) % 13 - 6);
            }
            for (long i = 0; i < per * count; i += chunk.length) {
                a.position(i).put(chunk, 0, (int) Math.min(chunk.length, per * count - i));
            }
            a.position(0);
            for (int i = 0; i < d; i++) {
                x.put(i, 1.0 / (1 + i));
            }
            int reps = (int) Math.max(1, Math.min(1_000_000, 20_000_000L / (per * count)));
            double best = 0;
            long start = System.nanoTime();
            int batches = 0;
            while (batches < 5 || System.nanoTime() - start < targetNanos) {
                long t = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    for (int k = 0; k < count; k++) {
                        cblas_dgemv(CblasRowMajor, CblasNoTrans, d, d, 1.0, a.position(k * per), d, x, 1, 0.0, y, 1);
                    }
                }
                a.position(0);
                long ns = System.nanoTime() - t;
                best = Math.max(best, 2.0 * per * count * reps / ns);
                batches++;
            }
            return best;
        }
    }
}
