package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.data.Problem;
import org.dlnlab.kernels.Blocks;
import org.dlnlab.model.DeepLinearNet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

import java.nio.file.Path;
import java.util.random.RandomGenerator;

/** Where training starts: the initialization SPEC of docs/cli.md. */
public sealed interface Initialization {

    /** Fills a fresh parameter vector for the net (the rng is the run's "init" stream). */
    double[] create(DeepLinearNet net, Problem problem, RandomGenerator rng);

    /** The spec string as the user would type it. */
    String spec();

    static Initialization parse(String spec) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        String arg = colon < 0 ? null : s.substring(colon + 1);
        switch (kind) {
            case "small":
                return new SmallScale(scaleArgument(spec, arg));
            case "residual":
                return new Residual(scaleArgument(spec, arg));
            case "orthogonal":
                noArgument(spec, arg);
                return new Orthogonal();
            case "aligned-minimizer":
                noArgument(spec, arg);
                return new AlignedMinimizer();
            case "spectral":
                return new Spectral(scaleArgument(spec, arg));
            case "file":
                if (arg == null || arg.isEmpty()) {
                    throw new InvalidInputException(Input.INITIALIZATION, spec,
                            "expected file:PATH to a weights file (JSON, npz or safetensors)");
                }
                return new FromFile(Path.of(arg), WeightsFile.Layout.OUT_IN);
            default:
                throw new InvalidInputException(Input.INITIALIZATION, null, "unknown initialization \"" + spec
                        + "\"; expected small:S, residual:S, orthogonal, aligned-minimizer, spectral:DELTA or"
                        + " file:W.json");
        }
    }

    private static double scaleArgument(String spec, String arg) {
        try {
            double s = Double.parseDouble(arg);
            if (s >= 0 && Double.isFinite(s)) {
                return s;
            }
        } catch (NullPointerException | NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(Input.INITIALIZATION, spec, "expected a finite scale ≥ 0 after the colon,"
                + " e.g. " + spec.split(":")[0] + ":0.35");
    }

    private static void noArgument(String spec, String arg) {
        if (arg != null) {
            throw new InvalidInputException(Input.INITIALIZATION, spec, "this initialization takes no argument");
        }
    }

    /** i.i.d. N(0, s²) entries in every layer (the paper's small-scale initialization). */
    record SmallScale(double scale) implements Initialization {
        @Override
        public double[] create(DeepLinearNet net, Problem problem, RandomGenerator rng) {
            double[] w = new double[net.parameterCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = scale * rng.nextGaussian();
            }
            return w;
        }

        @Override
        public String spec() {
            return "small:" + scale;
        }
    }

    /** W_k = I + s/√(L·d)·N(0,1) on square layers, for the residual network with its fixed projection. */
    record Residual(double scale) implements Initialization {
        @Override
        public double[] create(DeepLinearNet net, Problem problem, RandomGenerator rng) {
            int depth = net.depth();
            int d = net.inputs();
            for (int k = 1; k <= depth; k++) {
                if (net.rows(k) != net.cols(k)) {
                    throw new InvalidInputException(Input.INITIALIZATION, spec(), "residual initialization needs"
                            + " square layers, but layer " + k + " is " + net.rows(k) + "×" + net.cols(k));
                }
            }
            double sd = scale / Math.sqrt((double) depth * d);
            double[] w = new double[net.parameterCount()];
            for (int k = 1; k <= depth; k++) {
                int off = net.offset(k);
                int m = net.rows(k);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        w[off + i * m + j] = (i == j ? 1 : 0) + sd * rng.nextGaussian();
                    }
                }
            }
            return w;
        }

        @Override
        public String spec() {
            return "residual:" + scale;
        }
    }

    /** Each layer a random (semi-)orthogonal matrix: orthonormal rows or columns, whichever are fewer. */
    record Orthogonal() implements Initialization {
        @Override
        public double[] create(DeepLinearNet net, Problem problem, RandomGenerator rng) {
            double[] w = new double[net.parameterCount()];
            for (int k = 1; k <= net.depth(); k++) {
                int r = net.rows(k);
                int c = net.cols(k);
                int tall = Math.max(r, c);
                int thin = Math.min(r, c);
                DMatrixRMaj g = new DMatrixRMaj(tall, thin);
                for (int i = 0; i < g.data.length; i++) {
                    g.data[i] = rng.nextGaussian();
                }
                QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(tall, thin);
                qr.decompose(g.copy());
                DMatrixRMaj q = qr.getQ(null, true);
                DMatrixRMaj rr = qr.getR(null, true);
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < c; j++) {
                        // Sign fix by diag(R) makes the draw Haar-distributed and independent of the QR code.
                        int row = r >= c ? i : j;
                        int col = r >= c ? j : i;
                        w[net.offset(k) + i * c + j] = q.get(row, col) * Math.signum(rr.get(col, col));
                    }
                }
            }
            return w;
        }

        @Override
        public String spec() {
            return "orthogonal";
        }
    }

    /**
     * The balanced, rank-one, aligned minimizer of docs/formulas.md §4: W_k = ‖w*‖^{1/L} v_k v_{k−1}ᵀ with
     * v_0 = w* / ‖w*‖, v_L chosen so that the output map is 1 (v_L = 1, or the projection q), and hidden
     * v_k = v_0 where the width is d, else e_1. Its end-to-end vector is exactly w*.
     */
    record AlignedMinimizer() implements Initialization {
        @Override
        public double[] create(DeepLinearNet net, Problem problem, RandomGenerator rng) {
            if (problem.p() != 1) {
                throw new InvalidInputException(Input.INITIALIZATION, spec(), "needs a single target, the data has "
                        + problem.p());
            }
            int d = problem.d();
            double[] wStar = problem.wStar();
            double norm = Blocks.norm(wStar, d);
            if (!(norm > 0)) {
                throw new InvalidInputException(Input.INITIALIZATION, spec(), "w* = 0 for this data, so the"
                        + " minimizer is W = 0 and has no alignment");
            }
            int depth = net.depth();
            double[][] v = new double[depth + 1][];
            v[0] = wStar.clone();
            Blocks.scale(1 / norm, v[0], d);
            for (int k = 1; k < depth; k++) {
                v[k] = new double[net.width(k)];
                if (net.width(k) == d) {
                    System.arraycopy(v[0], 0, v[k], 0, d);
                } else {
                    v[k][0] = 1;
                }
            }
            double[] proj = net.projection();
            v[depth] = proj != null ? proj : new double[]{1};
            // With a projection q the output is qᵀ v_L = ‖q‖²; dividing the layer scale keeps E = w*.
            double outScale = Blocks.dot(v[depth], v[depth], v[depth].length);
            double layer = Math.pow(norm, 1.0 / depth);
            double[] w = new double[net.parameterCount()];
            for (int k = 1; k <= depth; k++) {
                double s = k == depth ? layer / outScale : layer;
                for (int i = 0; i < net.rows(k); i++) {
                    for (int j = 0; j < net.cols(k); j++) {
                        w[net.offset(k) + i * net.cols(k) + j] = s * v[k][i] * v[k - 1][j];
                    }
                }
            }
            return w;
        }

        @Override
        public String spec() {
            return "aligned-minimizer";
        }
    }

    /**
     * Gidel et al.'s balanced spectral initialization: with Σ_xy = U diag(σ) Vᵀ (rank r), the end-to-end map starts
     * at E = e^{−δ} U Vᵀ = e^{−δ} Σ_i u_i v_iᵀ, split evenly over the layers: W_1 = s[Uᵀ; 0], W_k = s[I_r 0; 0 0],
     * W_L = s[V 0] with s = e^{−δ/L}, so consecutive layers are balanced (W_{k+1}ᵀW_{k+1} = W_kW_kᵀ). Under
     * commuting statistics every mode then starts at e^{−δ} and follows docs/formulas.md §6 alone.
     */
    record Spectral(double delta) implements Initialization {
        @Override
        public double[] create(DeepLinearNet net, Problem problem, RandomGenerator rng) {
            if (net.hasProjection()) {
                throw new InvalidInputException(Input.INITIALIZATION, spec(), "not defined for the residual network");
            }
            int d = problem.d();
            int p = problem.p();
            org.ejml.interfaces.decomposition.SingularValueDecomposition_F64<DMatrixRMaj> svd =
                    DecompositionFactory_DDRM.svd(d, p, true, true, true);
            if (!svd.decompose(new DMatrixRMaj(d, p, true, problem.sigmaXY().clone()))) {
                throw new IllegalStateException("SVD of Σ_xy failed");
            }
            DMatrixRMaj u = svd.getU(null, false);
            DMatrixRMaj v = svd.getV(null, false);
            double[] sv = svd.getSingularValues();
            double top = java.util.Arrays.stream(sv).max().orElse(0);
            int r = 0;
            for (int i = 0; i < svd.numberOfSingularValues(); i++) {
                if (sv[i] > Math.max(d, p) * Math.ulp(1.0) * top) {
                    r++;
                }
            }
            // Orders the kept directions by singular value so that mode i is the i-th largest.
            Integer[] order = new Integer[svd.numberOfSingularValues()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(sv[y], sv[x]));
            for (int k = 1; k < net.depth(); k++) {
                if (net.width(k) < r) {
                    throw new InvalidInputException(Input.INITIALIZATION, spec(), "hidden layer " + k + " has width "
                            + net.width(k) + ", the spectral initialization needs at least rank(Σ_xy) = " + r);
                }
            }
            double s = Math.exp(-delta / net.depth());
            double[] w = new double[net.parameterCount()];
            for (int k = 1; k <= net.depth(); k++) {
                int off = net.offset(k);
                int cols = net.cols(k);
                for (int i = 0; i < r; i++) {
                    int mode = order[i];
                    if (k == 1 && net.depth() == 1) {
                        // One layer: W_1 = s Σ_i v_i u_iᵀ (p×d).
                        for (int a = 0; a < p; a++) {
                            for (int b = 0; b < d; b++) {
                                w[off + a * cols + b] += s * v.get(a, mode) * u.get(b, mode);
                            }
                        }
                    } else if (k == 1) {
                        for (int b = 0; b < d; b++) {
                            w[off + i * cols + b] = s * u.get(b, mode);
                        }
                    } else if (k == net.depth()) {
                        for (int a = 0; a < p; a++) {
                            w[off + a * cols + i] = s * v.get(a, mode);
                        }
                    } else {
                        w[off + i * cols + i] = s;
                    }
                }
            }
            return w;
        }

        @Override
        public String spec() {
            return "spectral:" + delta;
        }
    }

    /** Weights read from a file of any format ({@link WeightsFile}) whose layers are stored in the given layout. */
    record FromFile(Path path, WeightsFile.Layout layout) implements Initialization {
        /** The same file read in another layout. */
        public FromFile withLayout(WeightsFile.Layout other) {
            return new FromFile(path, other);
        }

        @Override
        public double[] create(DeepLinearNet net, Problem problem, RandomGenerator rng) {
            WeightsJson.Loaded loaded = WeightsFile.read(path, layout);
            if (!java.util.Arrays.equals(loaded.net().widths(), net.widths())
                    || loaded.net().hasProjection() != net.hasProjection()) {
                throw new InvalidInputException(path + ": the weights describe " + loaded.net()
                        + ", the command asks for " + net);
            }
            return loaded.parameters();
        }

        @Override
        public String spec() {
            return "file:" + path;
        }
    }
}
