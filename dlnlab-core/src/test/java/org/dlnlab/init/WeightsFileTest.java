package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.testing.Cases;
import org.dlnlab.testing.Cases.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The .npz and .safetensors readers against files NumPy and an independent, spec-following script wrote
 * (src/test/resources/dlnlab/weights/make_fixtures.py), their JSON twins as the oracle; dlnlab's writers against
 * its readers; and the corpus of bad files.
 */
class WeightsFileTest {
    static final Path FIXTURES = Path.of("src", "test", "resources", "dlnlab", "weights");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "net_savez.npz, net.json",
            "net_savez_fortran.npz, net.json",
            "net_compressed.npz, net.json",
            "net_compressed_fortran.npz, net.json",
            "net_f64.safetensors, net.json",
            "net_f32.safetensors, net_f32_widened.json",
            "net_f16.safetensors, net_f16_widened.json",
            "net_f16.npz, net_f16_widened.json",
            "net_bf16.safetensors, net_bf16_widened.json",
            "residual.npz, residual.json",
            "residual.safetensors, residual.json"})
    void filesWrittenByNumpyAndTheSpecReadAsTheirJsonTwins(String file, String twin) {
        WeightsJson.Loaded expected = WeightsJson.read(FIXTURES.resolve(twin));
        WeightsJson.Loaded got = WeightsFile.read(FIXTURES.resolve(file));
        assertEquals(expected.net().toString(), got.net().toString());
        assertArrayEquals(expected.net().widths(), got.net().widths());
        assertArrayEquals(expected.parameters(), got.parameters(), 0);
        assertEquals(expected.net().hasProjection(), got.net().hasProjection());
        if (expected.net().hasProjection()) {
            assertArrayEquals(expected.net().projection(), got.net().projection(), 0);
        }
    }

    @Test
    void theFloat16FixtureHoldsSubnormalsAndTheLargestValue() {
        double[] w = WeightsFile.read(FIXTURES.resolve("net_f16.npz")).parameters();
        assertTrue(w[0] != 0 && Math.abs(w[0]) < 0x1p-14, "subnormal " + w[0]);
        assertEquals(-0x1p-24, w[1]);
        assertEquals(65504, w[20]);
    }

    @Test
    void inOutKernelsReadTransposed() {
        Path file = FIXTURES.resolve("net_in_out.npz");
        WeightsJson.Loaded expected = WeightsJson.read(FIXTURES.resolve("net.json"));
        assertArrayEquals(expected.parameters(), WeightsFile.read(file, WeightsFile.Layout.IN_OUT).parameters(), 0);
        // out-in, the default: these non-square layers do not chain
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WeightsFile.read(file));
        assertTrue(e.getMessage().contains("\"Dense_1.npy\"") && e.getMessage().contains("chain"), e.getMessage());
    }

    @Test
    void jsonIsAlwaysOutIn() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> WeightsFile.read(FIXTURES.resolve("net.json"), WeightsFile.Layout.IN_OUT));
        assertTrue(e.getMessage().contains("net.json") && e.getMessage().contains("layout in-out"), e.getMessage());
        assertEquals(WeightsFile.Layout.IN_OUT.words(), "in-out");
    }

    /** Every file of bad/ is refused with one line naming it and what bad.tsv says (the entry, mostly). */
    @Test
    void everyBadFileIsRefusedNamingTheFileAndTheEntry() throws IOException {
        List<String[]> cases = badCases();
        try (Stream<Path> s = Files.list(FIXTURES.resolve("bad"))) {
            TreeSet<String> files = s.map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
            TreeSet<String> listed = cases.stream().map(c -> c[0]).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(files, listed);
        }
        for (String[] c : cases) {
            Path f = FIXTURES.resolve("bad").resolve(c[0]);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> WeightsFile.read(f), c[0]);
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
        }
    }

    /** The lines of bad.tsv: file name, words its message must hold. */
    static List<String[]> badCases() throws IOException {
        return Files.readAllLines(FIXTURES.resolve("bad.tsv")).stream().filter(l -> !l.startsWith("#"))
                .map(l -> l.split("\t")).toList();
    }

    @Test
    void unknownContentSaysWhichFormatsAreRead(@TempDir Path dir) throws IOException {
        for (String text : new String[]{"", "x0,y\n1,2\n", "[1, 2]", "\u0093NUMPY"}) {
            Path f = dir.resolve("w.bin");
            Files.writeString(f, text);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> WeightsFile.read(f));
            assertTrue(e.getMessage().contains("JSON") && e.getMessage().contains("npz")
                    && e.getMessage().contains("safetensors"), e.getMessage());
        }
    }

    @Test
    void formatIsDetectedFromTheContent() {
        assertEquals(WeightsFile.Format.JSON, detect("\uFEFF \n {\"layers\": []}"));
        assertEquals(WeightsFile.Format.JSON, detect("          "));
        assertEquals(WeightsFile.Format.NPZ, detect("PK\u0003\u0004...."));
        // a 123-byte safetensors header: its length's first byte is '{' too, the zero bytes tell them apart
        byte[] st = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).putLong(123).put((byte) '{').array();
        assertEquals(WeightsFile.Format.SAFETENSORS, WeightsFile.detect(st, 9));
        assertEquals(null, detect("x0,y"));
    }

    private static WeightsFile.Format detect(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = java.util.Arrays.copyOf(b, 9);
        return WeightsFile.detect(head, Math.min(9, b.length));
    }

    /**
     * Any net, written in every format, reads back to the same bits: widths, parameters and projection. Edge cases:
     * depth {1, 2, 3, 4} × projection.
     */
    @Cases.Property(tries = 40, edgeCases = 8)
    void everyFormatRoundTripsExactly(Trial t) {
        int depth = t.intIn("depth", 1, 4);
        boolean projection = t.anyBoolean("projection");
        SplittableRandom rng = new SplittableRandom(t.anyLong("seed"));
        DeepLinearNet net;
        if (projection) {
            int d = 1 + rng.nextInt(5);
            double[] q = rng.doubles(d, -1, 1).toArray();
            net = DeepLinearNet.residual(d, depth, q);
        } else {
            net = DeepLinearNet.of(rng.ints(depth + 1, 1, 6).toArray());
        }
        double[] w = new double[net.parameterCount()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextBoolean() ? rng.nextGaussian() : Double.longBitsToDouble(rng.nextLong()) % 1e300;
        }
        try {
            Path dir = Files.createTempDirectory("weights");
            try {
                for (WeightsFile.Format format : WeightsFile.Format.values()) {
                    Path f = dir.resolve("w." + format.extension());
                    String provenance = rng.nextBoolean() ? null
                            : "{\"settings\":{\"--steps\":\"" + rng.nextInt() + "\",\"note\":\"été ∇ 𝜎\"}}";
                    WeightsFile.write(f, format, net, w, provenance);
                    WeightsJson.Loaded back = WeightsFile.read(f);
                    assertEquals(provenance, back.provenance(), format.name());
                    assertArrayEquals(net.widths(), back.net().widths(), format.name());
                    assertArrayEquals(w, back.parameters(), 0, format.name());
                    assertEquals(projection, back.net().hasProjection());
                    if (projection) {
                        assertArrayEquals(net.projection(), back.net().projection(), 0);
                    }
                    Files.delete(f);
                }
            } finally {
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void safetensorsWrittenByDlnlabSayTheirLayout(@TempDir Path dir) {
        Path f = dir.resolve("w.safetensors");
        WeightsFile.write(f, WeightsFile.Format.SAFETENSORS, DeepLinearNet.of(2, 2), new double[]{1, 2, 3, 4}, null);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> WeightsFile.read(f, WeightsFile.Layout.IN_OUT));
        assertTrue(e.getMessage().contains("dlnlab_layout") && e.getMessage().contains("layout in-out"),
                e.getMessage());
    }

    @Test
    void badLayoutAndFormatWordsNameTheirInput() {
        assertEquals("layout out_in: expected out-in or in-out", assertThrows(InvalidInputException.class,
                () -> WeightsFile.Layout.parse("out_in")).getMessage());
        assertEquals("weights format npy: expected json, npz or safetensors", assertThrows(
                InvalidInputException.class, () -> WeightsFile.Format.parse("npy")).getMessage());
    }

    /**
     * Every binary16 bit pattern widens to the value its fields define, computed here from the IEEE 754 formula
     * in double arithmetic ((−1)^s · 2^(e−15) · (1 + f/1024), subnormals 2^−14 · f/1024) rather than by shifting
     * bits.
     */
    @Test
    void float16WidensEveryBitPatternExactly() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            int s = bits >> 15;
            int e = (bits >> 10) & 31;
            int f = bits & 1023;
            double sign = s == 0 ? 1 : -1;
            double expected = e == 31 ? (f == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN)
                    : e == 0 ? sign * Math.pow(2, -14) * (f / 1024.0) : sign * Math.pow(2, e - 15) * (1 + f / 1024.0);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(Dtype.float16(bits)),
                    "bits 0x" + Integer.toHexString(bits));
        }
    }
}
