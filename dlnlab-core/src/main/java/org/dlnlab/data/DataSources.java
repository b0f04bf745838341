package org.dlnlab.data;

import org.dlnlab.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a data source ({@code FILE} or {@code builtin:NAME}) and the target columns into a {@link Dataset}, so
 * that every caller reads data, and reports bad data, the same way.
 */
public final class DataSources {
    private static final String BUILTIN = "builtin:";
    /** Short names for the shipped files, in the order the help lists them. */
    private static final Map<String, String> BUILTIN_FILES = new LinkedHashMap<>();

    static {
        BUILTIN_FILES.put("mc_fig1", "mc_fig1_train.csv");
        BUILTIN_FILES.put("mc_fig1_test", "mc_fig1_test.csv");
        BUILTIN_FILES.put("mc_fig6", "mc_fig6_underdetermined_train.csv");
        BUILTIN_FILES.put("mc_fig6_test", "mc_fig6_underdetermined_test.csv");
        BUILTIN_FILES.put("mc_nonlinear", "mc_nonlinear_noiseless_train.csv");
        BUILTIN_FILES.put("diabetes", "diabetes.csv");
        BUILTIN_FILES.put("linnerud", "linnerud.csv");
    }

    private DataSources() {
    }

    /** The NAMEs accepted after {@code builtin:}. */
    public static List<String> builtinNames() {
        return List.copyOf(BUILTIN_FILES.keySet());
    }

    /**
     * Loads a data set.
     *
     * @param spec    a file path or {@code builtin:NAME}; also the name messages use
     * @param targets the target columns in the order wanted; null or empty means the last column
     */
    public static Dataset load(String spec, List<String> targets) {
        return dataset(table(spec), targets);
    }

    private static CsvTable table(String spec) {
        if (!spec.startsWith(BUILTIN)) {
            return CsvTable.readFile(spec);
        }
        String file = BUILTIN_FILES.get(spec.substring(BUILTIN.length()));
        if (file == null) {
            throw new InvalidInputException(CsvTable.show(spec) + ": no such built-in data set; expected one of "
                    + BUILTIN_FILES.keySet().stream().map(name -> BUILTIN + name).collect(Collectors.joining(", ")));
        }
        return CsvTable.readResource(file, spec);
    }

    /** Splits a parsed table into inputs (the other columns, in file order) and targets. */
    static Dataset dataset(CsvTable table, List<String> targets) {
        List<String> header = table.header();
        List<Integer> targetColumns = new ArrayList<>();
        if (targets == null || targets.isEmpty()) {
            targetColumns.add(header.size() - 1);
        } else {
            for (String name : targets) {
                int column = table.column(name);
                if (targetColumns.contains(column)) {
                    throw new InvalidInputException(table.source() + ": target column " + CsvTable.show(name)
                            + " is named twice");
                }
                targetColumns.add(column);
            }
        }
        List<Integer> inputColumns = new ArrayList<>();
        for (int j = 0; j < header.size(); j++) {
            if (!targetColumns.contains(j)) {
                inputColumns.add(j);
            }
        }
        if (inputColumns.isEmpty()) {
            throw new InvalidInputException(table.source() + ": every column is a target, need at least one"
                    + " input column");
        }
        if (table.rowCount() < 2) {
            throw new InvalidInputException(table.source() + ": " + table.rowCount()
                    + " data row(s) after the header, need at least 2");
        }
        int n = table.rowCount();
        double[] x = new double[n * inputColumns.size()];
        double[] y = new double[n * targetColumns.size()];
        for (int i = 0; i < n; i++) {
            // Every cell in file order, so that the first bad cell of the file is the one reported.
            double[] row = new double[header.size()];
            for (int j = 0; j < row.length; j++) {
                row[j] = table.number(i, j);
            }
            copy(row, inputColumns, x, i);
            copy(row, targetColumns, y, i);
        }
        return new Dataset(table.source(), names(header, inputColumns), names(header, targetColumns), x, y);
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
        try (java.io.InputStream in = spec.startsWith(BUILTIN)
                ? DataSources.class.getResourceAsStream("/dlnlab/data/" + BUILTIN_FILES.get(spec.substring(BUILTIN.length())))
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
