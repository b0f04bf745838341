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
        Dataset data = DataSources.load("builtin:mc_fig1", List.of());
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
        int[][] shapes = {{50, 5}, {50, 5}, {15, 20}, {15, 20}, {50, 5}, {442, 10}, {20, 3}};
        List<String> names = DataSources.builtinNames();
        assertEquals(List.of("mc_fig1", "mc_fig1_test", "mc_fig6", "mc_fig6_test", "mc_nonlinear", "diabetes",
                "linnerud"), names);
        for (int i = 0; i < names.size(); i++) {
            Dataset data = DataSources.load("builtin:" + names.get(i), List.of());
            assertEquals(shapes[i][0], data.n(), names.get(i));
            assertEquals(shapes[i][1], data.d(), names.get(i));
        }
    }

    @Test
    void unknownBuiltinListsTheValidNames() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DataSources.load("builtin:mc_fig2", List.of()));
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
        assertEquals("builtin:linnerud: column \"Pulse\" is named twice by target", e.getMessage());
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

    @Test
    void linnerudByDefaultIsItsDocumentedSplitOfThreeExercisesToThreeMeasurements() {
        Dataset data = DataSources.load("builtin:linnerud", List.of());
        assertArrayEquals(new String[] {"Chins", "Situps", "Jumps"}, data.featureNames());
        assertArrayEquals(new String[] {"Weight", "Waist", "Pulse"}, data.targetNames());
        assertArrayEquals(new double[] {191, 36, 50}, Arrays.copyOf(data.y(), 3));
    }

    @Test
    void theDefaultTargetOfThePaperSetsIsStillTheirLastColumn() {
        for (String name : List.of("mc_fig1", "mc_fig1_test", "mc_fig6", "mc_fig6_test", "mc_nonlinear")) {
            assertArrayEquals(new String[] {"y"}, DataSources.load("builtin:" + name, List.of()).targetNames(), name);
        }
        assertArrayEquals(new String[] {"target"}, DataSources.load("builtin:diabetes", List.of()).targetNames());
    }

    private static Dataset load(Path dir, String csv, Columns columns) throws IOException {
        return DataSources.load(Files.writeString(dir.resolve("d.csv"), csv).toString(), columns);
    }

    @Test
    void featuresChooseTheInputsInTheirOrderAndLeaveOutTheRestEvenText(@TempDir Path dir) throws IOException {
        Dataset data = load(dir, "id,a,name,b,price\n7,1,x,2,10\n8,3,y,4,20\n",
                new Columns(List.of("price"), List.of("b", "a"), null));
        assertArrayEquals(new String[] {"b", "a"}, data.featureNames());
        assertArrayEquals(new double[] {2, 1, 4, 3}, data.x());
        assertArrayEquals(new double[] {10, 20}, data.y());
    }

    @Test
    void droppedColumnsAreNeitherInputsNorRead(@TempDir Path dir) throws IOException {
        Dataset data = load(dir, "id,a,name,b,price\n7,1,x,2,10\n8,3,y,4,20\n",
                new Columns(List.of("price"), null, List.of("id", "name")));
        assertArrayEquals(new String[] {"a", "b"}, data.featureNames());
        assertArrayEquals(new double[] {1, 2, 3, 4}, data.x());
    }

    @Test
    void aColumnBothAnInputOrDroppedAndATargetIsRefused(@TempDir Path dir) throws IOException {
        String csv = "a,b,y\n1,2,3\n4,5,6\n";
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> load(dir, csv, new Columns(List.of("b"), List.of("a", "b"), null)));
        assertTrue(e.getMessage().endsWith("d.csv: column \"b\" is named by input columns and by target"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> load(dir, csv, new Columns(null, null, List.of("y"))));
        assertTrue(e.getMessage().endsWith("d.csv: column \"y\" is named by dropped columns but is a target by"
                + " default; choose the targets with target"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> load(dir, csv, new Columns(null, List.of("a"), List.of("b"))));
        assertTrue(e.getMessage().endsWith("d.csv: input columns and dropped columns: give one of them, not both"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> load(dir, csv, new Columns(null, List.of("a", "zz"), null)));
        assertTrue(e.getMessage().endsWith("d.csv: no column \"zz\"; the columns are \"a\", \"b\", \"y\""),
                e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> load(dir, csv, new Columns(null, List.of("a", "a"), null)));
        assertTrue(e.getMessage().endsWith("d.csv: column \"a\" is named twice by input columns"), e.getMessage());
    }

    @Test
    void aPandasIndexColumnIsExplainedAndCanBeDroppedByItsEmptyName(@TempDir Path dir) throws IOException {
        String pandas = ",a,b,price\n0,1,2,10\n1,3,4,20\n";
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> load(dir, pandas, Columns.targets(null)));
        assertTrue(e.getMessage().endsWith("d.csv, line 1: header column 1 has no name; it looks like a pandas index"
                + " (DataFrame.to_csv without index=False): save the file with index=False, or leave the column out"
                + " with dropped columns ''"), e.getMessage());
        Dataset data = load(dir, pandas, new Columns(null, null, List.of("")));
        assertArrayEquals(new String[] {"a", "b"}, data.featureNames());
        assertArrayEquals(new double[] {1, 2, 3, 4}, data.x());
        assertArrayEquals(new String[] {"a"}, load(dir, pandas, new Columns(null, List.of("a"), null))
                .featureNames());
    }

    @Test
    void aMissingFileNamedLikeABuiltinSetPointsToIt() {
        for (String spec : List.of("diabetes", "diabetes.csv")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> DataSources.load(spec, List.of()));
            assertEquals(spec + ": file not found; the built-in data set is builtin:diabetes", e.getMessage());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DataSources.load("nope", List.of()));
        assertEquals("nope: file not found", e.getMessage());
    }
}
