package org.dlnlab.cli;

import org.dlnlab.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.dlnlab.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing the command line: counts in scientific notation, suggestions, repeated options, defaults in --help. */
class CommandLineTest {
    private static final String NL = System.lineSeparator();

    @Test
    void countsMayBeWrittenInIntegralScientificNotation() {
        Run plain = run("bounds", "--depth", "10", "--seed", "1000", "--json");
        Run sci = run("bounds", "--depth", "1e1", "--seed", "1.0E3", "--json");
        assertEquals(0, sci.code(), sci.err());
        assertEquals(plain.out(), sci.out());
        Run widths = run("sharpness", "--depth", "3", "--widths", "1e1,2E0", "--top", "2e0", "--json");
        assertEquals(0, widths.code(), widths.err());
        assertEquals(5 * 10 + 10 * 2 + 2, widths.json().get("parameters").asInt());
        assertEquals(2, widths.json().get("eigenvalues").size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train --depth 2 --lr 0.1 --steps 1.5e0 | Invalid value for option '--steps': '1.5e0' is not an integer",
            "train --depth 2 --lr 0.1 --steps 1e10 | Invalid value for option '--steps': '1e10' is out of range"
                    + " (-2147483648 to 2147483647)",
            "bounds --depth 0x10 | Invalid value for option '--depth': '0x10' is not an integer",
            "reproduce --threads 2.5 | Invalid value for option '--threads': '2.5' is not an integer",
            "bounds --depth 2 --seed 1e19 | Invalid value for option '--seed': '1e19' is out of range"
                    + " (-9223372036854775808 to 9223372036854775807)",
    })
    void aNonIntegralOrOutOfRangeCountIsExitTwo(String args, String message) {
        Run r = run(args.trim().split(" "));
        assertEquals(2, r.code(), r.err());
        assertEquals("dlnlab: " + message.trim() + NL, r.err());
    }

    @Test
    void hugeExponentsAreDecidedWithoutBuildingTheNumber() {
        assertEquals(-300, IntegerOptions.parse("-3e2", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, IntegerOptions.parse("9223372036854775807", Long.MIN_VALUE, Long.MAX_VALUE));
        assertThrows(CommandLine.TypeConversionException.class, () -> IntegerOptions.parse("1e999999999", 0, 10));
        assertThrows(CommandLine.TypeConversionException.class, () -> IntegerOptions.parse("1e-999999999", 0, 10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train --step 5 | Unknown options: '--step', '5' | Did you mean --steps?",
            "trian | Unmatched argument at index 0: 'trian' | Did you mean train?",
            "sharpness --dpeth=3 | Unknown option: '--dpeth=3' | Did you mean --depth?",
            "sharpness --depth 2 --feature x0 | Unknown options: '--feature', 'x0' | Did you mean --features?",
    })
    void aMistypedNameIsFollowedByTheNearestValidOne(String args, String error, String suggestion) {
        Run r = run(args.trim().split(" "));
        assertEquals(2, r.code(), r.err());
        assertEquals("dlnlab: " + error.trim() + NL + suggestion.trim() + NL, r.err());
    }

    @Test
    void nothingIsSuggestedWhenNothingIsNear() {
        Run r = run("bounds", "--depth", "2", "--xyzzy");
        assertEquals(2, r.code(), r.err());
        assertEquals("dlnlab: Unknown option: '--xyzzy'" + NL, r.err());
        assertEquals(List.of("--steps", "--stops"), Suggestions.nearest("--stxps", List.of("--steps", "--stops",
                "--depth")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bounds --depth 2 --depth 3 | option '--depth' (L) should be specified only once",
            "bounds --depth 2 --json --json | option '--json' should be specified only once",
            "bounds --depth 2 --seed 1 --seed 2 | option '--seed' (<seed>) should be specified only once",
    })
    void anOptionGivenTwiceIsExitTwo(String args, String message) {
        Run r = run(args.trim().split(" "));
        assertEquals(2, r.code(), r.err());
        assertEquals("dlnlab: " + message.trim() + NL, r.err());
    }

    /**
     * Options without a default and not required, in files edited elsewhere: train's are needed by the optimizer
     * that uses them and --track samples nothing when absent; --weights is one way to give the start. (The options
     * of SharpnessOptions are checked by their own owner.)
     */

    @Test
    void everyOptionsHelpShowsItsDefault() {
        CommandLine root = new CommandLine(new Main());
        List<String> missing = new ArrayList<>();
        for (CommandLine command : root.getSubcommands().values()) {
            CommandSpec spec = command.getCommandSpec();
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp() || o.required() || o.typeInfo().isBoolean()) {
                    continue;
                }
                String help = help(command, o);
                boolean saysDefault = help.toLowerCase(Locale.ROOT).contains("default");
                boolean shown = o.defaultValue() != null ? saysDefault && help.contains(o.defaultValue())
                        : saysDefault || help.contains("required");
                if (!shown) {
                    missing.add(spec.name() + " " + o.longestName() + ": " + help.strip());
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    /** The option's entry in the command's --help, as printed (Main adds the defaults it shows). */
    private static String help(CommandLine command, OptionSpec option) {
        Pattern named = Pattern.compile("(^|[ ,])" + Pattern.quote(option.longestName()) + "([=, ]|$)");
        StringBuilder entry = new StringBuilder();
        boolean inside = false;
        for (String line : run(command.getCommandName(), "--help").out().lines().toList()) {
            if (line.matches(" {0,8}-.*")) { // an entry starts with its option names, descriptions are indented
                if (inside) {
                    break;
                }
                inside = named.matcher(line.strip().split(" {2}")[0]).find();
            }
            if (inside) {
                entry.append(line).append('\n');
            }
        }
        assertTrue(entry.length() > 0, option.longestName() + " in the help of " + command.getCommandName());
        return entry.toString();
    }

    @Test
    void checkPrintsEachVerdictAsASentence(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path out = dir.resolve("aligned");
        assertEquals(0, run("train", "--depth", "3", "--init", "aligned-minimizer", "--lr", "0.01", "--steps", "1",
                "--out", out.toString()).code());
        Run r = run("check", "--weights", out.resolve("final_weights.json").toString());
        assertEquals(0, r.code(), r.err());
        // At the aligned minimizer of depth 3 every σ_1 is ‖w*‖^{1/3}, a factor 2^{−1/3} = 0.7937 inside the band.
        assertTrue(r.out().contains(NL + "  low norm: 0.7937 ≤ 1 holds (largest factor"), r.out());
        assertTrue(r.out().contains(NL + "  rank one: 0 ≤ 0.01 holds (largest relative"), r.out());
        assertEquals(List.of("1000", "1", "0.01", "4.93e-33", "1.5e5", "∞"), java.util.stream.Stream.of(1000.0, 1.0,
                0.01, 4.93e-33, 1.5e5, Double.POSITIVE_INFINITY).map(TheoryJson::number).toList());
    }
}
