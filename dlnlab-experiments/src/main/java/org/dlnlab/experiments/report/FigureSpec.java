package org.dlnlab.experiments.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A figure as data, independent of the plotting library: axes, scales and series. The families build these
 * from their rows; {@link FigureRenderer} draws them.
 *
 * @param name    file stem ({@code fig1a} → {@code fig1a.png}, {@code fig1a.svg})
 * @param caption one or two sentences for the report: what is shown, what overlays mean, what was left out
 * @param yFloor  on a log y axis, values below this are drawn at it (and the axis starts there); NaN for none
 */
public record FigureSpec(String name, String title, String xLabel, String yLabel, boolean logX, boolean logY,
                         List<Series> series, String caption, double yFloor) {

    public FigureSpec(String name, String title, String xLabel, String yLabel, boolean logX, boolean logY,
                      List<Series> series, String caption) {
        this(name, title, xLabel, yLabel, logX, logY, series, caption, Double.NaN);
    }

    /** How a series is drawn. */
    public enum Style {
        /** Measured means: line with markers. */
        LINE_MARKERS,
        /** A measured curve without markers (trajectories). */
        LINE,
        /** A theory line (dashed). */
        DASHED,
        /** A secondary theory line (dotted). */
        DOTTED,
        /** Points only. */
        SCATTER,
        /** A filled polygon, e.g. a confidence band; not in the legend. */
        BAND
    }

    /**
     * @param color index into the renderer's palette, or -1 for black (theory lines shared by all series)
     */
    public record Series(String label, double[] x, double[] y, Style style, int color) {
    }

    /** A horizontal reference line y = v over [x0, x1]. */
    public static Series horizontal(String label, double v, double x0, double x1, Style style, int color) {
        return new Series(label, new double[]{x0, x1}, new double[]{v, v}, style, color);
    }

    /** A vertical reference line x = v over [y0, y1]. */
    public static Series vertical(String label, double v, double y0, double y1, Style style, int color) {
        return new Series(label, new double[]{v, v}, new double[]{y0, y1}, style, color);
    }

    /**
     * The 95% band of a series as a closed polygon (upper edge left to right, lower edge back). On a log axis
     * a lower edge at or below 0 is raised to {@code floor} (the smallest positive value of the group).
     */
    public static Series band(double[] x, double[] lower, double[] upper, int color, boolean logY, double floor) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(upper[i])) {
                pts.add(new double[]{x[i], upper[i]});
            }
        }
        for (int i = x.length - 1; i >= 0; i--) {
            if (Double.isFinite(lower[i])) {
                double lo = logY && !(lower[i] > 0) ? floor : lower[i];
                pts.add(new double[]{x[i], lo});
            }
        }
        double[] bx = new double[pts.size()];
        double[] by = new double[pts.size()];
        for (int i = 0; i < bx.length; i++) {
            bx[i] = pts.get(i)[0];
            by[i] = pts.get(i)[1];
        }
        return new Series("95% band", bx, by, Style.BAND, color);
    }
}
