package org.dlnlab.cli;

import org.dlnlab.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.dlnlab.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing the data's columns: --features, --drop, built-in roles, a pandas index, a built-in typed as a file. */
class DataOptionsTest {
    /** Rows of (x1, x2, price); an id column 1..n in front makes a third, far larger "input". */
    private static final double[][] ROWS = {{0.5, -1.2, 3.1}, {1.5, 0.3, 2.2}, {-0.7, 0.9, -1.0}, {2.1, -0.4, 4.3},
            {0.1, 1.7, 0.6}, {-1.3, -0.8, -2.4}};

    private static Path csv(Path dir, String name, String header, boolean index) throws IOException {
        StringBuilder text = new StringBuilder(header).append('\n');
        for (int i = 0; i < ROWS.length; i++) {
            text.append(index ? (i + 1) + "," : "").append(ROWS[i][0]).append(',').append(ROWS[i][1]).append(',')
                    .append(ROWS[i][2]).append('\n');
        }
        return Files.writeString(dir.resolve(name), text);
    }

    private static JsonNode bounds(String... data) {
        String[] args = new String[data.length + 4];
        System.arraycopy(new String[] {"bounds", "--depth", "2", "--json"}, 0, args, 0, 4);
        System.arraycopy(data, 0, args, 4, data.length);
        Run r = run(args);
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    @Test
    void anIdColumnIsLeftOutByDropOrByChoosingTheFeatures(@TempDir Path dir) throws IOException {
        String withId = csv(dir, "id.csv", "id,x1,x2,price", true).toString();
        JsonNode oracle = bounds("--data", csv(dir, "plain.csv", "x1,x2,price", false).toString());
        JsonNode all = bounds("--data", withId, "--target", "price");
        assertEquals(3, all.get("d").asInt());
        assertTrue(all.get("condition_number").asDouble() > 10 * oracle.get("condition_number").asDouble(),
                all.toString());
        for (JsonNode chosen : new JsonNode[] {bounds("--data", withId, "--target", "price", "--drop", "id"),
                bounds("--data", withId, "--features", "x1,x2"), bounds("--data", withId, "--features", "x1",
                "--features", "x2")}) {
            assertEquals(oracle, chosen);
        }
        JsonNode reordered = bounds("--data", withId, "--features", "x2,x1");
        assertEquals(oracle.get("condition_number").asDouble(), reordered.get("condition_number").asDouble(), 1e-9
                * oracle.get("condition_number").asDouble());
    }

    @Test
    void unknownOrConflictingColumnsAreExitTwoNamingThem(@TempDir Path dir) throws IOException {
        String data = csv(dir, "id.csv", "id,x1,x2,price", true).toString();
        String header = "the columns are \"id\", \"x1\", \"x2\", \"price\"";
        assertError("dlnlab: " + data + ": no column \"x3\"; " + header,
                "bounds", "--depth", "2", "--data", data, "--features", "x1,x3");
        assertError("dlnlab: " + data + ": no column \"ID\"; " + header,
                "sharpness", "--depth", "2", "--data", data, "--drop", "ID");
        assertError("dlnlab: " + data + ": column \"price\" is named by --features and by --target",
                "bounds", "--depth", "2", "--data", data, "--features", "x1,price", "--target", "price");
        assertError("dlnlab: " + data + ": column \"price\" is named by --features but is a target by default;"
                + " choose the targets with --target", "bounds", "--depth", "2", "--data", data, "--features",
                "price");
        assertError("dlnlab: " + data + ": column \"id\" is named by --drop and by --target",
                "bounds", "--depth", "2", "--data", data, "--drop", "id", "--target", "id");
        assertError("dlnlab: " + data + ": --features and --drop: give one of them, not both",
                "bounds", "--depth", "2", "--data", data, "--drop", "id", "--features", "x1");
    }

    private static void assertError(String line, String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(line + System.lineSeparator(), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void aPandasIndexIsExplainedAndDroppedByItsEmptyName(@TempDir Path dir) throws IOException {
        String pandas = csv(dir, "pandas.csv", ",x1,x2,price", true).toString();
        assertError("dlnlab: " + pandas + ", line 1: header column 1 has no name; it looks like a pandas index"
                + " (DataFrame.to_csv without index=False): save the file with index=False, or leave the column out"
                + " with --drop ''", "bounds", "--depth", "2", "--data", pandas);
        JsonNode oracle = bounds("--data", csv(dir, "plain.csv", "x1,x2,price", false).toString());
        assertEquals(oracle, bounds("--data", pandas, "--drop", ""));
        assertEquals(oracle, bounds("--data", pandas, "--features", "x1,x2"));
    }

    @Test
    void linnerudRunsAsItsDocumentedThreeExercisesToThreeMeasurements() {
        // Depth 1: the parameters are the d·p entries of W_1, 3·3 with the documented split (5·1 before).
        Run r = run("sharpness", "--data", "builtin:linnerud", "--depth", "1", "--standardize", "zscore", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(9, r.json().get("parameters").asInt());
        assertEquals(5, bounds("--data", "builtin:linnerud", "--target", "Pulse").get("d").asInt());
    }

    @Test
    void aBuiltinSetTypedAsAFileIsPointedToIt() {
        assertError("dlnlab: diabetes: file not found; the built-in data set is builtin:diabetes",
                "bounds", "--depth", "2", "--data", "diabetes");
    }
}
