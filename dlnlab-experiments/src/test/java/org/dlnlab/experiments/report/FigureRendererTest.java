package org.dlnlab.experiments.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FigureRendererTest {
    @Test
    void logAxesDropPointsTheyCannotShow() {
        FigureSpec.Series s = new FigureSpec.Series("x", new double[]{1, 2, 3, 4}, new double[]{1, 0, Double.NaN, -2},
                FigureSpec.Style.LINE, 0);
        double[][] log = FigureRenderer.plottable(s, false, true);
        assertArrayEquals(new double[]{1}, log[0]);
        double[][] lin = FigureRenderer.plottable(s, false, false);
        assertArrayEquals(new double[]{1, 2, 4}, lin[0]);
    }

    @Test
    void writesPngAndSvgEvenWhenNothingIsPlottable(@TempDir Path dir) throws Exception {
        FigureSpec ok = new FigureSpec("ok", "t", "x", "y", false, true, List.of(
                FigureSpec.band(new double[]{1, 2}, new double[]{-1, 0.5}, new double[]{2, 3}, 0, true, 0.1),
                new FigureSpec.Series("m", new double[]{1, 2}, new double[]{1, 2}, FigureSpec.Style.LINE_MARKERS, 0),
                FigureSpec.horizontal("h", 1.5, 1, 2, FigureSpec.Style.DASHED, -1)), "c");
        FigureSpec empty = new FigureSpec("empty", "t", "x", "y", true, true, List.of(
                new FigureSpec.Series("m", new double[]{0}, new double[]{-1}, FigureSpec.Style.LINE, 0)), "c");
        for (FigureSpec spec : List.of(ok, empty)) {
            byte[] png = FigureRenderer.write(spec, dir);
            assertEquals((byte) 0x89, png[0]);
            assertEquals('P', png[1]);
            assertArrayEquals(png, Files.readAllBytes(dir.resolve(spec.name() + ".png")));
            String svg = Files.readString(dir.resolve(spec.name() + ".svg"), StandardCharsets.UTF_8);
            assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        }
    }

    @Test
    void theBandIsAClosedPolygonWithTheLowerEdgeFlooredOnLogAxes() {
        FigureSpec.Series b = FigureSpec.band(new double[]{1, 2, 3}, new double[]{-1, 0.5, 1}, new double[]{2, 3, 4},
                0, true, 0.2);
        assertArrayEquals(new double[]{1, 2, 3, 3, 2, 1}, b.x());
        assertArrayEquals(new double[]{2, 3, 4, 1, 0.5, 0.2}, b.y());
    }
}
