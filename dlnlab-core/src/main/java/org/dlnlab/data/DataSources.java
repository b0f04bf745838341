package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.InvalidInputException.Setting;
import org.dlnlab.InvalidInputException.Text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a data source ({@code FILE} or {@code builtin:NAME}) and the choice of columns into a {@link Dataset}, so
 * that every caller reads data, and reports bad data, the same way.
 */
public final class DataSources {
    private static final String BUILTIN = "builtin:";

    /** A shipped file and its documented targets (empty: the last column). */
    private record Builtin(String file, List<String> targets) {
    }

    /** The built-in sets by short name, in the order the help lists them; their roles are in the data README. */
    private static final Map<String, Builtin> BUILTINS = new LinkedHashMap<>();

    static {
        BUILTINS.put("mc_fig1", new Builtin("mc_fig1_train.csv", List.of()));
        BUILTINS.put("mc_fig1_test", new Builtin("mc_fig1_test.csv", List.of()));
        BUILTINS.put("mc_fig6", new Builtin("mc_fig6_underdetermined_train.csv", List.of()));
        BUILTINS.put("mc_fig6_test", new Builtin("mc_fig6_underdetermined_test.csv", List.of()));
        BUILTINS.put("mc_nonlinear", new Builtin("mc_nonlinear_noiseless_train.csv", List.of()));
        BUILTINS.put("diabetes", new Builtin("diabetes.csv", List.of()));
        // 3 exercises (Chins, Situps, Jumps) → 3 physiological measurements, as scikit-learn splits it.
        BUILTINS.put("linnerud", new Builtin("linnerud.csv", List.of("Weight", "Waist", "Pulse")));
    }

    private DataSources() {
    }

    /** The NAMEs accepted after {@code builtin:}. */
    public static List<String> builtinNames() {
        return List.copyOf(BUILTINS.keySet());
    }

    /**
     * Loads a data set with the given targets, every other column an input.
     *
     * @param spec    a file path or {@code builtin:NAME}; also the name messages use
     * @param targets the target columns in the order wanted; null or empty means the default ones
     */
    public static Dataset load(String spec, List<String> targets) {
        return load(spec, Columns.targets(targets));
    }

    /** Loads a data set with the given choice of columns; {@code spec} as in {@link #load(String, List)}. */
    public static Dataset load(String spec, Columns columns) {
        if (!spec.startsWith(BUILTIN)) {
            return dataset(readFile(spec), columns, List.of());
        }
        if (ModeData.accepts(spec)) {
            return ModeData.load(spec, columns);
        }
        Builtin builtin = BUILTINS.get(spec.substring(BUILTIN.length()));
        if (builtin == null) {
            throw new InvalidInputException(CsvTable.show(spec) + ": no such built-in data set; expected one of "
                    + BUILTINS.keySet().stream().map(name -> BUILTIN + name).collect(Collectors.joining(", "))
                    + ", or a generator builtin:commuting:sigma=… or builtin:noncommuting:sigma=…:lambda=…:angle=θ");
        }
        return dataset(CsvTable.readResource(builtin.file(), spec), columns, builtin.targets());
    }

    /** A file; a missing one named like a built-in set (diabetes, diabetes.csv) is pointed to that set. */
    private static CsvTable readFile(String spec) {
        String stem = spec.endsWith(".csv") ? spec.substring(0, spec.length() - ".csv".length()) : spec;
        if (BUILTINS.containsKey(stem) && !Files.exists(Path.of(spec))) {
            throw new InvalidInputException(spec + ": file not found; the built-in data set is " + BUILTIN + stem);
        }
        return CsvTable.readFile(spec);
    }

    /** Splits a parsed table with the default targets of a file: the last column. */
    static Dataset dataset(CsvTable table, List<String> targets) {
        return dataset(table, Columns.targets(targets), List.of());
    }

