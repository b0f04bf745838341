package org.dlnlab.theory;

/**
 * Closed forms of Gidel, Bach &amp; Lacoste-Julien (2019) and Saxe et al. (2014) for one mode w_i = u_iᵀEv_i under
 * commuting statistics Σ = U diag(λ) Uᵀ, Σ_xy = U diag(σ) Vᵀ and a balanced spectral initialization
 * (docs/formulas.md §6, half-mse loss). Each mode evolves alone and converges to σ_i/λ_i.
 */
public final class TwoLayerModes {
    private TwoLayerModes() {
    }

    /** Linear model, gradient flow: w(t) = σ/λ + (w(0) − σ/λ) e^{−λt}. */
    public static double linearFlow(double sigma, double lambda, double w0, double t) {
        return sigma / lambda + (w0 - sigma / lambda) * Math.exp(-lambda * t);
    }

    /** Linear model, gradient descent: w(k) = σ/λ + (w(0) − σ/λ)(1 − ηλ)^k. */
    public static double linearGd(double sigma, double lambda, double w0, double eta, int k) {
        return sigma / lambda + (w0 - sigma / lambda) * Math.pow(1 - eta * lambda, k);
    }

    /** Two-layer network, gradient flow: w(t) = (σ/λ) / (1 + (σ/(λ w(0)) − 1) e^{−2σt}). */
    public static double twoLayerFlow(double sigma, double lambda, double w0, double t) {
        double target = sigma / lambda;
        return target / (1 + (target / w0 - 1) * Math.exp(-2 * sigma * t));
    }

    /** Two-layer network, gradient descent: w(k+1) = w(k)(1 + η(σ − λw(k)))², iterated k times. */
    public static double twoLayerGd(double sigma, double lambda, double w0, double eta, int k) {
        double w = w0;
        for (int i = 0; i < k; i++) {
            double f = 1 + eta * (sigma - lambda * w);
            w *= f * f;
        }
        return w;
    }

    /**
     * Rescaled time at which a mode switches on as the initialization e^{−δ} → 0: t/δ → 1/(2σ) for the flow,
     * k/δ → 1/(2 ln(1 + ησ)) for GD (later, and bunched: the order by σ is the same).
     */
    public static double switchOnFlow(double sigma) {
        return 1 / (2 * sigma);
    }

    public static double switchOnGd(double sigma, double eta) {
        return 1 / (2 * Math.log1p(eta * sigma));
    }

    /** A learned mode is a stable fixed point of GD iff η &lt; 1/σ, and is approached monotonically iff η ≤ 1/(2σ). */
    public static boolean stable(double sigma, double eta) {
        return eta < 1 / sigma;
    }

    public static boolean monotone(double sigma, double eta) {
        return eta <= 1 / (2 * sigma);
    }
}
