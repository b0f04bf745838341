package org.dlnlab.experiments.report;

import org.dlnlab.experiments.analysis.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Grouping of tidy rows and the mean-with-band series every sweep figure uses. */
public final class Plots {
    private Plots() {
    }

    public static <R, K extends Comparable<K>> TreeMap<K, List<R>> group(List<R> rows, Function<R, K> key) {
        TreeMap<K, List<R>> out = new TreeMap<>();
        for (R r : rows) {
            out.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    public static <R> double[] values(List<R> rows, Predicate<R> keep, ToDoubleFunction<R> f) {
        return rows.stream().filter(keep).mapToDouble(f).filter(Double::isFinite).toArray();
    }

    /**
     * Adds the mean of each x's values as a line with markers, and its 95% band (mean ± 1.96·sd/√n). An x
     * without values (every run diverged) is left out, not drawn as NaN.
     */
    public static void meanWithBand(List<FigureSpec.Series> out, String label, Map<Double, double[]> byX, int color,
                             boolean logY) {
        List<Double> xs = new ArrayList<>();
        List<Stats.Band> bands = new ArrayList<>();
        double floor = Double.POSITIVE_INFINITY;
        for (Map.Entry<Double, double[]> e : byX.entrySet()) {
            if (e.getValue().length == 0) {
                continue;
            }
            xs.add(e.getKey());
            bands.add(Stats.band(e.getValue()));
            for (double v : e.getValue()) {
                if (v > 0) {
                    floor = Math.min(floor, v);
                }
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] m = bands.stream().mapToDouble(Stats.Band::mean).toArray();
        double[] lo = bands.stream().mapToDouble(Stats.Band::lower).toArray();
        double[] hi = bands.stream().mapToDouble(Stats.Band::upper).toArray();
        out.add(FigureSpec.band(x, lo, hi, color, logY, floor));
        out.add(new FigureSpec.Series(label, x, m, FigureSpec.Style.LINE_MARKERS, color));
    }

    public static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    public static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    }
}
