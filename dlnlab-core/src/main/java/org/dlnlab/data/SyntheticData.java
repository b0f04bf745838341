package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

import java.util.SplittableRandom;

/**
 * Gaussian regression problems with a chosen condition number, for checking the theory where the spectrum of
 * Σ is known in advance rather than measured from a real data set.
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    /**
     * n rows x ~ N(0, C), C = Q diag(s) Qᵀ with s log-spaced from 1 down to 1/κ and Q a random rotation;
     * y = xᵀw + σ·ε with w a uniformly random unit vector (w ~ N(0, I/d), normalized) and ε ~ N(0, 1).
     * Q, w, X and the noise each draw from their own split of {@code seed}, so Q and w do not depend on n.
     *
     * @param conditionNumber κ = s_max / s_min ≥ 1
     * @param noiseStd        σ ≥ 0
     */
    public static Dataset gaussian(int n, int d, double conditionNumber, double noiseStd, long seed) {
        String source = "synthetic(n=" + n + ",d=" + d + ",kappa=" + conditionNumber + ",noise=" + noiseStd
                + ",seed=" + seed + ")";
        if (n < 1 || d < 1 || !(conditionNumber >= 1) || Double.isInfinite(conditionNumber)
                || !(noiseStd >= 0) || Double.isInfinite(noiseStd)) {
            throw new InvalidInputException(source + ": expected n ≥ 1, d ≥ 1, a finite kappa ≥ 1 and a finite"
                    + " noise ≥ 0");
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom rotationRandom = root.split();
        SplittableRandom regressorRandom = root.split();
        SplittableRandom inputRandom = root.split();
        SplittableRandom noiseRandom = root.split();

        // A = Q diag(√s), so that x = A z with z ~ N(0, I) has covariance A Aᵀ = Q diag(s) Qᵀ.
        DMatrixRMaj a = randomRotation(d, rotationRandom);
        for (int k = 0; k < d; k++) {
            double s = d == 1 ? 1 : Math.pow(conditionNumber, -(double) k / (d - 1)); // s_k = κ^(−k/(d−1))
            for (int i = 0; i < d; i++) {
                a.set(i, k, a.get(i, k) * Math.sqrt(s));
            }
        }
        DMatrixRMaj z = gaussianMatrix(n, d, inputRandom);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        CommonOps_DDRM.multTransB(z, a, x); // X = Z Aᵀ, one row per sample

        DMatrixRMaj w = gaussianMatrix(d, 1, regressorRandom);
        CommonOps_DDRM.divide(w, NormOps_DDRM.normF(w)); // a Gaussian vector is nonzero almost surely
        DMatrixRMaj y = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(x, w, y);
        for (int i = 0; i < n; i++) {
            y.data[i] += noiseStd * noiseRandom.nextGaussian();
        }

        String[] features = new String[d];
        for (int k = 0; k < d; k++) {
            features[k] = "x" + k;
        }
        return new Dataset(source, features, new String[] {"y"}, x.data, y.data);
    }

    /**
     * A Haar-random d×d orthogonal matrix: the Q of a Gaussian matrix's QR, with each column's sign set so
     * that R has a positive diagonal; without that the result would depend on the QR implementation's signs.
     */
    static DMatrixRMaj randomRotation(int d, SplittableRandom random) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(d, d);
        if (!qr.decompose(gaussianMatrix(d, d, random))) {
            throw new IllegalStateException("QR decomposition of a Gaussian matrix failed");
        }
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        for (int k = 0; k < d; k++) {
            if (r.get(k, k) < 0) {
                for (int i = 0; i < d; i++) {
                    q.set(i, k, -q.get(i, k));
                }
            }
        }
        return q;
    }

    private static DMatrixRMaj gaussianMatrix(int rows, int cols, SplittableRandom random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }
}
