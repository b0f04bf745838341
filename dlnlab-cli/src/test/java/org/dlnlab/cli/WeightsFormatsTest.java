package org.dlnlab.cli;

import org.dlnlab.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.dlnlab.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Weights in NumPy .npz and .safetensors from the command line: the fixtures NumPy and the spec script wrote
 * (dlnlab-core/src/test/resources/dlnlab/weights) against their JSON twins, the bad corpus, and what train writes.
 */
class WeightsFormatsTest {
    private static final Path FIXTURES = Path.of("..", "dlnlab-core", "src", "test", "resources", "dlnlab",
            "weights");

    /** The sharpness command's whole JSON (sharpness, eigenvalues, residuals, loss) for the weights. */
    private static String sharpness(Path weights, String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[]{"sharpness", "--weights", weights.toString(), "--json", "--data",
                "builtin:mc_fig1"}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        Run r = run(args);
        assertEquals(0, r.code(), weights + ": " + r.err());
        return r.out();
    }

    /**
     * The same values as JSON, .npz or .safetensors give the same output to the last bit; a float32, float16 or
     * bfloat16 file gives that of its values widened (written as JSON by NumPy).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "net_savez.npz, net.json",
            "net_compressed_fortran.npz, net.json",
            "net_f64.safetensors, net.json",
            "net_f32.safetensors, net_f32_widened.json",
            "net_f16.npz, net_f16_widened.json",
            "net_bf16.safetensors, net_bf16_widened.json",
            "residual.safetensors, residual.json"})
    void everyFormatGivesTheSharpnessOfItsValues(String file, String twin) {
        String expected = sharpness(FIXTURES.resolve(twin));
        assertTrue(expected.contains("\"sharpness\""), expected);
        assertEquals(expected, sharpness(FIXTURES.resolve(file)));
    }

    @Test
    void float32IsNotFloat64() {
        assertTrue(!sharpness(FIXTURES.resolve("net_f32.safetensors")).equals(sharpness(FIXTURES.resolve(
                "net.json"))), "the float32 fixture must differ from the float64 net for the test above to mean much");
    }

    @Test
    void inOutKernelsGiveTheSharpnessOfTheOutInNet() {
        Path transposed = FIXTURES.resolve("net_in_out.npz");
        assertEquals(sharpness(FIXTURES.resolve("net.json")), sharpness(transposed, "--weights-layout", "in-out"));
        Run check = run("check", "--weights", FIXTURES.resolve("net.json").toString(), "--json", "--data",
                "builtin:mc_fig1");
        Run checkInOut = run("check", "--weights", transposed.toString(), "--weights-layout", "in-out", "--json",
                "--data", "builtin:mc_fig1");
        assertEquals(0, checkInOut.code(), checkInOut.err());
        assertEquals(check.out(), checkInOut.out());
        Run outIn = run("sharpness", "--weights", transposed.toString(), "--data", "builtin:mc_fig1");
        assertEquals(2, outIn.code(), outIn.err());
        assertTrue(outIn.err().contains("net_in_out.npz") && outIn.err().contains("chain"), outIn.err());
    }

    @Test
    void everyBadFileExitsWithCodeTwoNamingTheFileAndTheEntry() throws IOException {
        List<String> lines = Files.readAllLines(FIXTURES.resolve("bad.tsv"));
        int files = 0;
        for (String line : lines) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t");
            Path f = FIXTURES.resolve("bad").resolve(c[0]);
            for (String command : new String[]{"sharpness", "check"}) {
                Run r = run(command, "--weights", f.toString());
                assertEquals(2, r.code(), f + ": " + r.err());
                assertTrue(r.err().startsWith("dlnlab: " + f) && r.err().contains(c[1]), r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
            }
            files++;
        }
        assertTrue(files >= 20, "corpus at " + FIXTURES.toAbsolutePath());
    }

    /**
     * train writes final_weights.npz and .safetensors that read back to the sharpness of its JSON, and NumPy reads
     * the .npz (and the safetensors header and buffer) with the net's shapes.
     */
    @Test
    void trainWritesEveryFormat(@TempDir Path dir) throws Exception {
        String expected = null;
        for (String format : new String[]{"json", "npz", "safetensors"}) {
            Path out = dir.resolve(format);
            Run r = run("train", "--depth", "3", "--width", "4", "--init", "small:0.3", "--lr", "0.05", "--steps",
                    "200", "--weights-format", format, "--out", out.toString(), "--json");
            assertEquals(0, r.code(), r.err());
            Path weights = out.resolve("final_weights." + format);
            assertTrue(Files.exists(weights), weights.toString());
            String s = sharpness(weights);
            if (expected == null) {
                expected = s;
            }
            assertEquals(expected, s, format);
        }
        assumeTrue(pythonWithNumpy(), "python3 with numpy is not installed");
        String shapes = python("""
                import json, struct, sys, numpy as np
                z = np.load(sys.argv[1])
                print(' '.join('%s%s' % (k, z[k].shape) for k in z.files if k != 'dlnlab_meta'))
                assert json.loads(str(z['dlnlab_meta']))['settings']['--weights-format'] == 'npz'
                raw = open(sys.argv[2], 'rb').read()
                n = struct.unpack('<Q', raw[:8])[0]
                h = json.loads(raw[8:8 + n])
                buf = raw[8 + n:]
                for k in sorted(k for k in h if k != '__metadata__'):
                    b, e = h[k]['data_offsets']
                    a = np.frombuffer(buf[b:e], '<f8').reshape(h[k]['shape'])
                    print('%s%s' % (k, a.shape), end=' ')
                    assert np.array_equal(a, z['W%d' % (int(k.split('.')[0]) + 1)])
                print(sorted(h['__metadata__']))
                """, dir.resolve("npz").resolve("final_weights.npz"),
                dir.resolve("safetensors").resolve("final_weights.safetensors"));
        assertEquals("W1(4, 5) W2(4, 4) W3(1, 4)\n0.weight(4, 5) 1.weight(4, 4) 2.weight(1, 4)"
                + " ['dlnlab_layout', 'dlnlab_provenance']\n", shapes);
    }

    private static boolean pythonWithNumpy() {
        try {
            return python("import numpy") != null;
        } catch (IOException | InterruptedException | AssertionError e) {
            return false;
        }
    }

    /** Runs a Python script with arguments; its stdout, or an assertion error with its stderr. */
    private static String python(String script, Path... args) throws IOException, InterruptedException {
        String[] cmd = new String[3 + args.length];
        cmd[0] = "python3";
        cmd[1] = "-c";
        cmd[2] = script;
        for (int i = 0; i < args.length; i++) {
            cmd[3 + i] = args[i].toString();
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, err);
        return out;
    }
}
