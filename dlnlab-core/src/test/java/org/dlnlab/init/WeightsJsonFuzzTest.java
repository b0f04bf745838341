package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.testing.Cases;
import org.dlnlab.testing.Cases.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weights reader either parses or refuses with InvalidInputException; it never fails otherwise. */
class WeightsJsonFuzzTest {
    private static final String VALID = "{\"layers\": [[[0.5, -1.25, 3], [1e-3, 2, 0]], [[1.5, -0.5]]],"
            + " \"projection\": null}";

    private static void readOrRefuse(byte[] bytes) {
        try {
            Path f = Files.createTempFile("fuzz", ".json");
            try {
                Files.write(f, bytes);
                WeightsJson.Loaded loaded = WeightsJson.read(f);
                for (double x : loaded.parameters()) {
                    assertTrue(Double.isFinite(x));
                }
            } catch (InvalidInputException expected) {
                assertTrue(expected.getMessage().contains(f.toString()), expected.getMessage());
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Edge cases: lengths {0, 1, 2, 79, 80} × the 9 edge bytes to start from (45 = 5·9, coprime). */
    @Cases.Property(tries = 300, edgeCases = 45)
    void randomBytes(Trial t) {
        readOrRefuse(t.bytes("bytes", 80));
    }

    /** Edge cases: lengths {0, 1, 2, 59, 60} × the 14 characters to start from (70 = 5·14, coprime). */
    @Cases.Property(tries = 300, edgeCases = 70)
    void randomJsonLikeText(Trial t) {
        String text = t.string("text", 60, '{', '}', '[', ']', ',', ':', '"', '1', '-', '.', 'e', 'N', ' ', 'l');
        readOrRefuse(("{\"layers\": " + text).getBytes(StandardCharsets.UTF_8));
    }

    /** Edge cases: positions {0, 1, 2, 9999, 10000} × the 9 edge bytes. */
    @Cases.Property(tries = 400, edgeCases = 45)
    void singleByteMutationsOfAValidFile(Trial t) {
        int position = t.intIn("position", 0, 10_000);
        byte value = t.anyByte("value");
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        bytes[position % bytes.length] = value;
        readOrRefuse(bytes);
    }

    /** Edge cases: lengths {0, 1, 2, 9999, 10000}. */
    @Cases.Property(tries = 200, edgeCases = 5)
    void truncationsOfAValidFile(Trial t) {
        int length = t.intIn("length", 0, 10_000);
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        readOrRefuse(java.util.Arrays.copyOf(bytes, length % (bytes.length + 1)));
    }

    @Test
    void writtenWeightsReadBackExactly(@TempDir Path dir) {
        DeepLinearNet net = DeepLinearNet.of(3, 2, 1);
        double[] w = {Math.PI, -1e-300, 1e300, 0.1, 0.2 + 0.1, -0.0, Math.E, 1 / 3.0};
        Path f = dir.resolve("w.json");
        WeightsJson.write(f, net, w, null);
        assertArrayEquals(w, WeightsJson.read(f).parameters(), 0);
    }

    @Test
    void overflowingNumbersAreRefusedAsNonFinite(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big.json");
        Files.writeString(f, "{\"layers\": [[[1, 2e400]]]}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WeightsJson.read(f));
        assertTrue(e.getMessage().contains("layers[0][0][1]") && e.getMessage().contains("finite"), e.getMessage());
        Files.writeString(f, "{\"layers\": [[[1, NaN]]]}");
        e = assertThrows(InvalidInputException.class, () -> WeightsJson.read(f));
        assertTrue(e.getMessage().contains("big.json"), e.getMessage());
    }
}
