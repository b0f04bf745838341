package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.InvalidInputException.Setting;
import org.dlnlab.InvalidInputException.Text;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import java.util.Arrays;

/**
 * The sufficient statistics of a regression problem, computed once from the n×d data: after this, training
 * never touches X again, because R(E) = tr((E − W*)ᵀ Σ (E − W*)) + R_min (docs/formulas.md §1).
 * Σ = XᵀX/n, Σ_xy = XᵀY/n, W* = pinv(X) Y (the minimum-norm least-squares solution, also for n &lt; d),
 * R_min = (1/n)‖Y − X W*‖²_F. All matrices are row-major.
 * <p>
 * For the risk's quadratic term the statistics also hold a factor F of Σ = FᵀF (the triangular factor of a QR of
 * X/√n): with Σ itself, eᵀΣe carries an absolute error of about ε‖Σ‖‖e‖², larger than the term once GD interpolates
 * data with n &lt; d (E − W* then lies mostly in Σ's null space), while ‖Fe‖² can never round below zero. R_min is a
 * squared residual norm, read as 0 below {@value #R_MIN_ZERO}·‖Y‖²/n (data the model interpolates).
 */
public final class Problem {
    private final int n;
    private final int d;
    private final int p;
    private final double[] sigma;
    private final double[] sigmaXY;
    private final double[] wStar;
    private final double rMin;
    private final double yMeanSquare;
    private final double[] sigmaFactor;
    private final double[] sigmaEigenvalues;
    private final double[] sigmaEigenvectors;

