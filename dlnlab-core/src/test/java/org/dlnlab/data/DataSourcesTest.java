package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSourcesTest {

    @Test
    void mcFig1IsFiftyByFiveWithTargetY() throws IOException {
        Dataset data = DataSources.load("builtin:mc_fig1", null);
        assertEquals(50, data.n());
        assertEquals(5, data.d());
        assertArrayEquals(new String[] {"x0", "x1", "x2", "x3", "x4"}, data.featureNames());
        assertArrayEquals(new String[] {"y"}, data.targetNames());
        assertEquals("builtin:mc_fig1", data.source());

        String firstRow;
        try (InputStream in = DataSourcesTest.class.getResourceAsStream("/dlnlab/data/mc_fig1_train.csv")) {
            firstRow = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).findFirst().orElseThrow();
        }
        String[] cells = firstRow.split(",");
        for (int j = 0; j < 5; j++) {
            assertEquals(Double.parseDouble(cells[j]), data.x()[j]);
        }
        assertEquals(Double.parseDouble(cells[5]), data.y()[0]);
    }

    @Test
    void linnerudWithThreeTargetsInTheGivenOrder() {
        Dataset data = DataSources.load("builtin:linnerud", List.of("Weight", "Waist", "Pulse"));
        assertEquals(20, data.n());
        assertArrayEquals(new String[] {"Chins", "Situps", "Jumps"}, data.featureNames());
        assertArrayEquals(new String[] {"Weight", "Waist", "Pulse"}, data.targetNames());
        assertArrayEquals(new double[] {5, 162, 60}, Arrays.copyOf(data.x(), 3));
        assertArrayEquals(new double[] {191, 36, 50}, Arrays.copyOf(data.y(), 3));
    }

    @Test
    void targetsMayComeFirstAndOutOfOrder() {
        Dataset data = DataSources.load("builtin:linnerud", List.of("Pulse", "Chins"));
        assertArrayEquals(new String[] {"Situps", "Jumps", "Weight", "Waist"}, data.featureNames());
        assertArrayEquals(new String[] {"Pulse", "Chins"}, data.targetNames());
        assertArrayEquals(new double[] {50, 5}, Arrays.copyOf(data.y(), 2));
    }

    @Test
    void everyBuiltinLoads() {
        int[][] shapes = {{50, 5}, {50, 5}, {15, 20}, {15, 20}, {50, 5}, {442, 10}, {20, 5}};
        List<String> names = DataSources.builtinNames();
        assertEquals(List.of("mc_fig1", "mc_fig1_test", "mc_fig6", "mc_fig6_test", "mc_nonlinear", "diabetes",
                "linnerud"), names);
        for (int i = 0; i < names.size(); i++) {
            Dataset data = DataSources.load("builtin:" + names.get(i), null);
            assertEquals(shapes[i][0], data.n(), names.get(i));
            assertEquals(shapes[i][1], data.d(), names.get(i));
        }
    }

    @Test
    void unknownBuiltinListsTheValidNames() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DataSources.load("builtin:mc_fig2", null));
        assertTrue(e.getMessage().contains("\"builtin:mc_fig2\": no such built-in data set"), e.getMessage());
        assertTrue(e.getMessage().contains("builtin:mc_fig1, builtin:mc_fig1_test"), e.getMessage());
        assertTrue(e.getMessage().contains("builtin:linnerud"), e.getMessage());
    }

    @Test
    void unknownTargetListsTheColumns() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DataSources.load("builtin:linnerud", List.of("Weight", "Height")));
        assertEquals("builtin:linnerud: no column \"Height\"; the columns are \"Chins\", \"Situps\", \"Jumps\","
                + " \"Weight\", \"Waist\", \"Pulse\"", e.getMessage());
    }

    @Test
    void aTargetNamedTwiceIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DataSources.load("builtin:linnerud", List.of("Pulse", "Pulse")));
        assertTrue(e.getMessage().contains("builtin:linnerud: target column \"Pulse\" is named twice"));
    }

    @Test
    void everyColumnATargetIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DataSources.load(
                "builtin:linnerud", List.of("Chins", "Situps", "Jumps", "Weight", "Waist", "Pulse")));
        assertTrue(e.getMessage().contains("every column is a target"));
    }

    @Test
    void aFileIsNamedAsTyped(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("d.csv"), "\"x, quoted\",y\r\n1,2\r\n3,\"4\"");
        Dataset data = DataSources.load(file.toString(), List.of());
        assertEquals(file.toString(), data.source());
        assertArrayEquals(new String[] {"x, quoted"}, data.featureNames());
        assertArrayEquals(new double[] {1, 3}, data.x());
        assertArrayEquals(new double[] {2, 4}, data.y());
    }

    @Test
    void theFirstBadCellOfTheFileIsReported(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("d.csv"), "y,x\n1,2\nbad,oops\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DataSources.load(file.toString(), List.of("y")));
        assertTrue(e.getMessage().endsWith("d.csv, line 3 (data row 2), column \"y\": \"bad\" is not a number"),
                e.getMessage());
    }
}
