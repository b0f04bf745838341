package org.dlnlab.objective;

import org.dlnlab.curvature.RangeRestriction;

import org.dlnlab.kernels.Blocks;
import org.dlnlab.kernels.ChainPasses;
import org.dlnlab.kernels.Kernels;
import org.dlnlab.kernels.RangeLinks;
import org.dlnlab.model.DeepLinearNet;

/**
 * The Hessian of a one-output deep linear network restricted to its range, in orthonormal coordinates.
 * <p>
 * Every Hessian–vector product has layer blocks (HV)_k = u̇_k a_kᵀ + u_k ȧ_kᵀ (see {@link Objective#hvp}) with the
 * point's own u_k and a_k, so the range of H lies in S = ⊕_k S_k, S_k = {x a_kᵀ + u_k yᵀ}, of dimension at most
 * Σ_k (d_k + d_{k−1} − 1) instead of N = Σ_k d_k d_{k−1}. H = P_S H P_S, so the nonzero spectrum of H is that of
 * H restricted to S, and every eigenvector of a nonzero eigenvalue lies in S.
 * <p>
 * Coordinates: layer k holds x (d_k entries) then y (d_{k−1} entries) for the block x âᵀ + û yᵀ, with â = a_k/‖a_k‖
 * and û = u_k/‖u_k‖ (0 where a_k or u_k is 0) and y ⊥ â. On vectors that satisfy the constraint the Euclidean
 * inner product is the Frobenius one, so norms, residuals and eigenvectors carry over unchanged; {@link #apply}
 * projects its input onto the constraint first, which keeps the operator symmetric on all of R^M (with zero
 * eigenvalues on the excluded directions; an N-dimensional H has at least as many zero eigenvalues when M ≤ N).
 * <p>
 * One product costs a backward and a forward chain through the weights (W_kᵀ u̇_k, W_k ȧ_k: 4N flops, 16N bytes)
 * plus O(M) work: half the full product's passes, and no N-sized vector is read or written. Nets whose layers are
 * all at most {@value RangeLinks#PAD} wide (the paper's) run on {@link RangeLinks} when the Vector API is loaded: at
 * d = 5 the O(M) work, done entry by entry, costs as much as the chains.
 * <p>
 * Valid for the objective's cached point at the last {@link #refresh}; not thread-safe.
 */
public final class ReducedHessian implements RangeRestriction {
    private final LinearChainObjective o;
    private final DeepLinearNet net;
    private final int depth;
    private final int d;
    /** Start of layer k's coordinates (x then y) at coord[k − 1]; M at coord[depth]. */
    private final int[] coord;
    /**
     * The chains in the coordinates' layout, shifted by d: u̇_0 at [0, d), then for each layer k u̇_k where its x
     * lies and ȧ_k where its y lies; so the output block of layer k is an entrywise function of its chain block.
     */
    private final double[] z;
    /** â_k at the y of layer k (in coordinate layout; 0 at the x). */
    private final double[] aHat;
    /** The layer of each coordinate, and where in z its V-term goes (see {@link #apply}). */
    private final int[] layerOf;
    private final int[] target;
    /** Per-layer scalars of one product: x·u_k − ‖u_k‖ y·â_k, then ȧ_k·â_k. */
    private final double[] perLayer;
    /** x·u_k − ‖u_k‖ y·â_k = Σ c·g over layer k's block: g = u_k on x, −‖u_k‖â_k on y. */
    private final double[] g;
    /** The output block of layer k is scale ∘ (its chain block) + (ȧ_k·â_k) g: scale = ‖a_k‖ on x, ‖u_k‖ on y. */
    private final double[] scale;
    /** û_k at the x of layer k (0 at the y); ‖a_k‖ and ‖u_k‖ by layer (index k − 1). */
    private final double[] uHat;
    private final double[] aNorm;
    private final double[] uNorm;
    /** The one-output passes, with the accumulating variants that the objective's {@code LayerPasses} lack. */
    private final ChainPasses passes = new ChainPasses();
    /** The narrow nets' vector path (null: the general one). */
    private final RangeLinks links;
    private final int[] chain;
    private final int[] yAt;

    ReducedHessian(LinearChainObjective o) {
        this(o, true);
    }