    private Problem(int n, int d, int p, double[] sigma, double[] sigmaXY, double[] wStar, double rMin,
                    double yMeanSquare, double[] sigmaFactor) {
        this.n = n;
        this.d = d;
        this.p = p;
        this.sigma = sigma;
        this.sigmaXY = sigmaXY;
        this.wStar = wStar;
        this.rMin = rMin;
        this.yMeanSquare = yMeanSquare;
        this.sigmaFactor = sigmaFactor;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(new DMatrixRMaj(d, d, true, sigma))) {
            throw new IllegalStateException("eigendecomposition of the covariance failed");
        }
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(a).real, eig.getEigenvalue(b).real));
        sigmaEigenvalues = new double[d];
        sigmaEigenvectors = new double[d * d];
        double top = Math.max(0, eig.getEigenvalue(order[d - 1]).real);
        for (int i = 0; i < d; i++) {
            double ev = eig.getEigenvalue(order[i]).real;
            // Σ is PSD: eigenvalues at round-off level of the largest are zeros of a rank-deficient X.
            sigmaEigenvalues[i] = ev <= d * 1e-14 * top ? 0.0 : ev;
            DMatrixRMaj v = eig.getEigenVector(order[i]);
            for (int j = 0; j < d; j++) {
                sigmaEigenvectors[j * d + i] = v.get(j);
            }
        }
    }

    /** R_min below this multiple of ‖Y‖²/n is round-off of a zero residual. */
    static final double R_MIN_ZERO = 1e-13;

    /** Beyond these magnitudes products of two entries leave float64's normal range (≈1e±308). */
    private static final double TOO_SMALL = 1e-150;
    private static final double TOO_LARGE = 1e150;

    /** What such columns are advised to take instead of a rescaling by hand. */
    private static final Setting ZSCORE = new Setting(Input.STANDARDIZATION, Standardization.ZSCORE.label());

    /** Builds the statistics of a data set; columns whose squares overflow or underflow are refused. */
    public static Problem of(Dataset data) {
        int n = data.n();
        int d = data.d();
        int p = data.p();
        for (int j = 0; j < d; j++) {
            double max = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, Math.abs(data.x()[i * d + j]));
            }
            if (max > TOO_LARGE || (max > 0 && max < TOO_SMALL)) {
                throw new InvalidInputException(new Text(data.source() + ", column \"" + data.featureNames()[j]
                        + "\": values of magnitude " + max + " are too " + (max > TOO_LARGE ? "large" : "small")
                        + " for float64 (XᵀX would " + (max > TOO_LARGE ? "overflow" : "underflow")
                        + "); rescale the column or use "), ZSCORE);
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(n, d, true, data.x());
        DMatrixRMaj y = new DMatrixRMaj(n, p, true, data.y());
        DMatrixRMaj sigma = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(x, x, sigma);
        CommonOps_DDRM.scale(1.0 / n, sigma);
        DMatrixRMaj sigmaXY = new DMatrixRMaj(d, p);
        CommonOps_DDRM.multTransA(x, y, sigmaXY);
        CommonOps_DDRM.scale(1.0 / n, sigmaXY);
        if (!allFinite(sigma.data) || !allFinite(sigmaXY.data)) {
            throw new InvalidInputException(new Text(data.source()
                    + ": the values are too large for float64 (XᵀX overflows); rescale the columns or use "), ZSCORE);
        }
        double[] wStar = minimumNormSolution(x, y);
        DMatrixRMaj residual = new DMatrixRMaj(n, p);
        CommonOps_DDRM.mult(x, new DMatrixRMaj(d, p, true, wStar), residual);
        CommonOps_DDRM.subtract(y, residual, residual);
        double rMin = sumOfSquares(residual.data) / n;
        double yMeanSquare = sumOfSquares(y.data) / n;
        if (rMin < R_MIN_ZERO * yMeanSquare) {
            rMin = 0;
        }
        return new Problem(n, d, p, sigma.data, sigmaXY.data, wStar, rMin, yMeanSquare, covarianceFactor(x));
    }

    private static double sumOfSquares(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }

    /** F = R of X/√n = QR: min(n, d) × d, upper trapezoidal, FᵀF = XᵀX/n. */
    private static double[] covarianceFactor(DMatrixRMaj x) {
        DMatrixRMaj scaled = x.copy();
        CommonOps_DDRM.scale(1.0 / Math.sqrt(x.numRows), scaled);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(x.numRows, x.numCols);
        if (!qr.decompose(scaled)) {
            throw new IllegalStateException("QR of the data failed");
        }
        return qr.getR(null, true).data;
    }

    /** W* = V S⁺ Uᵀ Y, with singular values below max(n,d)·ε·σ_max treated as zero (NumPy's pinv rule). */
    private static double[] minimumNormSolution(DMatrixRMaj x, DMatrixRMaj y) {
        int n = x.numRows;
        int d = x.numCols;
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, true, true, true);
        if (!svd.decompose(x.copy())) {
            throw new IllegalStateException("SVD of the data failed");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        int rank = svd.numberOfSingularValues();
        double[] s = Arrays.copyOf(svd.getSingularValues(), rank);
        double sMax = Arrays.stream(s).max().orElse(0);
        double cutoff = Math.max(n, d) * Math.ulp(1.0) * sMax;
        DMatrixRMaj uty = new DMatrixRMaj(u.numCols, y.numCols);
        CommonOps_DDRM.multTransA(u, y, uty);
        for (int i = 0; i < s.length; i++) {
            double inv = s[i] > cutoff ? 1.0 / s[i] : 0.0;
            for (int q = 0; q < y.numCols; q++) {
                uty.set(i, q, uty.get(i, q) * inv);
            }
        }
        DMatrixRMaj w = new DMatrixRMaj(d, y.numCols);
        CommonOps_DDRM.mult(v, uty, w);
        return w.data;
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public int n() {
        return n;
    }

    public int d() {
        return d;
    }

    public int p() {
        return p;
    }

    /** Σ = XᵀX/n, d×d row-major (shared: do not modify). */
    public double[] sigma() {
        return sigma;
    }

    /** Σ_xy = XᵀY/n, d×p row-major (shared: do not modify). */
    public double[] sigmaXY() {
        return sigmaXY;
    }

    /** W*, d×p row-major (shared: do not modify). */
    public double[] wStar() {
        return wStar;
    }

    /** R_min = (1/n)‖Y − XW*‖² in the paper's convention (no ½). */
    public double rMin() {
        return rMin;
    }

    /** ‖Y‖²_F/n: the risk of the zero predictor in the paper's convention. */
    public double yMeanSquare() {
        return yMeanSquare;
    }

    /**
     * F with Σ = FᵀF, {@link #sigmaFactorRows()} × d row-major, zero below the diagonal (shared: do not modify).
     * eᵀΣe = ‖Fe‖² is how a risk is evaluated wherever ⟨e, Σe⟩ would lose its digits.
     */
    public double[] sigmaFactor() {
        return sigmaFactor;
    }

    /** The rows of F: min(n, d). */
    public int sigmaFactorRows() {
        return sigmaFactor.length / d;
    }

    /** Eigenvalues of Σ in ascending order, round-off zeros set to 0. */
    public double[] sigmaEigenvalues() {
        return sigmaEigenvalues.clone();
    }

    /** Eigenvectors of Σ as the columns of a d×d row-major matrix, in the order of {@link #sigmaEigenvalues()}. */
    public double[] sigmaEigenvectors() {
        return sigmaEigenvectors.clone();
    }
}
