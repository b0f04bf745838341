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
            w = balancedGdStep(2, sigma, lambda, eta, w);
        }
        return w;
    }

    /**
     * One GD step of a mode of the balanced depth-L network (Saxe et al.): w' = w (1 + η w^{1−2/L} (σ − λw))^L.
     * L = 1 is the linear model's w + η(σ − λw), L = 2 the two-layer recurrence.
     */
    public static double balancedGdStep(int depth, double sigma, double lambda, double eta, double w) {
        double rate = depth == 2 ? 1 : Math.pow(w, 1 - 2.0 / depth);
        double f = 1 + eta * rate * (sigma - lambda * w);
        double power = f;
        for (int i = 1; i < depth; i++) {
            power *= f;
        }
        return w * power;
    }

    /**
     * The first step k at which the balanced GD recurrence from w(0) = w0 reaches half its limit, w(k) ≥ σ/(2λ)
     * (a mode's switch-on step), or −1 if it does not within maxSteps.
     */
    public static int switchOnStep(int depth, double sigma, double lambda, double eta, double w0, int maxSteps) {
        double half = sigma / (2 * lambda);
        double w = w0;
        for (int k = 0; k <= maxSteps; k++) {
            if (w >= half) {
                return k;
            }
            if (!Double.isFinite(w)) {
                return -1;
            }
            w = balancedGdStep(depth, sigma, lambda, eta, w);
        }
        return -1;
    }

    /**
     * The time at which the balanced flow ẇ = L w^{2−2/L}(σ − λw) from w(0) = w0 &lt; σ/(2λ) reaches σ/(2λ): for L = 1
     * and 2 by the closed forms (t = ln(2(1 − λw0/σ))/λ and t = ln(σ/(λw0) − 1)/(2σ)); for L ≥ 3 as
     * ∫ ds / (L w^{1−2/L}(σ − λw)) over s = ln w, by Simpson's rule (the integrand is smooth in s).
     */
    public static double switchOnTimeFlow(int depth, double sigma, double lambda, double w0) {
        double half = sigma / (2 * lambda);
        if (depth == 1) {
            return Math.log(2 * (1 - lambda * w0 / sigma)) / lambda;
        }
        if (depth == 2) {
            return Math.log(sigma / (lambda * w0) - 1) / (2 * sigma);
        }
        int intervals = 4096;
        double a = Math.log(w0);
        double h = (Math.log(half) - a) / intervals;
        double sum = 0;
        for (int i = 0; i <= intervals; i++) {
            double w = Math.exp(a + i * h);
            double g = 1 / (depth * Math.pow(w, 1 - 2.0 / depth) * (sigma - lambda * w));
            sum += (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2) * g;
        }
        return sum * h / 3;
    }

    /**
     * The time scale of a balanced depth-L mode escaping from e^{−δ}: δ for L = 2, under which it switches on at
     * t/δ → 1/(2σ); T_L(δ) = e^{δ(1−2/L)}/(L − 2) for L ≥ 3, under which it switches on near t/T_L → 1/σ.
     */
    public static double timeScale(int depth, double delta) {
        if (depth < 2) {
            throw new IllegalArgumentException("no sequential switch-on for depth " + depth);
        }
        return depth == 2 ? delta : Math.exp(delta * (1 - 2.0 / depth)) / (depth - 2);
    }

    /** The flow's rescaled switch-on time t/timeScale(L, δ) as δ → ∞: 1/(2σ) for L = 2, 1/σ for L ≥ 3. */
    public static double switchOnFlowRescaled(int depth, double sigma) {
        return depth == 2 ? switchOnFlow(sigma) : 1 / sigma;
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
