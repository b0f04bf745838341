package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectionFileTest {
    private static final String NAMED = "name,p0,p1,p2\nflat,1,1,1\ntilted,3,0,4\nzero,0,0,0\nhuge,3e300,0,-4e300\n";

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertRefused(String spec, int d, String fragment) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProjectionFile.load(spec, d));
        assertTrue(e.getMessage().contains(fragment), () -> "\"" + e.getMessage() + "\" lacks " + fragment);
    }

    @Test
    void builtinProjectionIsTheFileRowAtUnitLength() {
        double[] row = {-0.670675099, -0.667069495, -0.2490087, -0.0194761828, -0.206950858};
        double norm = Math.sqrt(Arrays.stream(row).map(v -> v * v).sum());
        double[] p = ProjectionFile.load("builtin:mc_projections:resnet_L10", 5);
        for (int k = 0; k < 5; k++) {
            assertEquals(row[k] / norm, p[k], 1e-15);
        }
    }

    @Test
    void namedRowOfAFileIsNormalized(@TempDir Path dir) throws IOException {
        Path file = write(dir, "p.csv", NAMED);
        assertArrayEquals(new double[] {0.6, 0, 0.8}, ProjectionFile.load(file + ":tilted", 3), 1e-15);
        assertArrayEquals(new double[] {0.6, 0, -0.8}, ProjectionFile.load(file + ":huge", 3), 1e-15);
    }

    @Test
    void aSingleRowNeedsNoName(@TempDir Path dir) throws IOException {
        assertArrayEquals(new double[] {0.6, 0.8},
                ProjectionFile.load(write(dir, "plain.csv", "p0,p1\n3,4\n").toString(), 2), 1e-15);
        assertArrayEquals(new double[] {0, 1},
                ProjectionFile.load(write(dir, "one.csv", "name,p0,p1\nonly,0,2\n").toString(), 2), 1e-15);
    }

    @Test
    void aColonFollowedByAPathBelongsToTheFileName(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("run:1"));
        Path file = write(folder, "p.csv", NAMED);
        assertArrayEquals(new double[] {0.6, 0, 0.8}, ProjectionFile.load(file + ":tilted", 3), 1e-15);
        Path single = write(folder, "single.csv", "p0,p1\n0,5\n");
        assertArrayEquals(new double[] {0, 1}, ProjectionFile.load(single.toString(), 2), 1e-15);
    }

    @Test
    void wrongLengthNamesFileRowAndExpectedLength() {
        assertRefused("builtin:mc_projections:depths_L5", 4,
                "builtin:mc_projections, line 3 (data row 2): the projection has 5 entries, expected 4");
    }

    @Test
    void zeroVectorIsRefused(@TempDir Path dir) throws IOException {
        Path file = write(dir, "p.csv", NAMED);
        assertRefused(file + ":zero", 3, file + ", line 4 (data row 3): the projection is the zero vector");
    }

    @Test
    void nonFiniteEntryIsRefused(@TempDir Path dir) throws IOException {
        Path file = write(dir, "p.csv", "name,p0,p1\nv,1,NaN\n");
        assertRefused(file + ":v", 2, file + ", line 2 (data row 1), column \"p1\": NaN is not a finite number");
    }

    @Test
    void unknownNameListsTheNames() {
        assertRefused("builtin:mc_projections:resnet_L5", 5, "builtin:mc_projections: no projection named"
                + " \"resnet_L5\"; the names are \"resnet_L10\", \"depths_L5\"");
    }

    @Test
    void severalRowsNeedAName() {
        assertRefused("builtin:mc_projections", 5, "builtin:mc_projections: 5 projection rows (\"resnet_L10\"");
    }

    @Test
    void unknownBuiltinSetIsRefused() {
        assertRefused("builtin:projections:resnet_L10", 5, "no such built-in projection file");
    }

    @Test
    void aNameNeedsANameColumn(@TempDir Path dir) throws IOException {
        Path file = write(dir, "plain.csv", "p0,p1\n3,4\n");
        assertRefused(file + ":v", 2, file + ": the first column is not \"name\"");
    }

    @Test
    void anEmptyNameIsRefused(@TempDir Path dir) throws IOException {
        Path file = write(dir, "p.csv", NAMED);
        assertRefused(file + ":", 3, file + ": expected a projection name after the ':'");
    }

    @Test
    void aRepeatedNameIsAmbiguous(@TempDir Path dir) throws IOException {
        Path file = write(dir, "p.csv", "name,p0\nv,1\nw,2\nv,3\n");
        assertRefused(file + ":v", 1, file + ", line 4 (data row 3): projection name \"v\" appears a second time");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("none.csv");
        assertRefused(file + ":v", 1, file + ": file not found");
    }
}
