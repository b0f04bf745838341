package org.dlnlab.experiments.report;

import org.dlnlab.experiments.store.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link FigureSpec} with XChart as PNG and SVG (headless AWT). Points that a log axis cannot show
 * (NaN, ≤ 0) are dropped rather than drawn, and a series left empty is omitted; a figure with nothing to show
 * gets a note instead of data.
 */
public final class FigureRenderer {
    public static final int WIDTH = 860;
    public static final int HEIGHT = 560;
    /** Tableau-like palette; colour i of a family is the same in all its figures. */
    private static final Color[] PALETTE = {
            new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
            new Color(188, 189, 34), new Color(23, 190, 207)};

    private FigureRenderer() {
    }

    public static Color color(int i) {
        return i < 0 ? Color.BLACK : PALETTE[i % PALETTE.length];
    }

    /** The chart of a spec. */
    public static XYChart chart(FigureSpec spec) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .xAxisTitle(spec.xLabel()).yAxisTitle(spec.yLabel()).build();
        Styler.LegendPosition legend = Styler.LegendPosition.OutsideE;
        chart.getStyler().setLegendPosition(legend).setChartBackgroundColor(Color.WHITE)
                .setPlotBackgroundColor(Color.WHITE).setMarkerSize(6).setAntiAlias(true);
        chart.getStyler().setXAxisLogarithmic(spec.logX()).setYAxisLogarithmic(spec.logY());
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        // A log axis gets a grid line at every minor tick: unreadable (and megabytes of SVG), so none.
        chart.getStyler().setPlotGridHorizontalLinesVisible(!spec.logY());
        chart.getStyler().setPlotGridVerticalLinesVisible(!spec.logX());
        boolean floored = spec.logY() && spec.yFloor() > 0;
        if (floored) {
            chart.getStyler().setYAxisMin(spec.yFloor());
        }
        int added = 0;
        int i = 0;
        for (FigureSpec.Series s : spec.series()) {
            double[][] xy = plottable(s, spec.logX(), spec.logY());
            if (floored) {
                for (int j = 0; j < xy[1].length; j++) {
                    xy[1][j] = Math.max(xy[1][j], spec.yFloor());
                }
            }
            i++;
            if (xy[0].length == 0) {
                continue;
            }
            XYSeries series = chart.addSeries("s" + i, xy[0], xy[1]);
            series.setLabel(s.label());
            style(series, s);
            added++;
        }
        if (added == 0) {
            chart.getStyler().setXAxisLogarithmic(false).setYAxisLogarithmic(false);
            XYSeries empty = chart.addSeries("none", new double[]{0, 1}, new double[]{0, 1});
            empty.setLabel("no data to show (every run diverged or was filtered)");
            empty.setLineColor(new Color(0, 0, 0, 0));
            empty.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static void style(XYSeries series, FigureSpec.Series s) {
        Color c = color(s.color());
        switch (s.style()) {
            case LINE_MARKERS -> {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(c);
                series.setLineColor(c);
                series.setLineWidth(1.8f);
            }
            case LINE -> {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(c);
                series.setLineWidth(1.6f);
            }
            case DASHED, DOTTED -> {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(c);
                float[] dash = s.style() == FigureSpec.Style.DASHED ? new float[]{7f, 5f} : new float[]{2f, 4f};
                series.setLineStyle(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash,
                        0f));
            }
            case SCATTER -> {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(c.getRed(), c.getGreen(),
                        c.getBlue(), 150));
            }
            case BAND -> {
                Color fill = new Color(c.getRed(), c.getGreen(), c.getBlue(), 45);
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                series.setMarker(SeriesMarkers.NONE);
                series.setFillColor(fill);
                series.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
                series.setShowInLegend(false);
            }
        }
    }

    /** The points of a series a chart with these axes can draw. */
    static double[][] plottable(FigureSpec.Series s, boolean logX, boolean logY) {
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < s.x().length; i++) {
            double x = s.x()[i];
            double y = s.y()[i];
            if (Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) {
                keep.add(new double[]{x, y});
            }
        }
        double[][] out = new double[2][keep.size()];
        for (int i = 0; i < keep.size(); i++) {
            out[0][i] = keep.get(i)[0];
            out[1][i] = keep.get(i)[1];
        }
        return out;
    }

    /** Writes {@code name.png} and {@code name.svg} into dir; returns the PNG bytes (for the report). */
    public static byte[] write(FigureSpec spec, Path dir) {
        XYChart chart = chart(spec);
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.write(dir.resolve(spec.name() + ".png"), png);
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            AtomicFiles.write(dir.resolve(spec.name() + ".svg"), svg.toByteArray());
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + spec.name(), e);
        }
    }
}
