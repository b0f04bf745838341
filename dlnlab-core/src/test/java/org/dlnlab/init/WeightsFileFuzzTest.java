package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.testing.Cases;
import org.dlnlab.testing.Cases.Trial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever the bytes, the .npz and .safetensors readers either read finite weights or refuse with one line naming
 * the file: never another exception. Mutations and truncations start from files NumPy and the spec script wrote.
 */
class WeightsFileFuzzTest {
    private static final byte[] STORED = fixture("net_savez.npz");
    private static final byte[] DEFLATED = fixture("net_compressed_fortran.npz");
    private static final byte[] SAFETENSORS = fixture("net_f64.safetensors");
    private static final byte[][] VALID = {STORED, DEFLATED, SAFETENSORS};

    private static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(WeightsFileTest.FIXTURES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readOrRefuse(byte[] bytes) {
        try {
            Path f = Files.createTempFile("fuzz", ".weights");
            try {
                Files.write(f, bytes);
                for (WeightsFile.Layout layout : WeightsFile.Layout.values()) {
                    try {
                        for (double x : WeightsFile.read(f, layout).parameters()) {
                            assertTrue(Double.isFinite(x));
                        }
                    } catch (InvalidInputException expected) {
                        String m = expected.getMessage();
                        assertTrue(m.startsWith(f.toString()) && m.indexOf('\n') < 0 && m.indexOf('\r') < 0, m);
                    }
                }
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random bytes after a zip signature. Edge cases: lengths {0, 1, 2, 199, 200} × the 9 edge bytes. */
    @Cases.Property(tries = 300, edgeCases = 45)
    void randomBytesAfterAZipSignature(Trial t) {
        byte[] tail = t.bytes("bytes", 200);
        byte[] bytes = Arrays.copyOf(new byte[]{'P', 'K', 3, 4}, 4 + tail.length);
        System.arraycopy(tail, 0, bytes, 4, tail.length);
        readOrRefuse(bytes);
    }

    /**
     * Random header text after a safetensors header length that fits it. Edge cases: lengths {0, 1, 2, 79, 80} ×
     * the 14 characters to start from.
     */
    @Cases.Property(tries = 300, edgeCases = 70)
    void randomSafetensorsHeaders(Trial t) {
        String text = "{" + t.string("text", 80, '{', '}', '[', ']', ',', ':', '"', '1', '0', 'F', '6', '4', ' ',
                'a');
        byte[] header = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        readOrRefuse(b.array());
    }

    /** Edge cases: the 3 files × positions {0, 1, 2, 9999, 10000} × the 9 edge bytes (135 = 3·5·9). */
    @Cases.Property(tries = 1200, edgeCases = 135)
    void singleByteMutationsOfValidFiles(Trial t) {
        byte[] bytes = VALID[t.intIn("file", 0, 2)].clone();
        int position = t.intIn("position", 0, 10_000);
        bytes[position % bytes.length] = t.anyByte("value");
        readOrRefuse(bytes);
    }

    /** Edge cases: the 3 files × lengths {0, 1, 2, 9999, 10000}. */
    @Cases.Property(tries = 300, edgeCases = 15)
    void truncationsOfValidFiles(Trial t) {
        byte[] bytes = VALID[t.intIn("file", 0, 2)];
        int length = t.intIn("length", 0, 10_000);
        readOrRefuse(Arrays.copyOf(bytes, length % (bytes.length + 1)));
    }
}