    /**
     * Splits a parsed table into inputs and targets.
     *
     * @param defaultTargets the targets when {@code columns} names none; empty: the last column
     */
    static Dataset dataset(CsvTable table, Columns columns, List<String> defaultTargets) {
        List<String> header = table.header();
        boolean targetsNamed = !columns.targets().isEmpty();
        List<String> targetNames = targetsNamed ? columns.targets() : defaultTargets;
        List<Integer> targetColumns = targetNames.isEmpty() ? List.of(header.size() - 1)
                : indices(table, targetNames, Input.TARGET);
        if (!columns.features().isEmpty() && !columns.dropped().isEmpty()) {
            throw new InvalidInputException(new Text(table.source() + ": "), Setting.of(Input.FEATURES),
                    new Text(" and "), Setting.of(Input.DROPPED_COLUMNS), new Text(": give one of them, not both"));
        }
        List<Integer> dropped = indices(table, columns.dropped(), Input.DROPPED_COLUMNS);
        notTargets(table, dropped, Input.DROPPED_COLUMNS, targetColumns, targetsNamed);
        List<Integer> inputColumns;
        if (!columns.features().isEmpty()) {
            inputColumns = indices(table, columns.features(), Input.FEATURES);
            notTargets(table, inputColumns, Input.FEATURES, targetColumns, targetsNamed);
        } else {
            inputColumns = new ArrayList<>();
            for (int j = 0; j < header.size(); j++) {
                if (!targetColumns.contains(j) && !dropped.contains(j)) {
                    inputColumns.add(j);
                }
            }
        }
        if (inputColumns.isEmpty()) {
            throw new InvalidInputException(table.source() + ": every column is a target or dropped, need at least"
                    + " one input column");
        }
        if (table.rowCount() < 2) {
            throw new InvalidInputException(table.source() + ": " + table.rowCount()
                    + " data row(s) after the header, need at least 2");
        }
        // Only the columns in use are read (a dropped column may hold text), in file order, so that the first bad
        // cell of the file among them is the one reported.
        List<Integer> used = new ArrayList<>();
        for (int j = 0; j < header.size(); j++) {
            if (inputColumns.contains(j) || targetColumns.contains(j)) {
                used.add(j);
            }
        }
        if (header.get(used.get(0)).isEmpty()) {
            // Only the first column may be nameless (CsvTable): pandas' DataFrame.to_csv writes its index there.
            throw new InvalidInputException(new Text(table.source() + ", line 1: header column 1 has no name; it"
                    + " looks like a pandas index (DataFrame.to_csv without index=False): save the file with"
                    + " index=False, or leave the column out with "), new Setting(Input.DROPPED_COLUMNS, "''"));
        }
        int n = table.rowCount();
        double[] x = new double[n * inputColumns.size()];
        double[] y = new double[n * targetColumns.size()];
        double[] row = new double[header.size()];
        for (int i = 0; i < n; i++) {
            for (int j : used) {
                row[j] = table.number(i, j);
            }
            copy(row, inputColumns, x, i);
            copy(row, targetColumns, y, i);
        }
        return new Dataset(table.source(), names(header, inputColumns), names(header, targetColumns), x, y);
    }

    /** The columns of the given names, each at most once. */
    private static List<Integer> indices(CsvTable table, List<String> names, Input input) {
        List<Integer> columns = new ArrayList<>();
        for (String name : names) {
            int column = table.column(name);
            if (columns.contains(column)) {
                throw new InvalidInputException(new Text(table.source() + ": column " + CsvTable.show(name)
                        + " is named twice by "), Setting.of(input));
            }
            columns.add(column);
        }
        return columns;
    }

    /** Refuses a column that is both among {@code chosen} (inputs or dropped columns) and a target. */
    private static void notTargets(CsvTable table, List<Integer> chosen, Input input, List<Integer> targets,
                                   boolean targetsNamed) {
        for (int column : chosen) {
            if (targets.contains(column)) {
                Text where = new Text(table.source() + ": column " + CsvTable.show(table.header().get(column))
                        + " is named by ");
                throw targetsNamed
                        ? new InvalidInputException(where, Setting.of(input), new Text(" and by "),
                                Setting.of(Input.TARGET))
                        : new InvalidInputException(where, Setting.of(input), new Text(" but is a target by default;"
                                + " choose the targets with "), Setting.of(Input.TARGET));
            }
        }
    }

    private static String[] names(List<String> header, List<Integer> columns) {
        return columns.stream().map(header::get).toArray(String[]::new);
    }

    /** Copies the chosen cells of one row into row {@code i} of a row-major matrix. */
    private static void copy(double[] row, List<Integer> columns, double[] matrix, int i) {
        for (int j = 0; j < columns.size(); j++) {
            matrix[i * columns.size() + j] = row[columns.get(j)];
        }
    }

    /**
     * The SHA-256 of a data source's bytes (a file, or the shipped file of a built-in), in hex: what a run records so
     * that a later command can tell whether the data it reads are the data a run was made on.
     */
    public static String sha256(String spec) {
        if (ModeData.accepts(spec)) {
            return ModeData.sha256(spec);
        }
        Builtin builtin = spec.startsWith(BUILTIN) ? BUILTINS.get(spec.substring(BUILTIN.length())) : null;
        try (java.io.InputStream in = spec.startsWith(BUILTIN)
                ? builtin == null ? null : DataSources.class.getResourceAsStream("/dlnlab/data/" + builtin.file())
                : java.nio.file.Files.newInputStream(java.nio.file.Path.of(spec))) {
            if (in == null) {
                throw new InvalidInputException(CsvTable.show(spec) + ": no such built-in data set");
            }
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.io.IOException e) {
            throw new InvalidInputException(CsvTable.show(spec) + ": cannot read the data file (" + e.getMessage() + ")");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
