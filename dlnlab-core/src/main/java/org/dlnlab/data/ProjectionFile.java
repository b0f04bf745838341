package org.dlnlab.data;

import org.dlnlab.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fixed output projection p of a residual network. The paper's residual
 * experiments fix p once and for all, so reproducing them needs its exact vector; p is normalized to unit
 * length on reading because the theory assumes ‖p‖ = 1 and the files carry only 9 significant digits.
 *
 * <p>A projection file is a CSV whose first column is {@code name} and whose other columns are the entries,
 * one named projection per row (like {@code mc_projections.csv}), or a CSV of numbers only with a single row.
 */
public final class ProjectionFile {
    private static final String BUILTIN = "builtin:";
    private static final String BUILTIN_SET = "mc_projections";
    private static final String NAME_COLUMN = "name";

    private ProjectionFile() {
    }

    /**
     * Loads a unit projection of length d.
     *
     * @param spec {@code FILE}, {@code FILE:NAME} or {@code builtin:mc_projections:NAME}; a colon followed by
     *             a path ({@code /} or {@code \}) belongs to the file name
     * @param d    the length the network needs
     */
    public static double[] load(String spec, int d) {
        if (d < 1) {
            throw new IllegalArgumentException("projection length must be positive, got " + d);
        }
        CsvTable table;
        String name;
        if (spec.startsWith(BUILTIN)) {
            String rest = spec.substring(BUILTIN.length());
            int colon = rest.indexOf(':');
            if (!(colon < 0 ? rest : rest.substring(0, colon)).equals(BUILTIN_SET)) {
                throw new InvalidInputException(CsvTable.show(spec) + ": no such built-in projection file;"
                        + " expected builtin:" + BUILTIN_SET + ":NAME");
            }
            name = colon < 0 ? null : rest.substring(colon + 1);
            table = CsvTable.readResource(BUILTIN_SET + ".csv", BUILTIN + BUILTIN_SET);
        } else {
            int colon = spec.lastIndexOf(':');
            boolean named = colon >= 0 && spec.indexOf('/', colon) < 0 && spec.indexOf('\\', colon) < 0;
            name = named ? spec.substring(colon + 1) : null;
            table = CsvTable.readFile(named ? spec.substring(0, colon) : spec);
        }
        return unitVector(table, row(table, name), d);
    }

    /** The row holding the wanted projection: the named one, or the only one when no name is given. */
    private static int row(CsvTable table, String name) {
        if (name != null && name.isEmpty()) {
            throw new InvalidInputException(table.source() + ": expected a projection name after the ':'");
        }
        boolean named = table.header().get(0).equals(NAME_COLUMN);
        if (name == null) {
            if (table.rowCount() != 1) {
                throw new InvalidInputException(table.source() + ": " + table.rowCount() + " projection rows"
                        + (named ? " (" + CsvTable.showAll(names(table)) + ")" : "")
                        + "; expected exactly one, or choose one with FILE:NAME");
            }
            return 0;
        }
        if (!named) {
            throw new InvalidInputException(table.source() + ": the first column is not \"" + NAME_COLUMN
                    + "\", so projection " + CsvTable.show(name) + " cannot be looked up by name");
        }
        List<String> names = names(table);
        int row = names.indexOf(name);
        if (row < 0) {
            throw new InvalidInputException(table.source() + ": no projection named " + CsvTable.show(name)
                    + "; the names are " + CsvTable.showAll(names));
        }
        if (names.lastIndexOf(name) != row) {
            throw new InvalidInputException(table.source() + ", " + table.location(names.lastIndexOf(name))
                    + ": projection name " + CsvTable.show(name) + " appears a second time (first on "
                    + table.location(row) + ")");
        }
        return row;
    }

    private static List<String> names(CsvTable table) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < table.rowCount(); i++) {
            names.add(table.cell(i, 0).strip());
        }
        return names;
    }

    private static double[] unitVector(CsvTable table, int row, int d) {
        int first = table.header().get(0).equals(NAME_COLUMN) ? 1 : 0;
        int length = table.header().size() - first;
        if (length != d) {
            throw new InvalidInputException(table.source() + ", " + table.location(row) + ": the projection has "
                    + length + " entries, expected " + d + " (the network's output width d)");
        }
        double[] p = new double[d];
        double norm = 0;
        for (int k = 0; k < d; k++) {
            p[k] = table.number(row, first + k);
            norm = Math.hypot(norm, p[k]); // hypot, not Σp², so that entries near 1e200 do not overflow
        }
        if (norm == 0) {
            throw new InvalidInputException(table.source() + ", " + table.location(row)
                    + ": the projection is the zero vector, expected a nonzero direction");
        }
        for (int k = 0; k < d; k++) {
            p[k] /= norm;
        }
        return p;
    }
}
