package org.dlnlab.experiments.spec;

import org.dlnlab.Decimal;
import org.dlnlab.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep file (YAML): a base run and axes whose Cartesian product is the grid, each grid point a list of option
 * settings (option names without {@code --}, values as a command line would spell them), repeated {@code reps}
 * times. The first axis is the outermost loop; {@code zip} groups are axes whose options move together (a group may
 * carry {@code reps}, the repetitions of its points). Which options exist and what values they take is for the
 * program that runs the points to check; this class checks the file's shape. Every error is one line,
 * {@code FILE:LINE: key: message}.
 *
 * <pre>
 * seed: 0
 * reps: 2
 * base: {data: builtin:mc_fig1, depth: 2, steps: 100}
 * axes:
 *   lr: {logspace: [-3, -1, 5]}
 *   width: [5, 10]
 * zip:
 *   - {init: [small:0.1, small:0.35], steps: [200, 100], reps: [3, 1]}
 * </pre>
 */
public final class SweepSpec {
    /** The keys a sweep file may have at its top level. */
    public static final List<String> TOP_KEYS = List.of("seed", "reps", "base", "axes", "zip");
    private static final Set<String> RANGES = Set.of("linspace", "logspace");

    /** One option of one run: its value as typed on a command line, and the file line it comes from. */
    public record Setting(String option, String value, int line) {
    }

    /** One run of the grid: its settings (base first, then each axis in order) and its repetition index. */
    public record Point(List<Setting> settings, int rep) {
    }

    /** One loop of the grid: options moving together (one for a plain axis), and the repetitions per value. */
    private record Axis(List<List<Setting>> values, List<Integer> reps) {
    }

    private final String file;
    private final long seed;
    private final int reps;
    private final List<Setting> base;
    private final List<Axis> axes;
    /** The file's content in a canonical form, entry by entry, to tell what an edit changed. */
    private final Map<String, String> canonical;

    private SweepSpec(String file, long seed, int reps, List<Setting> base, List<Axis> axes,
                      Map<String, String> canonical) {
        this.file = file;
        this.seed = seed;
        this.reps = reps;
        this.base = base;
        this.axes = axes;
        this.canonical = canonical;
    }

