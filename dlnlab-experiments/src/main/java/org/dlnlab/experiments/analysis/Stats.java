package org.dlnlab.experiments.analysis;

import org.hipparchus.distribution.continuous.TDistribution;

import java.util.Arrays;

/**
 * The statistics the report uses: mean and 95% confidence band, median, Spearman's rank correlation and
 * ordinary least squares with the slope's standard error and two-sided p-value. NaN inputs are the caller's
 * to filter: every method here expects finite values.
 */
public final class Stats {
    /** The normal quantile of a two-sided 95% interval. */
    public static final double Z95 = 1.96;

    private Stats() {
    }

    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample standard deviation (divisor n − 1); 0 for a single value. */
    public static double sd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    /** Mean with its 95% band: mean ± 1.96·sd/√n. */
    public record Band(int n, double mean, double lower, double upper) {
    }

    public static Band band(double[] x) {
        if (x.length == 0) {
            return new Band(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double m = mean(x);
        // 95% confidence band of the mean: m ± 1.96·sd/√n
        double half = Z95 * sd(x) / Math.sqrt(x.length);
        return new Band(x.length, m, m - half, m + half);
    }

    public static double median(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    public static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return x.length == 0 ? Double.NaN : m;
    }

    public static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return x.length == 0 ? Double.NaN : m;
    }

    /** Ranks 1..n with ties given their average rank. */
    static double[] ranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    /** Pearson's correlation; NaN when either variable is constant. */
    public static double pearson(double[] x, double[] y) {
        check(x, y);
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
    }

    /** Spearman's ρ: Pearson's correlation of the (average) ranks. */
    public static double spearman(double[] x, double[] y) {
        check(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /**
     * Two-sided p-value of a correlation r of n pairs under the t approximation
     * t = r·√((n − 2)/(1 − r²)) with n − 2 degrees of freedom; NaN for n &lt; 3 or undefined r.
     */
    public static double correlationPValue(double r, int n) {
        if (n < 3 || Double.isNaN(r)) {
            return Double.NaN;
        }
        if (Math.abs(r) >= 1) {
            return 0;
        }
        double t = r * Math.sqrt((n - 2) / (1 - r * r));
        return twoSided(t, n - 2);
    }

    /**
     * An OLS fit y = intercept + slope·x with the slope's standard error, t statistic, two-sided p and 95% confidence
     * interval slope ± t_{0.975, n−2}·SE.
     */
    public record Ols(int n, double slope, double intercept, double slopeStandardError, double t, double pValue,
                      double rSquared, double slopeLower95, double slopeUpper95) {
    }

    /**
     * Ordinary least squares of y on x: slope = Sxy/Sxx, s² = SSE/(n − 2), SE(slope) = s/√Sxx,
     * t = slope/SE, p = 2·P(T_{n−2} &gt; |t|), 95% interval slope ± t_{0.975, n−2}·SE. Needs n ≥ 3 and x not
     * constant.
     */
    public static Ols ols(double[] x, double[] y) {
        check(x, y);
        int n = x.length;
        if (n < 3) {
            throw new IllegalArgumentException("OLS with a standard error needs n ≥ 3 points, got " + n);
        }
        double mx = mean(x);
        double my = mean(y);
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (!(sxx > 0)) {
            throw new IllegalArgumentException("OLS: x is constant");
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - intercept - slope * x[i];
            sse += e * e;
        }
        double se = Math.sqrt(sse / (n - 2) / sxx);
        double t = slope / se;
        double p = se > 0 ? twoSided(t, n - 2) : 0;
        double r2 = syy > 0 ? 1 - sse / syy : Double.NaN;
        double half = new TDistribution(n - 2).inverseCumulativeProbability(0.975) * se;
        return new Ols(n, slope, intercept, se, t, p, r2, slope - half, slope + half);
    }

    /** 2·P(T_df &gt; |t|), from the lower tail so that tiny p-values keep their digits. */
    static double twoSided(double t, int df) {
        return 2 * new TDistribution(df).cumulativeProbability(-Math.abs(t));
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
    }
}
