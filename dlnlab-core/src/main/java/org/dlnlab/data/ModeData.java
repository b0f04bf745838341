package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.SplittableRandom;

/**
 * The built-in generators of Gidel, Bach &amp; Lacoste-Julien's setting (docs/formulas.md §6): data whose statistics
 * are prescribed exactly rather than sampled, so that the per-mode theory applies to the digit.
 * <pre>
 *   builtin:commuting:sigma=σ_1,…,σ_p[:lambda=λ_1,…,λ_d][:seed=S]
 *   builtin:noncommuting:sigma=σ_1,…,σ_p:lambda=λ_1,…,λ_d:angle=θ[:seed=S]
 * </pre>
 * Both give n = d rows with Σ = XᵀX/n = Q diag(λ) Qᵀ and Σ_xy = XᵀY/n = U diag(σ) Vᵀ (U, V seeded random rotations,
 * d×d and p×p; σ in the order given, p ≤ d). Commuting data have Q = U; {@code lambda} defaults to 1 for every input
 * (whitened data), and σ_i = λ_i is the autoencoder. Non-commuting data rotate Σ's eigenbasis by θ in the plane of
 * u_1 and u_2 (Q = U·G(θ)): θ = 0 commutes, and ‖ΣΣ_xyΣ_xyᵀ − Σ_xyΣ_xyᵀΣ‖ grows with |sin 2θ|·|λ_1 − λ_2|.
 */
public final class ModeData {
    private static final String BUILTIN = "builtin:";
    private static final String COMMUTING = "commuting";
    private static final String NONCOMMUTING = "noncommuting";

    private ModeData() {
    }

    /** Whether {@code spec} names one of these generators (then {@link #load} reads it). */
    public static boolean accepts(String spec) {
        return spec.startsWith(BUILTIN + COMMUTING + ":") || spec.startsWith(BUILTIN + NONCOMMUTING + ":")
                || spec.equals(BUILTIN + COMMUTING) || spec.equals(BUILTIN + NONCOMMUTING);
    }

    /** The generated data set of a spec that {@link #accepts} names; its columns are x1..xd and y1..yp. */
    public static Dataset load(String spec, Columns columns) {
        if (!columns.targets().isEmpty() || !columns.features().isEmpty() || !columns.dropped().isEmpty()) {
            throw new InvalidInputException(spec + ": a generated data set has the columns x1..xd, y1..yp; the choice"
                    + " of targets, features or dropped columns does not apply");
        }
        String[] parts = spec.substring(BUILTIN.length()).split(":");
        boolean commuting = parts[0].equals(COMMUTING);
        double[] sigma = null;
        double[] lambda = null;
        Double angle = null;
        long seed = 0;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String value = kv.length == 2 ? kv[1] : "";
            switch (kv[0]) {
                case "sigma" -> sigma = positives(spec, "sigma", value);
                case "lambda" -> lambda = positives(spec, "lambda", value);
                case "angle" -> {
                    if (commuting) {
                        throw new InvalidInputException(spec + ": commuting data take no angle; use builtin:"
                                + NONCOMMUTING);
                    }
                    angle = number(spec, "angle", value);
                }
                case "seed" -> {
                    try {
                        seed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(spec + ": seed=" + value + " is not an integer");
                    }
                }
                default -> throw new InvalidInputException(spec + ": unknown parameter \"" + kv[0] + "\"; expected "
                        + (commuting ? "sigma=…, lambda=…, seed=S" : "sigma=…, lambda=…, angle=θ, seed=S"));
            }
        }
        if (sigma == null) {
            throw new InvalidInputException(spec + ": missing sigma=σ_1,…,σ_p (the singular values of Σ_xy)");
        }
        if (!commuting && (lambda == null || angle == null)) {
            throw new InvalidInputException(spec + ": non-commuting data need lambda=λ_1,…,λ_d and angle=θ");
        }
        if (lambda == null) {
            lambda = new double[sigma.length];
            java.util.Arrays.fill(lambda, 1.0);
        }
        if (sigma.length > lambda.length) {
            throw new InvalidInputException(spec + ": " + sigma.length + " singular values need at least as many"
                    + " inputs, lambda has " + lambda.length);
        }
        if (!commuting && lambda.length < 2) {
            throw new InvalidInputException(spec + ": the rotation by θ needs at least 2 inputs");
        }
        return generate(spec, lambda, sigma, angle == null ? 0 : angle, seed);
    }

    /**
     * X = √n diag(√λ) Qᵀ, so XᵀX/n = Q diag(λ) Qᵀ; Y = √n diag(1/√λ) Qᵀ Σ_xy, so XᵀY/n = Σ_xy = U diag(σ) Vᵀ.
     * U and V draw from their own splits of the seed, so they do not depend on λ, σ or θ.
     */
    static Dataset generate(String source, double[] lambda, double[] sigma, double angle, long seed) {
        int d = lambda.length;
        int p = sigma.length;
        SplittableRandom root = new SplittableRandom(seed);
        DMatrixRMaj u = SyntheticData.randomRotation(d, root.split());
        DMatrixRMaj v = SyntheticData.randomRotation(p, root.split());
        DMatrixRMaj q = u.copy();
        if (angle != 0) {
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            for (int i = 0; i < d; i++) {
                q.set(i, 0, c * u.get(i, 0) + s * u.get(i, 1));
                q.set(i, 1, -s * u.get(i, 0) + c * u.get(i, 1));
            }
        }
        DMatrixRMaj sigmaXY = new DMatrixRMaj(d, p);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < p; b++) {
                double sum = 0;
                for (int i = 0; i < p; i++) {
                    sum += u.get(a, i) * sigma[i] * v.get(b, i);
                }
                sigmaXY.set(a, b, sum);
            }
        }
        int n = d;
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x.set(i, j, Math.sqrt(n * lambda[i]) * q.get(j, i));
            }
        }
        DMatrixRMaj qtSxy = new DMatrixRMaj(d, p);
        CommonOps_DDRM.multTransA(q, sigmaXY, qtSxy);
        DMatrixRMaj y = new DMatrixRMaj(n, p);
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < p; b++) {
                y.set(i, b, Math.sqrt(n / lambda[i]) * qtSxy.get(i, b));
            }
        }
        String[] features = new String[d];
        for (int j = 0; j < d; j++) {
            features[j] = "x" + (j + 1);
        }
        String[] targets = new String[p];
        for (int b = 0; b < p; b++) {
            targets[b] = "y" + (b + 1);
        }
        return new Dataset(source, features, targets, x.data, y.data);
    }

    /** The SHA-256 of the generated X and Y (their IEEE bits, row-major): the data, not the spec's wording. */
    static String sha256(String spec) {
        Dataset data = load(spec, new Columns(null, null, null));
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 * (data.x().length + data.y().length));
        bytes.asDoubleBuffer().put(data.x()).put(data.y());
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static double[] positives(String spec, String key, String value) {
        String[] items = value.split(",");
        double[] out = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = number(spec, key, items[i]);
            if (!(out[i] > 0)) {
                throw new InvalidInputException(spec + ": " + key + " must be positive numbers, got " + items[i]);
            }
        }
        return out;
    }

    private static double number(String spec, String key, String value) {
        try {
            double x = Double.parseDouble(value);
            if (Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(spec + ": " + key + "=" + value + ": expected finite numbers");
    }
}
