package org.dlnlab.experiments.store;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The CSV columns of a row record, read off its components: one column per component, in declaration order,
 * named by the component in snake_case ({@code initSqDistance} → {@code init_sq_distance}), its cells written and
 * read by the component's type. The record is the only list of the columns: header, writer and parser follow
 * it, so a column cannot be added to one and forgotten in another.
 * <p>
 * Cells by type: {@code double} in {@link Csv#num(double)}'s round-trip form, NaN as an empty cell;
 * {@code String} quoted where needed, null as an empty cell; {@code int}, {@code long}, {@code boolean} as Java
 * writes them; {@code Integer} and {@code Boolean} likewise, null (a value the run did not produce) as an empty
 * cell.
 */
final class Columns<R extends Record> {
    private final List<String> header;
    private final List<RecordComponent> components;
    private final List<Cell> cells;
    private final Constructor<R> constructor;

    private Columns(Class<R> type) {
        components = List.of(type.getRecordComponents());
        header = components.stream().map(c -> snakeCase(c.getName())).toList();
        cells = components.stream().map(c -> Cell.of(type, c)).toList();
        try {
            constructor = type.getDeclaredConstructor(components.stream().map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor in " + type, e);
        }
    }

    public static <R extends Record> Columns<R> of(Class<R> type) {
        return new Columns<>(type);
    }

    public List<String> header() {
        return header;
    }

    /** The Java type of each column, in header order. */
    public List<Class<?>> types() {
        return components.stream().<Class<?>>map(RecordComponent::getType).toList();
    }

    /** The header as the first line of the file. */
    public String headerLine() {
        return Csv.line(header);
    }

    public String line(R row) {
        List<String> out = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            out.add(cells.get(i).write.apply(value(components.get(i), row)));
        }
        return Csv.line(out);
    }

    /** Reads a line written by {@link #line}; throws IllegalArgumentException on a malformed one. */
    public R parse(String line) {
        List<String> c = Csv.split(line);
        if (c.size() != cells.size()) {
            throw new IllegalArgumentException("expected " + cells.size() + " cells, got " + c.size());
        }
        Object[] args = new Object[c.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = cells.get(i).read.apply(c.get(i));
        }
        try {
            return constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot build " + constructor.getDeclaringClass().getSimpleName(), e);
        }
    }

    private static Object value(RecordComponent c, Record row) {
        try {
            return c.getAccessor().invoke(row);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /** How one type is written to a cell and read back. */
    private record Cell(Function<Object, String> write, Function<String, Object> read) {
        static Cell of(Class<?> record, RecordComponent c) {
            Class<?> t = c.getType();
            if (t == double.class) {
                return new Cell(v -> Csv.num((Double) v), Csv::num);
            }
            if (t == String.class) {
                return new Cell(v -> Csv.text((String) v), Csv::textOrNull);
            }
            if (t == int.class) {
                return new Cell(String::valueOf, Integer::parseInt);
            }
            if (t == long.class) {
                return new Cell(String::valueOf, Long::parseLong);
            }
            if (t == boolean.class) {
                return new Cell(String::valueOf, Cell::bool);
            }
            if (t == Integer.class) {
                return new Cell(v -> v == null ? "" : v.toString(), s -> s.isEmpty() ? null : Integer.parseInt(s));
            }
            if (t == Boolean.class) {
                return new Cell(v -> v == null ? "" : v.toString(), s -> s.isEmpty() ? null : bool(s));
            }
            throw new IllegalArgumentException("no CSV cell for " + record.getSimpleName() + "." + c.getName()
                    + " of type " + t.getSimpleName());
        }

        private static boolean bool(String s) {
            return switch (s) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("not a boolean: " + s);
            };
        }
    }
}
