package org.dlnlab.cli;

import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.init.WeightsFile;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.DenseHessian;
import org.dlnlab.objective.LossConvention;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.dlnlab.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sharpness --which/--trace/--eigenvectors and spectrum, against the dense Hessian of the same weights. */
class SpectrumCommandsTest {
    @TempDir
    static Path dir;
    static Path weights;
    static DeepLinearNet net;
    static double[] w;
    static DMatrixRMaj dense;
    /** All eigenvalues of the dense Hessian, ascending. */
    static double[] ev;

    @BeforeAll
    static void weightsAndTheirDenseHessian() {
        Problem problem = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));
        net = DeepLinearNet.of(problem.d(), 4, 3, 1);
        SplittableRandom rng = new SplittableRandom(5);
        w = new double[net.parameterCount()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 * rng.nextGaussian();
        }
        weights = dir.resolve("w.json");
        // A record naming the data, as train writes it: the commands then read the data it names.
        WeightsFile.write(weights, WeightsFile.Format.JSON, net, w, "{\"settings\":{\"--data\":\"builtin:mc_fig1\"}}");
        dense = DenseHessian.compute(net, problem, LossConvention.MSE, w);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dense.numRows, false, true);
        assertTrue(eig.decompose(dense.copy()));
        ev = new double[dense.numRows];
        for (int i = 0; i < ev.length; i++) {
            ev[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(ev);
    }

    private static double norm() {
        return Math.max(-ev[0], ev[ev.length - 1]);
    }

    private static double residual(double lambda, double[] v) {
        double s = 0;
        for (int i = 0; i < dense.numRows; i++) {
            double r = -lambda * v[i];
            for (int j = 0; j < dense.numCols; j++) {
                r += dense.get(i, j) * v[j];
            }
            s += r * r;
        }
        return Math.sqrt(s);
    }

    @Test
    void bothEndsTheTraceAndTheEigenvectorsAgreeWithTheDenseHessian() {
        assertTrue(ev[0] < -1e-3 * norm(), "an indefinite Hessian");
        Path vectors = dir.resolve("v.npz");
        CliTest.Run r = run("sharpness", "--weights", weights.toString(), "--which", "both", "--top", "2",
                "--trace", "--eigenvectors", vectors.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        int n = ev.length;
        for (int i = 0; i < 2; i++) {
            assertEquals(ev[n - 1 - i], o.get("eigenvalues").get(i).asDouble(), 1e-9 * norm());
            assertEquals(ev[i], o.get("smallest_eigenvalues").get(i).asDouble(), 1e-9 * norm());
            assertTrue(o.get("smallest_residual_norms").get(i).asDouble() <= 1e-9 * norm());
        }
        assertTrue(o.get("smallest_converged").asBoolean());
        assertEquals(CommonOps_DDRM.trace(dense), o.get("trace").asDouble(), 1e-10 * Math.abs(CommonOps_DDRM.trace(dense)));
        assertEquals("exact", o.get("trace_method").asString());
        // Four files, each the per-layer matrices of a unit eigenvector of its eigenvalue.
        JsonNode files = o.get("eigenvector_files");
        assertEquals(4, files.size());
        String[] names = {"v-largest-1.npz", "v-largest-2.npz", "v-smallest-1.npz", "v-smallest-2.npz"};
        double[] lambdas = {ev[n - 1], ev[n - 2], ev[0], ev[1]};
        for (int i = 0; i < 4; i++) {
            assertEquals(dir.resolve(names[i]).toString(), files.get(i).asString());
            var loaded = WeightsFile.read(dir.resolve(names[i]));
            assertEquals(net.toString(), loaded.net().toString());
            double[] v = loaded.parameters();
            assertEquals(1, Math.sqrt(Arrays.stream(v).map(x -> x * x).sum()), 1e-12);
            assertTrue(residual(lambdas[i], v) <= 1e-8 * norm(), names[i] + ": " + residual(lambdas[i], v));
        }
    }

    @Test
    void oneVectorIsWrittenToTheFileItself() {
        Path file = dir.resolve("top.json");
        CliTest.Run r = run("sharpness", "--weights", weights.toString(), "--which", "smallest", "--eigenvectors",
                file.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.json().get("sharpness") == null, "only the asked end");
        assertTrue(residual(ev[0], WeightsFile.read(file).parameters()) <= 1e-8 * norm());
    }

    @Test
    void hutchinsonLiesWithinFourStandardErrorsOfTheDenseTrace() {
        CliTest.Run r = run("sharpness", "--weights", weights.toString(), "--trace-method", "hutchinson:400", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        double se = o.get("trace_standard_error").asDouble();
        assertEquals(400, o.get("trace_probes").asInt());
        assertTrue(se > 0);
        assertEquals(CommonOps_DDRM.trace(dense), o.get("trace").asDouble(), 4 * se);
    }

    @Test
    void badSettingsAreRefusedWithOneLine() {
        String[][] cases = {
                {"--which", "middle"},
                {"--trace-method", "hutchinson:1"},
                {"--trace-method", "exactly"},
                {"--eigenvectors", dir.resolve("v.txt").toString()},
                {"--which", "smallest", "--method", "power"}};
        for (String[] c : cases) {
            String[] args = new String[c.length + 3];
            args[0] = "sharpness";
            args[1] = "--weights";
            args[2] = weights.toString();
            System.arraycopy(c, 0, args, 3, c.length);
            CliTest.Run r = run(args);
            assertEquals(2, r.code(), Arrays.toString(c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertTrue(run("sharpness", "--weights", weights.toString(), "--which", "smallest", "--method", "power")
                .err().contains("--sharpness-method power"));
    }

    @Test
    void everySharpnessOptionShowsItsDefaultInHelp() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new SharpnessCommand()).getCommandSpec();
        List<CommandLine.Model.OptionSpec> options = spec.mixins().get("sharpness").options();
        assertEquals(5, options.size());
        for (CommandLine.Model.OptionSpec o : options) {
            assertTrue(String.join(" ", o.description()).contains("(default: " + o.defaultValue()),
                    o.longestName() + ": " + String.join(" ", o.description()));
        }
        String help = run("sharpness", "--help").out();
        assertTrue(help.contains("(default: 1)") && help.contains("(default: 500)"), help);
    }

    @Test
    void everyOptionOfEveryCommandIsInTheCliContract() throws IOException {
        String contract = Files.readString(Path.of("..", "docs", "cli.md"));
        for (CommandLine command : new CommandLine(new Main()).getSubcommands().values()) {
            for (CommandLine.Model.OptionSpec o : command.getCommandSpec().options()) {
                String name = o.longestName();
                if (!name.equals("--help") && !name.equals("--version")) {
                    assertTrue(contract.contains("`" + name) || contract.contains(" " + name + " ")
                            || contract.contains("[" + name), command.getCommandName() + " " + name
                            + " is not in docs/cli.md");
                }
            }
        }
    }

    @Test
    void spectrumWritesTheDensityWhoseTraceMatchesTheDenseHessian() throws IOException {
        Path out = dir.resolve("spectrum");
        CliTest.Run r = run("spectrum", "--weights", weights.toString(), "--out", out.toString(), "--probes", "20",
                "--lanczos-steps", "30", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        for (String f : List.of("density.csv", "density.png", "density.svg", "quadrature.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        List<String> rows = Files.readAllLines(out.resolve("density.csv"));
        assertEquals("eigenvalue,density", rows.get(0));
        double integral = 0;
        for (int i = 2; i < rows.size(); i++) {
            String[] a = rows.get(i - 1).split(",");
            String[] b = rows.get(i).split(",");
            integral += 0.5 * (Double.parseDouble(a[1]) + Double.parseDouble(b[1]))
                    * (Double.parseDouble(b[0]) - Double.parseDouble(a[0]));
        }
        assertEquals(1, integral, 0.01, "a density over the nodes ± 3 bandwidths");
        double trace = CommonOps_DDRM.trace(dense);
        assertEquals(trace, o.get("trace_estimate").asDouble(), 3 * o.get("trace_standard_error").asDouble());
        assertTrue(o.get("zero_mass").asDouble() > 0, "one output: the range's complement at 0");
        assertEquals(ev[0], o.get("support").get(0).asDouble(), 1e-6 * norm(), "30 steps resolve λ_min");
        assertEquals(2, run("spectrum", "--weights", weights.toString(), "--out", out.resolve("x").toString(),
                "--probes", "1").code());
    }
}