    /** @param fused whether narrow nets may run on {@link RangeLinks} (false: the general path, for tests) */
    ReducedHessian(LinearChainObjective o, boolean fused) {
        this.o = o;
        this.net = o.model();
        this.depth = net.depth();
        this.d = net.inputs();
        coord = new int[depth + 1];
        for (int k = 1; k <= depth; k++) {
            coord[k] = coord[k - 1] + net.rows(k) + net.cols(k);
        }
        int m = coord[depth];
        // One spare entry at the end takes the V-terms of layer L's x, which feed no chain (ȧ_{L+1} does not exist).
        z = new double[d + m + 1];
        layerOf = new int[m];
        target = new int[m];
        for (int k = 1; k <= depth; k++) {
            int x = coord[k - 1];
            int y = x + net.rows(k);
            for (int i = x; i < y; i++) {
                layerOf[i] = k - 1;
                target[i] = k < depth ? d + coord[k] + net.rows(k + 1) + (i - x) : d + m;
            }
            for (int j = y; j < coord[k]; j++) {
                layerOf[j] = k - 1;
                target[j] = prevX(k) + (j - y);
            }
        }
        perLayer = new double[depth];
        aHat = new double[m];
        g = new double[m];
        scale = new double[m];
        uHat = new double[m];
        aNorm = new double[depth];
        uNorm = new double[depth];
        int[] widths = new int[depth + 1];
        chain = new int[depth + 1];
        yAt = new int[depth];
        for (int k = 0; k <= depth; k++) {
            widths[k] = net.width(k);
            chain[k] = o.at(k);
        }
        for (int k = 1; k <= depth; k++) {
            yAt[k - 1] = coord[k - 1] + net.rows(k);
        }
        links = fused ? Kernels.rangeLinks(widths) : null;
    }

    /**
     * Rereads ‖a_k‖, ‖u_k‖ and their directions from the objective's cached point (and the general path's g and scale,
     * which {@link RangeLinks} does without).
     */
    void refresh() {
        for (int k = 1; k <= depth; k++) {
            int rows = net.rows(k);
            int cols = net.cols(k);
            int x = coord[k - 1];
            int y = x + rows;
            double an = unit(o.a, o.at(k - 1), cols, aHat, y);
            double un = unit(o.u, o.at(k), rows, uHat, x);
            aNorm[k - 1] = an;
            uNorm[k - 1] = un;
            if (links != null) {
                continue;
            }
            for (int i = 0; i < rows; i++) {
                g[x + i] = o.u[o.at(k) + i];
                scale[x + i] = an;
            }
            for (int j = 0; j < cols; j++) {
                g[y + j] = -un * aHat[y + j];
                scale[y + j] = un;
            }
        }
        if (links != null) {
            links.load(o.cachedPoint, o.problem().sigma(), o.gradientFactor(), o.u, chain, aHat, yAt,
                    aNorm, uNorm);
        }
    }

    /** out[oOff..] = x/‖x‖ (0 when x = 0); returns ‖x‖. */
    private static double unit(double[] x, int off, int n, double[] out, int oOff) {
        double norm = Math.sqrt(Blocks.dot(x, off, x, off, n));
        double inv = norm > 0 ? 1 / norm : 0;
        for (int i = 0; i < n; i++) {
            out[oOff + i] = inv * x[off + i];
        }
        return norm;
    }

    /** M = Σ_k (d_k + d_{k−1}), the length of a coordinate vector. */
    @Override
    public int dimension() {
        return coord[depth];
    }

    /** c ← the nearest vector that satisfies the constraint (y ⊥ â; x = 0 where a_k = 0, y = 0 where u_k = 0). */
    @Override
    public void constrain(double[] c) {
        for (int k = 1; k <= depth; k++) {
            int x = coord[k - 1];
            int y = x + net.rows(k);
            int end = coord[k];
            if (aNorm[k - 1] == 0) {
                java.util.Arrays.fill(c, x, y, 0.0);
            }
            if (uNorm[k - 1] == 0) {
                java.util.Arrays.fill(c, y, end, 0.0);
            } else {
                double s = Blocks.dot(c, y, aHat, y, end - y);
                for (int j = y; j < end; j++) {
                    c[j] = Math.fma(-s, aHat[j], c[j]);
                }
            }
        }
    }

    /**
     * dim S = Σ_k dim S_k: x is free where a_k ≠ 0 (d_k), y where u_k ≠ 0 (d_{k−1}), less one for y ⊥ â when both
     * are.
     */
    @Override
    public int subspaceDimension() {
        int dim = 0;
        for (int k = 1; k <= depth; k++) {
            boolean a = aNorm[k - 1] != 0;
            boolean u = uNorm[k - 1] != 0;
            dim += (a ? net.rows(k) : 0) + (u ? net.cols(k) - (a ? 1 : 0) : 0);
        }
        return dim;
    }

