package org.dlnlab.cli;

import org.dlnlab.Decimal;
import org.dlnlab.InvalidInputException;
import org.dlnlab.experiments.spec.Grids;
import org.dlnlab.experiments.spec.SweepSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The points of a sweep as {@code train} runs: each point's settings become a train argument list, parsed and checked
 * by {@link TrainCommand} itself (so a sweep refuses exactly what train refuses, and accepts every option train has),
 * then executed in-process by the same code as {@code train}, its files in a folder of its own.
 */
final class TrainRuns {
    /** Options a sweep sets itself for every run: a spec may not. */
    static final Set<String> RESERVED = Set.of("out", "force", "json", "progress", "verbose", "help", "version",
            "run-key", "seed");
    /** The program's version, as --version and run.json give it. */
    static final String VERSION = Main.class.getAnnotation(CommandLine.Command.class).version()[0];
    /** A train command per worker thread: building one costs tens of milliseconds, more than a small run. */
    private static final ThreadLocal<CommandLine> PER_THREAD = ThreadLocal.withInitial(TrainRuns::train);
    private static final Pattern LEADING_OPTION = Pattern.compile("^(--[a-z0-9-]+)");

    /**
     * One run: its key, the values of the options the spec sets (by option name, typed as train reads them) and the
     * train arguments that make it (without the seed, run key and output options).
     */
    record Run(String key, int rep, Map<String, Object> config, List<String> args) implements java.io.Serializable {
        /** The command that redoes this run bit for bit. */
        String command(long seed) {
            List<String> words = new ArrayList<>(List.of("dlnlab", "train"));
            args.forEach(a -> words.add(shellWord(a)));
            words.add("--seed");
            words.add(Long.toString(seed));
            words.add("--run-key");
            words.add(shellWord(key));
            return String.join(" ", words);
        }

        /** The run's own folder under a sweep's runs/ folder: the key's parts as nested folders. */
        Path folder(Path runs) {
            Path p = runs;
            for (String part : key.split("/(?=[a-z0-9-]+=)")) {
                p = p.resolve(part.replace("/", "%2F").replace("\\", "%5C"));
            }
            return p;
        }
    }

    private final SweepSpec spec;
    /** Each train option's value when not given, by name without dashes. */
    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final Set<String> booleanOptions = new java.util.HashSet<>();

    TrainRuns(SweepSpec spec) {
        this.spec = spec;
        CommandLine cl = train();
        parse(cl);
        for (OptionSpec o : cl.getCommandSpec().options()) {
            String name = o.longestName().replaceFirst("^--?", "");
            defaults.put(name, o.getValue());
            if (o.arity().max() == 0) {
                booleanOptions.add(name);
            }
        }
    }

    /**
     * Every run of the spec, each checked as train checks its options (parsed, validated, its start built) before
     * any runs; the first problem is an {@link InvalidInputException} naming the spec's file, line and key.
     */
    List<Run> plan() {
        for (SweepSpec.Point p : spec.points().subList(0, 1)) {
            for (SweepSpec.Setting s : p.settings()) {
                if (RESERVED.contains(s.option())) {
                    throw error(s, s.option().equals("seed") ? "give the seed at the top level (seed: N)"
                            : "set by the sweep itself for every run; not an option of a spec");
                }
                if (!defaults.containsKey(s.option())) {
                    throw error(s, "not an option of train" + suggestion(s.option()) + " (dlnlab train --help"
                            + " lists them)");
                }
            }
        }
        List<Run> runs = new ArrayList<>();
        Set<String> keys = new java.util.HashSet<>();
        // One command for every point: picocli resets every option before each parse.
        CommandLine cl = train();
        for (SweepSpec.Point p : spec.points()) {
            Run run = check(cl, p);
            if (!keys.add(run.key())) {
                throw new InvalidInputException(spec.file() + ": two runs have the key " + run.key() + " (an axis"
                        + " repeats a value, or sets an option to its default twice)");
            }
            runs.add(run);
        }
        return runs;
    }

