package org.dlnlab.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bench --peer DIR}: the driver run on a stand-in for the authors' checkout (a fake jax package and utils.py /
 * mlp.py whose update busy-waits a known 50 µs, so the marginal cost per step is known independently of the driver),
 * the refusal of folders that are not a checkout, and the authors' error passed on.
 */
class PeerWorkloadTest {
    private static final double UPDATE_S = 50e-6;

    private static boolean pythonPresent() {
        try {
            return new ProcessBuilder("python3", "-c", "pass").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path standIn(Path dir, String utilsPrelude) throws IOException {
        Files.createDirectories(dir.resolve("jax"));
        Files.writeString(dir.resolve("jax/__init__.py"), """
                __version__ = "stand-in-1"
                class _Device:
                    platform = "stand-in"
                def devices():
                    return [_Device()]
                """);
        Files.writeString(dir.resolve("jax/random.py"), """
                def PRNGKey(seed):
                    return seed
                def split(key, num=2):
                    return [key * 1000 + i for i in range(num)]
                """);
        Files.writeString(dir.resolve("jax/flatten_util.py"), """
                class _Flat:
                    shape = (230,)
                def ravel_pytree(tree):
                    return _Flat(), (lambda v: v)
                """);
        Files.writeString(dir.resolve("utils.py"), utilsPrelude + """
                import time
                def generate_data(n, d, noise_variance, key):
                    return (None, None, None, None, None)
                def update(params, args, step_size, loss_fn):
                    start = time.perf_counter()
                    while time.perf_counter() - start < %s:
                        pass
                    return params, 0.0, 0.0, None
                def largest_eigenvalue(args, params, dim, key, n_iter, unravel_fn, loss_fn):
                    return 1.0, 0.0
                """.formatted(UPDATE_S));
        Files.writeString(dir.resolve("mlp.py"), """
                def init_mlp(d, L, scale, key):
                    return [scale] * L
                def loss_fn_linear_mlp(params, args):
                    return 0.0, 0.0
                """);
        return dir;
    }

    private static Timer timer() {
        return new Timer(1_000_000, new PrintWriter(new StringWriter()));
    }

    @Test
    void measuresTheMarginalCostOfTheCheckoutsUpdate(@TempDir Path tmp) throws IOException {
        assumeTrue(pythonPresent(), "python3 is not installed");
        PeerWorkload w = PeerWorkload.measure(timer(), standIn(tmp, ""), "python3", true);
        assertEquals("stand-in-1", w.jaxVersion);
        assertEquals("stand-in", w.platform);
        assertTrue(w.stepSeconds >= 0.8 * UPDATE_S && w.stepSeconds < 20 * UPDATE_S, "per step " + w.stepSeconds);
        assertTrue(w.longRun > w.shortRun);
    }

    @Test
    void theCheckoutsErrorIsPassedOn(@TempDir Path tmp) throws IOException {
        assumeTrue(pythonPresent(), "python3 is not installed");
        Path dir = standIn(tmp, "raise RuntimeError('broken checkout')\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PeerWorkload.measure(timer(), dir, "python3", true));
        assertTrue(e.getMessage().startsWith("--peer: ") && e.getMessage().contains("broken checkout"),
                e.getMessage());
    }

    @Test
    void aFolderThatIsNotACheckoutIsRefused(@TempDir Path tmp) throws IOException {
        assertTrue(PeerWorkload.problemWith(tmp.resolve("missing")).contains("is not a folder"));
        Files.writeString(tmp.resolve("utils.py"), "");
        String p = PeerWorkload.problemWith(tmp);
        assertTrue(p.startsWith("--peer: ") && p.contains("has no mlp.py"), p);
        Files.writeString(tmp.resolve("mlp.py"), "");
        assertNull(PeerWorkload.problemWith(tmp));
        BenchMainTest.Run r = BenchMainTest.run("--peer", tmp.resolve("missing").toString(), "--no-grid");
        assertEquals(BenchMain.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("--peer: "), r.err());
    }

    @Test
    void aPythonWithoutJaxIsRefusedBeforeTheBench(@TempDir Path tmp) throws IOException {
        assumeTrue(pythonPresent(), "python3 is not installed");
        Path dir = standIn(tmp.resolve("ok"), "");
        assertNull(PeerWorkload.problemWith(dir, "python3"));
        Files.writeString(dir.resolve("jax/__init__.py"), "raise ImportError('No module named jaxlib')\n");
        String p = PeerWorkload.problemWith(dir, "python3");
        assertTrue(p.startsWith("--peer-python: python3 cannot import jax") && p.contains("jaxlib"), p);
        String missing = PeerWorkload.problemWith(dir, tmp.resolve("no-such-python").toString());
        assertTrue(missing.startsWith("--peer-python: cannot run "), missing);
        BenchMainTest.Run r = BenchMainTest.run("--peer", dir.toString(), "--no-grid");
        assertEquals(BenchMain.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("cannot import jax"), r.err());
    }
}