    /** Reads and checks a sweep file. */
    public static SweepSpec read(Path path) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(path + ": no such file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return parse(path.toString(), in);
        } catch (IOException e) {
            throw new InvalidInputException(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Reads a sweep from YAML text; {@code file} names it in messages. */
    public static SweepSpec parse(String file, InputStream yaml) {
        Node root;
        try (JsonParser p = YAMLMapper.builder().build().createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InvalidInputException(file + ":1: empty file; expected a mapping with base and axes");
            }
            root = read(p, file);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new InvalidInputException(file + ":" + line + ": not valid YAML (" + e.getOriginalMessage()
                    .lines().findFirst().orElse("") + ")");
        }
        return new Builder(file).build(root);
    }

    /** The file the spec was read from, as given. */
    public String file() {
        return file;
    }

    public long seed() {
        return seed;
    }

    /** The options the spec sets, in the order of the file (base, then axes): the runs' configuration columns. */
    public List<String> options() {
        List<String> out = new ArrayList<>();
        base.forEach(s -> out.add(s.option()));
        for (Axis a : axes) {
            a.values().get(0).forEach(s -> out.add(s.option()));
        }
        return List.copyOf(out);
    }

    /** Every run of the grid in loop order, the first axis outermost, repetitions innermost. */
    public List<Point> points() {
        List<List<Setting>> rows = new ArrayList<>();
        List<Integer> repsOf = new ArrayList<>();
        rows.add(base);
        repsOf.add(reps);
        for (Axis a : axes) {
            List<List<Setting>> next = new ArrayList<>();
            List<Integer> nextReps = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                for (int v = 0; v < a.values().size(); v++) {
                    List<Setting> s = new ArrayList<>(rows.get(i));
                    s.addAll(a.values().get(v));
                    next.add(s);
                    nextReps.add(a.reps() != null ? a.reps().get(v) : repsOf.get(i));
                }
            }
            rows = next;
            repsOf = nextReps;
        }
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Setting> s = List.copyOf(rows.get(i));
            for (int rep = 0; rep < repsOf.get(i); rep++) {
                out.add(new Point(s, rep));
            }
        }
        return out;
    }

    /** The spec entry by entry ({@code seed}, {@code base.lr}, {@code axes.width}, {@code zip[0].steps}, …). */
    public Map<String, String> canonical() {
        return canonical;
    }

    /**
     * What changed from an earlier spec's canonical entries to this one's, one clause per entry
     * ({@code axes.lr: [0.1, 0.2] → [0.1, 0.3]}), or an empty list when nothing did.
     */
    public List<String> changesFrom(Map<String, String> earlier) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : earlier.entrySet()) {
            String now = canonical.get(e.getKey());
            if (now == null) {
                out.add(e.getKey() + ": removed (was " + e.getValue() + ")");
            } else if (!now.equals(e.getValue())) {
                out.add(e.getKey() + ": " + e.getValue() + " → " + now);
            }
        }
        for (Map.Entry<String, String> e : canonical.entrySet()) {
            if (!earlier.containsKey(e.getKey())) {
                out.add(e.getKey() + ": added (" + e.getValue() + ")");
            }
        }
        return out;
    }

    /** A parsed YAML value with the line it starts on. */
    private sealed interface Node permits Scalar, MapNode, ListNode {
        int line();
    }

    /** A scalar as written, and whether YAML read it as a number, a boolean, text or null. */
    private record Scalar(String text, JsonToken kind, int line) implements Node {
    }

    private record MapNode(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
    }

    private record ListNode(List<Node> items, int line) implements Node {
    }

    private static Node read(JsonParser p, String file) {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> entries = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                if (entries.containsKey(key)) {
                    throw new InvalidInputException(file + ":" + keyLine + ": " + key + ": given twice (first on line "
                            + keyLines.get(key) + ")");
                }
                entries.put(key, read(p, file));
                keyLines.put(key, keyLine);
            }
            return new MapNode(entries, keyLines, line);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(p, file));
            }
            return new ListNode(items, line);
        }
        return new Scalar(t == JsonToken.VALUE_NULL ? null : p.getString(), t, line);
    }

    /** Checks the tree and builds the spec, naming the file and line of the first problem. */
    private static final class Builder {
        private final String file;
        private final Map<String, String> canonical = new LinkedHashMap<>();
        /** Where each option is set, to refuse an option set twice. */
        private final Map<String, String> setAt = new LinkedHashMap<>();

        Builder(String file) {
            this.file = file;
        }

        private InvalidInputException error(int line, String key, String message) {
            return new InvalidInputException(file + ":" + line + ": " + key + ": " + message);
        }

        SweepSpec build(Node root) {
            if (!(root instanceof MapNode top)) {
                throw new InvalidInputException(file + ":" + root.line() + ": expected a mapping with the keys "
                        + String.join(", ", TOP_KEYS));
            }
            for (String key : top.entries().keySet()) {
                if (!TOP_KEYS.contains(key)) {
                    throw error(top.keyLines().get(key), key, "unknown key; expected one of "
                            + String.join(", ", TOP_KEYS));
                }
            }
            long seed = top.entries().containsKey("seed") ? integer(top.entries().get("seed"), "seed", Long.MIN_VALUE)
                    : 0;
            int reps = top.entries().containsKey("reps") ? (int) integer(top.entries().get("reps"), "reps", 1) : 1;
            canonical.put("seed", Long.toString(seed));
            canonical.put("reps", Integer.toString(reps));
            List<Setting> base = new ArrayList<>();
            if (top.entries().containsKey("base")) {
                MapNode m = mapping(top.entries().get("base"), "base");
                for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                    String option = e.getKey();
                    Setting s = new Setting(option, scalarOrList(e.getValue(), option), m.keyLines().get(option));
                    claim(option, "base", s.line());
                    base.add(s);
                    canonical.put("base." + option, s.value());
                }
            }
            List<Axis> axes = new ArrayList<>();
            if (top.entries().containsKey("axes")) {
                MapNode m = mapping(top.entries().get("axes"), "axes");
                for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                    String option = e.getKey();
                    int keyLine = m.keyLines().get(option);
                    claim(option, "axes", keyLine);
                    List<Setting> values = values(e.getValue(), option, keyLine);
                    List<List<Setting>> points = values.stream().map(List::of).toList();
                    axes.add(new Axis(points, null));
                    canonical.put("axes." + option, values.stream().map(Setting::value).toList().toString());
                }
            }
            if (top.entries().containsKey("zip")) {
                Node z = top.entries().get("zip");
                if (!(z instanceof ListNode groups)) {
                    throw error(z.line(), "zip", "expected a list of groups, each a mapping of options to lists of"
                            + " equal length");
                }
                for (int g = 0; g < groups.items().size(); g++) {
                    axes.add(group(groups.items().get(g), g));
                }
            }
            if (axes.stream().filter(a -> a.reps() != null).count() > 1) {
                throw new InvalidInputException(file + ":" + top.keyLines().get("zip") + ": zip: reps in more than"
                        + " one group; give the repetitions in one group only");
            }
            if (top.entries().containsKey("reps") && axes.stream().anyMatch(a -> a.reps() != null)) {
                throw error(top.keyLines().get("reps"), "reps", "also given in a zip group; give it in one place");
            }
            return new SweepSpec(file, seed, reps, List.copyOf(base), List.copyOf(axes),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(canonical)));
        }

        /** A zip group: options with lists of one length, and optionally their repetitions. */
        private Axis group(Node node, int index) {
            String name = "zip[" + index + "]";
            MapNode m = mapping(node, name);
            if (m.entries().isEmpty()) {
                throw error(m.line(), name, "empty group");
            }
            List<List<Setting>> columns = new ArrayList<>();
            List<Integer> reps = null;
            int length = -1;
            String first = null;
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                String option = e.getKey();
                int keyLine = m.keyLines().get(option);
                List<Setting> values;
                if (option.equals("reps")) {
                    if (!(e.getValue() instanceof ListNode list) || list.items().isEmpty()) {
                        throw error(keyLine, "reps", "expected a non-empty list of repetition counts ≥ 1, one per"
                                + " value of the group");
                    }
                    reps = new ArrayList<>();
                    for (Node item : list.items()) {
                        reps.add((int) integer(item, "reps", 1));
                    }
                    values = null;
                    canonical.put(name + ".reps", reps.toString());
                } else {
                    claim(option, name, keyLine);
                    values = values(e.getValue(), option, keyLine);
                    canonical.put(name + "." + option, values.stream().map(Setting::value).toList().toString());
                }
                int n = values != null ? values.size() : reps.size();
                if (length >= 0 && n != length) {
                    throw error(keyLine, option, n + " values, but " + first + " in the same zip group has "
                            + length + "; the options of a group move together and need lists of one length");
                }
                length = n;
                first = option;
                if (values != null) {
                    columns.add(values);
                }
            }
            if (columns.isEmpty()) {
                throw error(m.line(), name, "a group with reps only; it needs at least one option");
            }
            List<List<Setting>> points = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                List<Setting> point = new ArrayList<>();
                for (List<Setting> c : columns) {
                    point.add(c.get(i));
                }
                points.add(List.copyOf(point));
            }
            return new Axis(List.copyOf(points), reps == null ? null : List.copyOf(reps));
        }

        /** Refuses an option set in two places of the file. */
        private void claim(String option, String where, int line) {
            if (TOP_KEYS.contains(option) && !option.equals("seed")) {
                // "reps" and friends are the file's own keys; a train option of that name cannot exist.
                throw error(line, option, "not an option here; " + option + " is a top-level key");
            }
            if (option.equals("seed")) {
                throw error(line, option, "give the seed once, at the top level (seed: N); repetitions (reps) give"
                        + " runs their own random streams");
            }
            String previous = setAt.putIfAbsent(option, where + " (line " + line + ")");
            if (previous != null) {
                throw error(line, option, "already set in " + previous + "; an option is set in one place");
            }
        }

        private MapNode mapping(Node node, String key) {
            if (!(node instanceof MapNode m)) {
                throw error(node.line(), key, "expected a mapping of option names to values");
            }
            return m;
        }

        /** The values of an axis: a non-empty list of scalars, or {linspace|logspace: [start, stop, count]}. */
        private List<Setting> values(Node node, String option, int keyLine) {
            if (node instanceof ListNode list) {
                if (list.items().isEmpty()) {
                    throw error(keyLine, option, "empty axis; give at least one value");
                }
                List<Setting> out = new ArrayList<>();
                for (Node item : list.items()) {
                    out.add(new Setting(option, scalar(item, option), item.line()));
                }
                return out;
            }
            if (node instanceof MapNode range && range.entries().size() == 1
                    && RANGES.contains(range.entries().keySet().iterator().next())) {
                String kind = range.entries().keySet().iterator().next();
                Node args = range.entries().get(kind);
                int line = range.keyLines().get(kind);
                if (!(args instanceof ListNode l) || l.items().size() != 3) {
                    throw error(line, option, kind + ": expected [start, stop, count]");
                }
                double a = number(l.items().get(0), option, kind + " start");
                double b = number(l.items().get(1), option, kind + " stop");
                Node countNode = l.items().get(2);
                long count;
                try {
                    count = integer(countNode, option, 1);
                } catch (InvalidInputException e) {
                    throw error(countNode.line(), option, kind + ": the count must be an integer ≥ 1, got "
                            + ((countNode instanceof Scalar s) ? s.text() : "a " + kindOf(countNode)));
                }
                if (count > 1_000_000) {
                    throw error(countNode.line(), option, kind + ": " + count + " points; at most 1000000 per axis");
                }
                List<Double> xs = kind.equals("linspace") ? Grids.linspace(a, b, (int) count)
                        : Grids.logspace(a, b, (int) count);
                List<Setting> out = new ArrayList<>();
                for (double x : xs) {
                    if (!Double.isFinite(x)) {
                        throw error(line, option, kind + ": a value overflows (" + x + ")");
                    }
                    out.add(new Setting(option, Decimal.toString(x), line));
                }
                return out;
            }
            if (node instanceof MapNode other) {
                throw error(other.line(), option, "expected a list of values or {linspace: [start, stop, count]} or"
                        + " {logspace: [start, stop, count]}, got the keys " + other.entries().keySet());
            }
            throw error(node.line(), option, "an axis needs a list of values, e.g. [" + ((Scalar) node).text()
                    + "]; a single value goes in base");
        }

        /** A base value: a scalar, or a list joined by commas (an option such as --track that takes several). */
        private String scalarOrList(Node node, String option) {
            if (node instanceof ListNode list) {
                if (list.items().isEmpty()) {
                    throw error(node.line(), option, "empty list");
                }
                List<String> parts = new ArrayList<>();
                for (Node item : list.items()) {
                    parts.add(scalar(item, option));
                }
                return String.join(",", parts);
            }
            return scalar(node, option);
        }

        private String scalar(Node node, String option) {
            if (node instanceof Scalar s) {
                if (s.text() == null) {
                    throw error(s.line(), option, "no value (null); give one or leave the option out");
                }
                return s.text();
            }
            throw error(node.line(), option, "expected a single value, got a " + kindOf(node));
        }

        private double number(Node node, String option, String what) {
            if (node instanceof Scalar s && (s.kind() == JsonToken.VALUE_NUMBER_FLOAT
                    || s.kind() == JsonToken.VALUE_NUMBER_INT)) {
                double x = Double.parseDouble(s.text());
                if (Double.isFinite(x)) {
                    return x;
                }
            }
            throw error(node.line(), option, what + ": expected a finite number, got "
                    + (node instanceof Scalar s ? "\"" + s.text() + "\"" : "a " + kindOf(node)));
        }

        private long integer(Node node, String key, long min) {
            if (node instanceof Scalar s && s.kind() == JsonToken.VALUE_NUMBER_INT) {
                try {
                    long v = Long.parseLong(s.text().replace("_", ""));
                    if (v >= min) {
                        return v;
                    }
                } catch (NumberFormatException e) {
                    // out of range: reported below
                }
            }
            throw error(node.line(), key, "expected an integer" + (min == Long.MIN_VALUE ? "" : " ≥ " + min)
                    + ", got " + (node instanceof Scalar s ? "\"" + s.text() + "\"" : "a " + kindOf(node)));
        }

        private static String kindOf(Node node) {
            return node instanceof MapNode ? "mapping" : node instanceof ListNode ? "list" : "value";
        }
    }
}
