package org.dlnlab.init;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.dlnlab.InvalidInputException;
import org.dlnlab.net.DeepLinearNet;
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

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 80) byte[] bytes) {
        readOrRefuse(bytes);
    }

    @Property(tries = 300)
    void randomJsonLikeText(@ForAll @Chars({'{', '}', '[', ']', ',', ':', '"', '1', '-', '.', 'e', 'N', ' ', 'l'})
                            @StringLength(max = 60) String text) {
        readOrRefuse(("{\"layers\": " + text).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 400)
    void singleByteMutationsOfAValidFile(@ForAll @IntRange(max = 10_000) int position, @ForAll byte value) {
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        bytes[position % bytes.length] = value;
        readOrRefuse(bytes);
    }

    @Property(tries = 200)
    void truncationsOfAValidFile(@ForAll @IntRange(max = 10_000) int length) {
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        readOrRefuse(java.util.Arrays.copyOf(bytes, length % (bytes.length + 1)));
    }

    @Test
    void writtenWeightsReadBackExactly(@TempDir Path dir) {
        DeepLinearNet net = DeepLinearNet.of(3, 2, 1);
        double[] w = {Math.PI, -1e-300, 1e300, 0.1, 0.2 + 0.1, -0.0, Math.E, 1 / 3.0};
        Path f = dir.resolve("w.json");
        WeightsJson.write(f, net, w);
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