    /** Parses one point through train and runs its checks, without training. */
    private Run check(CommandLine cl, SweepSpec.Point p) {
        List<String> args = arguments(p);
        TrainCommand t = cl.getCommand();
        try {
            parse(cl, args);
        } catch (CommandLine.ParameterException e) {
            SweepSpec.Setting s = e.getArgSpec() instanceof OptionSpec o ? setting(p, o.longestName()) : null;
            throw s != null ? error(s, e.getMessage()) : new InvalidInputException(spec.file() + ": "
                    + e.getMessage());
        }
        t.dryRun = true;
        try {
            t.call();
        } catch (InvalidInputException e) {
            String message = OptionNames.message(e);
            Matcher m = LEADING_OPTION.matcher(message);
            SweepSpec.Setting s = m.find() ? setting(p, m.group(1)) : null;
            if (s != null) {
                // "--lr: must be …" under the key lr says the option once.
                message = message.substring(m.end()).replaceFirst("^:\\s*", "");
            } else if (!p.settings().isEmpty()) {
                s = p.settings().get(p.settings().size() - 1);
            }
            throw s != null ? error(s, message) : new InvalidInputException(spec.file() + ": " + message);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        TreeMap<String, String> keyParts = new TreeMap<>();
        CommandSpec cs = cl.getCommandSpec();
        for (SweepSpec.Setting s : p.settings()) {
            Object value = cs.findOption("--" + s.option()).getValue();
            config.put(s.option(), value);
            if (!Objects.equals(value, defaults.get(s.option()))) {
                keyParts.put(s.option(), text(value));
            }
        }
        StringBuilder key = new StringBuilder();
        keyParts.forEach((k, v) -> key.append(k).append('=').append(v).append('/'));
        key.append("rep=").append(Grids.rep(p.rep()));
        return new Run(key.toString(), p.rep(), config, args);
    }

    /**
     * Runs one run as train would with {@code --seed S --run-key KEY --out DIR}, its files in DIR; returns what
     * train's --json prints. Throws what train throws.
     */
    static ObjectNode execute(Run run, long seed, Path dir) {
        List<String> args = new ArrayList<>(run.args());
        args.addAll(List.of("--seed", Long.toString(seed), "--run-key", run.key(), "--out", dir.toString(),
                "--force", "--json"));
        CommandLine cl = PER_THREAD.get();
        parse(cl, args);
        TrainCommand t = cl.getCommand();
        t.result = null;
        t.call();
        return t.result;
    }

    /** A train command under a root that carries the program's version (run.json records it); output discarded. */
    private static CommandLine train() {
        CommandLine root = new CommandLine(CommandSpec.create().name("dlnlab").version(VERSION));
        root.addSubcommand("train", new TrainCommand());
        IntegerOptions.register(root);
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine cl = root.getSubcommands().get("train");
        ((TrainCommand) cl.getCommand()).alone = false;
        cl.setOut(nowhere);
        cl.setErr(nowhere);
        return cl;
    }

    /** Parses train's arguments through its parent, as the program does (picocli parses from the root). */
    private static void parse(CommandLine train, List<String> args) {
        List<String> all = new ArrayList<>(args.size() + 1);
        all.add("train");
        all.addAll(args);
        train.getParent().parseArgs(all.toArray(String[]::new));
    }

    private static void parse(CommandLine train) {
        parse(train, List.of());
    }

    /** The train arguments of a point: {@code --option value}, a flag alone when true and left out when false. */
    private List<String> arguments(SweepSpec.Point p) {
        List<String> args = new ArrayList<>();
        for (SweepSpec.Setting s : p.settings()) {
            if (booleanOptions.contains(s.option())) {
                switch (s.value()) {
                    case "true" -> args.add("--" + s.option());
                    case "false" -> {
                    }
                    default -> throw error(s, "expected true or false, got \"" + s.value() + "\"");
                }
            } else {
                args.add("--" + s.option());
                args.add(s.value());
            }
        }
        return args;
    }

    private static SweepSpec.Setting setting(SweepSpec.Point p, String option) {
        String name = option.replaceFirst("^--?", "");
        SweepSpec.Setting found = null;
        for (SweepSpec.Setting s : p.settings()) {
            if (s.option().equals(name)) {
                found = s;
            }
        }
        return found;
    }

    private InvalidInputException error(SweepSpec.Setting s, String message) {
        return new InvalidInputException(spec.file() + ":" + s.line() + ": " + s.option() + ": " + message);
    }

    private String suggestion(String option) {
        List<String> nearest = Suggestions.nearest(option, defaults.keySet());
        return nearest.isEmpty() ? "" : "; did you mean " + String.join(" or ", nearest) + "?";
    }

    /** A value as the key spells it: numbers in round-trip form, lists joined by commas. */
    static String text(Object value) {
        if (value instanceof Double d) {
            return Decimal.toString(d);
        }
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(TrainRuns::text).toList());
        }
        return String.valueOf(value);
    }

    private static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:=,+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