    /** c = coordinates of P_S v (v in the network's parameter layout): x = V_k â, y = V_kᵀû − (ûᵀV_k â) â. */
    @Override
    public void project(double[] v, double[] c) {
        for (int k = 1; k <= depth; k++) {
            int x = coord[k - 1];
            int rows = net.rows(k);
            int cols = net.cols(k);
            passes.mult(v, net.offset(k), rows, cols, x + rows, x, aHat, c);
            passes.transMult(v, net.offset(k), rows, cols, x + rows, x, uHat, c);
        }
        constrain(c);
    }

    /** v = the vector of coordinates c (which must satisfy the constraint): V_k = x âᵀ + û yᵀ. */
    @Override
    public void expand(double[] c, double[] v) {
        for (int k = 1; k <= depth; k++) {
            int x = coord[k - 1];
            int rows = net.rows(k);
            // The HVP's forward pass writes exactly u̇ aᵀ + u ȧᵀ; with no next link ȧ_{k+1} is not stored (the vector
            // kernel still reads the weights for it; this runs once per estimate, so that costs little).
            passes.hvpForward(o.cachedPoint, net.offset(k), rows, net.cols(k), x + rows, x, c, null, null, c, uHat,
                    aHat, v);
        }
    }

    /**
     * out = coordinates of H·J(Πc), J(c) = ⊕_k (x âᵀ + û yᵀ), Π the constraint. With V_k = x âᵀ + û y'ᵀ
     * (y' = y − (y·â)â): V_kᵀu_k = ‖u‖y + (x·u − ‖u‖ y·â) â and V_k a_k = ‖a‖x, so the chains of
     * {@link Objective#hvp} need the weights only for W_kᵀu̇_k and W_k ȧ_k; the output block u̇ aᵀ + u ȧᵀ has
     * x = ‖a‖u̇ + (ȧ·â) u and y = ‖u‖(ȧ − (ȧ·â) â).
     */
    @Override
    public void apply(double[] c, double[] out) {
        if (links != null) {
            links.apply(c, coord, out);
            return;
        }
        double[] w = o.cachedPoint;
        int m = coord[depth];
        // The V_k terms need no chain: u̇_{k−1} starts from V_kᵀu_k = ‖u_k‖y + coef_k â_k (in the x of layer k − 1)
        // and ȧ_{k+1} from V_k a_k = ‖a_k‖x (in the y of layer k + 1): z[target] = scale·c + coef_k â_k.
        for (int k = 1; k <= depth; k++) {
            double coef = 0;
            for (int i = coord[k - 1]; i < coord[k]; i++) {
                coef = Math.fma(c[i], g[i], coef);
            }
            perLayer[k - 1] = coef;
        }
        for (int i = 0; i < m; i++) {
            z[target[i]] = Math.fma(perLayer[layerOf[i]], aHat[i], scale[i] * c[i]);
        }
        // u̇_{k−1} = V_kᵀu_k + W_kᵀu̇_k (u̇_L = 0), then ȧ_1 = 2cΣu̇_0 and ȧ_{k+1} = V_k a_k + W_k ȧ_k.
        for (int k = depth - 1; k >= 1; k--) {
            passes.transMultAdd(w, net.offset(k), net.rows(k), net.cols(k), prevX(k), d + coord[k - 1], z, z);
        }
        o.gradientOfE(z, 0, z, d + net.rows(1));
        for (int k = 1; k < depth; k++) {
            passes.multAdd(w, net.offset(k), net.rows(k), net.cols(k), d + coord[k - 1] + net.rows(k),
                    d + coord[k] + net.rows(k + 1), z, z);
        }
        // Output block k = scale ∘ (u̇_k, ȧ_k) + (ȧ_k·â_k) g.
        for (int k = 1; k <= depth; k++) {
            double t = 0;
            for (int j = coord[k - 1] + net.rows(k); j < coord[k]; j++) {
                t = Math.fma(z[d + j], aHat[j], t);
            }
            perLayer[k - 1] = t;
        }
        for (int i = 0; i < m; i++) {
            out[i] = Math.fma(scale[i], z[d + i], perLayer[layerOf[i]] * g[i]);
        }
    }

    /** Where u̇_{k−1} lies in z: the x of layer k − 1, or [0, d) for k = 1. */
    private int prevX(int k) {
        return k == 1 ? 0 : d + coord[k - 2];
    }
}
