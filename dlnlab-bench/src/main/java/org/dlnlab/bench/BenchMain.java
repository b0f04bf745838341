package org.dlnlab.bench;

import org.dlnlab.Json;
import org.dlnlab.InvalidInputException;
import org.dlnlab.bench.Grid.Row;
import org.dlnlab.bench.Targets.Target;
import org.dlnlab.kernels.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The engine of {@code dlnlab bench} (which runs this class in a child JVM from {@code
 * dlnlab-bench/target/benchmarks.jar}): the machine's own ceilings and every cost against its bound, in one run on
 * one machine (issue 5). Ceilings ({@link Ceilings}): OpenBLAS dgemv single-threaded (per width, and over a
 * working set as large as each net's weights) and a streaming-copy bandwidth. Costs ({@link Grid}): GD step, HVP,
 * checked sharpness and allocation for a grid of widths and depths; the paper's workload ({@link PaperWorkload})
 * by the difference of two run lengths; checked Lanczos against the 20-step power iteration on the paper's
 * trained nets ({@link SharpnessCheck}); optionally ({@code --scale}, {@link ScaleRun}) a net of 10^8 parameters.
 * Output: the table ({@link TableReport}) or one JSON object, and the targets ({@link Targets}).
 * <p>
 * Exit codes as the CLI's: 0 success, 2 bad input (one line), 1 internal error.
 */
@Command(name = "dlnlab bench", mixinStandardHelpOptions = true,
        description = {"Measure the machine's ceilings (OpenBLAS dgemv, copy bandwidth) and time GD steps, HVPs and"
                + " checked sharpness against them; the paper's workload; optionally a 10^8-parameter net.",
                "Progress goes to stderr; --json prints one JSON object on stdout."})
public final class BenchMain implements Callable<Integer> {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Option(names = "--json-file", paramLabel = "FILE", description = "Also write the JSON object to FILE.")
    Path jsonFile;

    @Option(names = "--quick", description = "Shorter measurements and a smaller grid (d ≤ 512), for a smoke test.")
    boolean quick;

    @Option(names = "--widths", split = ",", paramLabel = "d,..", description = "Widths d (default 5,20,100,512,2048).")
    List<Integer> widths;

    @Option(names = "--depths", split = ",", paramLabel = "L,..", description = "Depths L (default 2,10,40).")
    List<Integer> depths;

    @Option(names = "--time-ms", paramLabel = "MS", description = "Time per measurement batch set (default 400; quick 120).")
    Integer timeMs;

    @Option(names = "--sharpness-max-parameters", paramLabel = "N", defaultValue = "50000000",
            description = "Time the checked sharpness only for nets up to N parameters (each of its HVPs"
                    + " costs as much as a GD step, and the largest nets leave little heap for its vectors);"
                    + " default ${DEFAULT-VALUE}.")
    long sharpnessMax;

    @Option(names = "--no-paper", description = "Skip the paper's workload and the trained-net sharpness checks.")
    boolean noPaper;

    @Option(names = "--no-grid", description = "Skip the width × depth grid.")
    boolean noGrid;

    @Option(names = "--scale", description = "Also train and check the sharpness of a net of --scale-parameters"
            + " parameters (10^8 need about 5 GiB of heap: the default heap of a 24 GiB machine).")
    boolean scale;

    @Option(names = "--scale-parameters", paramLabel = "N", defaultValue = "100000000",
            description = "Parameters of the --scale net (d = 5 inputs, depth 12, equal hidden widths); default"
                    + " ${DEFAULT-VALUE}.")
    long scaleParameters;

    @Option(names = "--peer", paramLabel = "DIR", description = "A checkout of the authors' code"
            + " (implicit-reg-sharpness, with JAX installed for --peer-python): time it on the paper's workload in"
            + " this run, beside dlnlab. Default: quote the figures measured once, with their machines.")
    Path peer;

    @Option(names = "--peer-python", paramLabel = "CMD", defaultValue = "python3",
            description = "The Python that runs --peer's code (default ${DEFAULT-VALUE}).")
    String peerPython;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Timer timer = new Timer(1_000_000L * (timeMs != null ? timeMs : quick ? 120 : 400) / 8, err);
        List<Integer> ds = widths != null ? widths : quick ? List.of(5, 20, 100, 512) : List.of(5, 20, 100, 512, 2048);
        List<Integer> ls = depths != null ? depths : List.of(2, 10, 40);
        for (int d : ds) {
            if (d < 1) {
                throw new InvalidInputException("--widths: widths must be ≥ 1, got " + d);
            }
        }
        for (int l : ls) {
            if (l < 2) {
                throw new InvalidInputException("--depths: depths must be ≥ 2, got " + l);
            }
        }
        if (peer != null) {
            if (noPaper) {
                throw new InvalidInputException("--peer: times the authors' code on the paper's workload, which"
                        + " --no-paper skips");
            }
            String problem = PeerWorkload.problemWith(peer, peerPython);
            if (problem != null) {
                throw new InvalidInputException(problem);
            }
        }
        int savedThreads = Parallel.threads();
        long wall0 = System.nanoTime();
        ObjectNode root = Json.object();
        try {
            Parallel.setThreads(1);
            ObjectNode machine = Machine.describe(root.putObject("machine"));
            Machine.warmUp(timer, quick, savedThreads);
            Ceilings ceilings = Ceilings.measure(timer, ds);
            ceilings.put(root.putObject("ceilings"));
            PaperWorkload paper = noPaper ? null : PaperWorkload.measure(timer, quick);
            if (paper != null && peer != null) {
                paper.peer = PeerWorkload.measure(timer, peer, peerPython, quick);
            }
            List<SharpnessCheck> checks = noPaper ? List.of() : SharpnessCheck.runAll(timer);
            GeluWorkload gelu = noPaper ? null : GeluWorkload.measure(timer, quick,
                    ceilings.dgemvGflops.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
            List<Row> rows = noGrid ? List.of()
                    : new Grid(timer, ceilings, sharpnessMax, savedThreads, quick ? 1 : 5).measure(ds, ls);
            ArrayNode grid = root.putArray("grid");
            rows.forEach(r -> r.put(grid.addObject()));
            if (paper != null) {
                paper.put(root.putObject("paper_workload"));
            }
            if (gelu != null) {
                gelu.put(root.putObject("gelu_workload"));
            }
            ArrayNode ck = root.putArray("sharpness_checks");
            checks.forEach(c -> c.put(ck.addObject()));
            Parallel.setThreads(savedThreads);
            ScaleRun sc = scale ? ScaleRun.run(timer, scaleParameters) : null;
            if (sc != null) {
                sc.put(root.putObject("scale"));
            }
            List<Target> targets = Targets.of(rows, paper, checks, sc);
            if (gelu != null) {
                targets.add(gelu.target());
            }
            ArrayNode tg = root.putArray("targets");
            for (Target t : targets) {
                ObjectNode o = tg.addObject();
                o.put("target", t.name());
                o.put("measured", t.measured());
                if (t.pass() == null) {
                    o.putNull("pass");
                } else {
                    o.put("pass", t.pass());
                }
            }
            machine.put("load_average_after", Machine.loadAverage());
            Json.put(root, "wall_s", (System.nanoTime() - wall0) / 1e9);
            if (jsonFile != null) {
                try {
                    Files.writeString(jsonFile, Json.write(root) + "\n");
                } catch (java.io.IOException e) {
                    throw new InvalidInputException("--json-file " + jsonFile + ": cannot write (" + e.getMessage()
                            + ")");
                }
            }
            if (json) {
                out.println(Json.write(root));
            } else {
                TableReport.print(out, machine, ceilings, rows, paper, checks, sc, targets);
            }
        } finally {
            Parallel.setThreads(savedThreads);
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the bench with the given streams and returns the exit code, with the CLI's messages and codes. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = List.of(args).contains("--verbose");
        CommandLine cl = new CommandLine(new BenchMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("dlnlab: " + ex.getMessage());
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InvalidInputException) {
                err.println("dlnlab: " + ex.getMessage());
                if (verbose) {
                    ex.printStackTrace(err);
                }
                return EXIT_BAD_INPUT;
            }
            err.println("dlnlab: internal error (" + ex + "); please report it with the command line"
                    + (verbose ? "" : " and the output of --verbose"));
            if (verbose) {
                ex.printStackTrace(err);
            }
            return EXIT_INTERNAL;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
