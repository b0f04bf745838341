package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The {@code dlnlab} program. Exit codes (docs/cli.md): 0 success (a diverged run included), 2 bad input with
 * one line naming where and what was expected, 1 internal error with one line asking for a report; stack
 * traces only with {@code --verbose}.
 */
@Command(name = "dlnlab", mixinStandardHelpOptions = true, version = "dlnlab 0.1.0",
        description = "Training dynamics and loss-landscape geometry of deep linear networks.",
        subcommands = {BoundsCommand.class, SharpnessCommand.class, TrainCommand.class, CheckCommand.class,
                ReproduceCommand.class, BenchCommand.class, SpectrumCommand.class, CompareCommand.class,
                SweepCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: bounds, sharpness, train"
                + " or reproduce (dlnlab --help lists them)");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        IntegerOptions.register(cl);
        showEveryDefault(cl);
        cl.setParameterExceptionHandler((ex, a) -> {
            // An option given twice is picocli's OverwrittenOptionException: "option '--depth' (L) should be
            // specified only once".
            err.println("dlnlab: " + ex.getMessage());
            String suggestion = ex instanceof CommandLine.UnmatchedArgumentException u ? Suggestions.of(u) : null;
            if (suggestion != null) {
                err.println(suggestion);
            }
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InvalidInputException bad) {
                err.println("dlnlab: " + OptionNames.message(bad));
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

    /**
     * Every option with a default shows it in {@code --help}: an option whose description does not mention its
     * default gets picocli's "Default: …" line, so that no command has to remember to.
     */
    private static void showEveryDefault(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        for (OptionSpec o : List.copyOf(spec.options())) {
            boolean mentioned = String.join(" ", o.description()).toLowerCase(Locale.ROOT).contains("default");
            if (o.defaultValue() != null && !mentioned) {
                spec.remove(o);
                spec.addOption(o.toBuilder().showDefaultValue(CommandLine.Help.Visibility.ALWAYS).build());
            }
        }
        cl.getSubcommands().values().forEach(Main::showEveryDefault);
    }
}
