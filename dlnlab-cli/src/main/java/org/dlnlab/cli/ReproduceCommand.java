package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.experiments.Paper;
import org.dlnlab.experiments.Reproduction;
import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.exec.ConsoleProgress;
import org.dlnlab.experiments.papers.eos.EdgeOfStability;
import org.dlnlab.experiments.papers.gidel.Gidel;
import org.dlnlab.experiments.papers.marionchizat.MarionChizat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dlnlab reproduce [marion-chizat|gidel|eos|all]}: every figure of Marion &amp; Chizat (NeurIPS 2024) or of
 * Gidel, Bach &amp; Lacoste-Julien (NeurIPS 2019) from the paper's settings, or the central-flow study (eos) — tidy CSVs, PNG + SVG figures,
 * claims.csv and a self-contained report.html in --out.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Reproduce a paper's experiments: tidy CSV per figure family, figures (PNG + SVG),"
                + " claims.csv (claim vs measured) and a self-contained report.html in --out.",
                "An --out folder holding an earlier reproduce run is resumed: finished families and runs are kept,"
                        + " only the rest is computed. Same seed => byte-identical CSVs whatever --threads."})
final class ReproduceCommand implements Callable<Integer> {
    static final int MAX_THREADS = 1024;

    @Parameters(index = "0", arity = "0..1", defaultValue = "marion-chizat", paramLabel = "EXPERIMENT",
            description = "marion-chizat (default), gidel, eos (the central flow at the edge of stability) or all"
                    + " (each in a subfolder of --out named after it).")
    String experiment;

    @Option(names = "--quick", description = "Reduced scales, repetitions and grids that still draw every figure"
            + " (a smoke test, a few seconds of compute on 2 cores); not the paper's statistics.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dlnlab-out",
            description = "Output folder (default: ./${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "0",
            description = "Seed of every random stream (default: 0).")
    long seed;

    @Option(names = "--force", description = "Write into a non-empty --out folder and recompute everything"
            + " (earlier results there are overwritten, not resumed).")
    boolean force;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> ids = switch (experiment) {
            case "marion-chizat", "gidel", EdgeOfStability.ID -> List.of(experiment);
            case "all" -> List.of("marion-chizat", "gidel", EdgeOfStability.ID);
            default -> throw new InvalidInputException("reproduce: unknown experiment \"" + experiment
                    + "\"; expected marion-chizat, gidel, eos or all");
        };
        int n = workers(threads);
        Path dir = OutputDir.prepare(out, "reproduce", force);
        Provenance.write(dir, Provenance.record(spec, null, null));
        Reproduction.Scale scale = quick ? Reproduction.Scale.QUICK : Reproduction.Scale.PAPER;
        for (String id : ids) {
            // With several papers each gets a folder of its own: their reports and claims tables share file names.
            Path folder = ids.size() == 1 ? dir : dir.resolve(id);
            int code = switch (id) {
                case "marion-chizat" -> reproduce(new MarionChizat(), folder, scale, n, stdout, err);
                case "gidel" -> reproduce(new Gidel(), folder, scale, n, stdout, err);
                default -> reproduce(new EdgeOfStability(), folder, scale, n, stdout, err);
            };
            if (code != 0) {
                return code;
            }
        }
        return 0;
    }

    private int reproduce(Paper paper, Path dir, Reproduction.Scale scale, int n, PrintWriter stdout,
                          PrintWriter err) {
        Reproduction.Outcome o;
        try {
            java.nio.file.Files.createDirectories(dir);
            o = new Reproduction(paper, new Reproduction.Options(dir, scale, n, seed, !force))
                    .run(new ConsoleProgress(err, System.console() != null));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("dlnlab: reproduce interrupted; run the same command again to resume");
            return 130;
        } catch (InvalidInputException e) {
            // The experiments choose their own settings: their errors keep the core's words, not options the user
            // did not give.
            throw new InvalidInputException(e.getMessage(), e);
        }
        stdout.printf(Locale.ROOT, "reproduce %s (%s settings, seed %d, %d thread%s): %d runs computed,"
                        + " %d loaded, %d diverged, %.1f s%n", paper.id(), scale.label(), seed, n, n == 1 ? "" : "s",
                o.runsComputed(), o.runsLoaded(), o.diverged(), o.wallSeconds());
        printClaims(stdout, o.claims(), o.report());
        return 0;
    }

    /** The worker threads of --threads: all cores when not given, else 1..{@value #MAX_THREADS}. */
    static int workers(Integer threads) {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > MAX_THREADS) {
            throw new InvalidInputException("--threads: expected a number of threads from 1 to " + MAX_THREADS
                    + ", got " + n);
        }
        return n;
    }

    /** The claims of a reproduction, one line each, then where its report is. */
    static void printClaims(PrintWriter stdout, List<Claim> claims, Path report) {
        stdout.println("claims (claim id: verdict — measured):");
        for (Claim c : claims) {
            stdout.println("  " + c.id() + ": " + c.verdict().label() + " — " + c.measured());
        }
        stdout.println("report: " + report);
        stdout.flush();
    }
}
