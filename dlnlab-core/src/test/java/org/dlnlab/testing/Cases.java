package org.dlnlab.testing;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.opentest4j.TestAbortedException;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Seeded random cases for property tests, on plain JUnit 5: a method annotated {@code @Cases.Property(tries = N,
 * edgeCases = E)} taking one {@link Trial} runs as a parameterized test of N cases, and draws its arguments from the
 * trial ({@code t.intIn("depth", 1, 5)}, {@code t.anyBoolean("projection")}, ...).
 *
 * <p>Each case has its own seed, derived from the base seed, the property's name and the case's number, so a run
 * gives the same cases every time; {@code -Ddlnlab.cases.seed=N} sets another base seed to explore other cases.
 *
 * <p>Edge cases: the first E cases take the edge values of the ranges instead of random ones (an int range's bounds,
 * their neighbours and whatever of −2..2 it holds; a byte's −128, −127, −2..2, 126, 127; false and true; a double
 * range's bounds, ±0, ±1 and ±{@link Double#MIN_VALUE} as far as the range holds them). The case's scalar draws and the
 * lengths of its arrays, strings and lists are the digits of a mixed-radix count, the first draw turning fastest, so C
 * cases enumerate every combination, C being the product of the numbers of edge values; E must be a multiple of C
 * (every case checks it), the enumeration repeating. Elements of the arrays, strings and lists of edge case k run
 * through their edge values (a string's through its alphabet) from the k-th (mod n), so that with E = C·n, n values in
 * the cycle and C, n coprime, every length meets every starting value. A {@link Trial#anyLong long} draw, a seed for a
 * generator of the test's own, has no edge values: any long seeds as well as another.
 *
 * <p>Every failure in such a test names the property, the case's number, its seed, the base seed and the values
 * drawn; {@link #replay} rebuilds one case from its seed.
 */
public final class Cases {
    /** The seed every case's seed derives from. */
    public static final long BASE_SEED = Long.getLong("dlnlab.cases.seed", 0x646c6e6c6162L);

    private static final byte[] BYTE_EDGES = {-128, -127, -2, -1, 0, 1, 2, 126, 127};

    private Cases() {
    }

    /** A property over seeded random cases: a parameterized test whose one parameter is a {@link Trial}. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @ParameterizedTest(name = "[{index}] {0}")
    @ArgumentsSource(Source.class)
    @ExtendWith(Report.class)
    public @interface Property {
        /** How many cases run. */
        int tries();

        /** How many of them (the first) take edge values: a multiple of the number of combinations of edge values. */
        int edgeCases();
    }

    /** The cases of a property, numbered from 0: the first {@code edgeCases} are the edge cases. */
    public static Stream<Trial> trials(String property, int tries, int edgeCases) {
        if (edgeCases < 0 || edgeCases > tries) {
            throw new IllegalArgumentException(property + ": " + edgeCases + " edge cases in " + tries + " tries");
        }
        SplittableRandom root = new SplittableRandom(BASE_SEED ^ (0x9E3779B97F4A7C15L * property.hashCode()));
        long[] seeds = root.longs(tries).toArray();
        return IntStream.range(0, tries).mapToObj(i -> new Trial(property, i, tries, seeds[i],
                i < edgeCases ? i : -1, edgeCases));
    }

    /** The cases that {@code test}'s property method {@code name} runs (as its {@link Property} says). */
    public static Stream<Trial> trials(Class<?> test, String name) {
        try {
            Property p = test.getDeclaredMethod(name, Trial.class).getAnnotation(Property.class);
            return trials(name, p.tries(), p.edgeCases());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One case again from the seed and edge-case number (−1: a random case) that its failure printed. */
    public static Trial replay(long seed, int edgeCase) {
        return new Trial("replay", 0, 1, seed, edgeCase, Math.max(edgeCase + 1, 0));
    }

    /** The values of one case, drawn in order from a generator seeded with the case's seed. */
    public static final class Trial {
        private final String property;
        private final int index;
        private final int tries;
        private final long seed;
        private final int edge;
        private final int edgeCases;
        private final SplittableRandom rng;
        private final StringBuilder drawn = new StringBuilder();
        /** The product of the numbers of edge values of the digit draws so far. */
        private long combinations = 1;

        private Trial(String property, int index, int tries, long seed, int edge, int edgeCases) {
            this.property = property;
            this.index = index;
            this.tries = tries;
            this.seed = seed;
            this.edge = edge;
            this.edgeCases = edgeCases;
            this.rng = new SplittableRandom(seed);
        }

        public long seed() {
            return seed;
        }

        /** Whether this case takes edge values. */
        public boolean isEdgeCase() {
            return edge >= 0;
        }

        /** The next digit of the edge case's mixed-radix count, among {@code count} edge values. */
        private int digit(int count) {
            int d = edge < 0 ? -1 : (int) ((edge / combinations) % count);
            combinations *= count;
            return d;
        }

        private void record(String name, Object value) {
            drawn.append(drawn.length() == 0 ? "" : ", ").append(name).append(" = ").append(value);
        }

        /** Any long, uniformly: a seed for a generator of the test's own (no edge values). */
        public long anyLong(String name) {
            long x = rng.nextLong();
            record(name, x);
            return x;
        }

        public boolean anyBoolean(String name) {
            int d = digit(2);
            boolean x = d < 0 ? rng.nextBoolean() : d == 1;
            record(name, x);
            return x;
        }

        /** An int in [min, max], both included. */
        public int intIn(String name, int min, int max) {
            int x = intDraw(min, max);
            record(name, x);
            return x;
        }

        private int intDraw(int min, int max) {
            int[] edges = intEdges(min, max);
            int d = digit(edges.length);
            return d < 0 ? (int) rng.nextLong(min, (long) max + 1) : edges[d];
        }

        public byte anyByte(String name) {
            int d = digit(BYTE_EDGES.length);
            byte x = d < 0 ? (byte) rng.nextInt() : BYTE_EDGES[d];
            record(name, x);
            return x;
        }

        /** Bytes, [0, maxLength] of them. */
        public byte[] bytes(String name, int maxLength) {
            byte[] x = new byte[intDraw(0, maxLength)];
            for (int i = 0; i < x.length; i++) {
                x[i] = edge < 0 ? (byte) rng.nextInt() : BYTE_EDGES[(edge + i) % BYTE_EDGES.length];
            }
            record(name, Arrays.toString(x));
            return x;
        }

        /** A string of [0, maxLength] characters of the alphabet. */
        public String string(String name, int maxLength, char... alphabet) {
            char[] x = new char[intDraw(0, maxLength)];
            for (int i = 0; i < x.length; i++) {
                x[i] = alphabet[edge < 0 ? rng.nextInt(alphabet.length) : (edge + i) % alphabet.length];
            }
            String s = new String(x);
            record(name, quoted(s));
            return s;
        }

        /** [minSize, maxSize] doubles in [min, max]. */
        public double[] doubles(String name, int minSize, int maxSize, double min, double max) {
            double[] x = new double[intDraw(minSize, maxSize)];
            double[] edges = doubleEdges(min, max);
            for (int i = 0; i < x.length; i++) {
                x[i] = edge < 0 ? randomDouble(min, max) : edges[(edge + i) % edges.length];
            }
            record(name, Arrays.toString(x));
            return x;
        }

        /** Uniform on [min, max], uniform over the bit patterns in it, or a decimal with two places, by thirds. */
        private double randomDouble(double min, double max) {
            int kind = rng.nextInt(3);
            for (int attempt = 0; kind > 0 && attempt < 100; attempt++) {
                double x = kind == 1 ? Double.longBitsToDouble(rng.nextLong())
                        : (rng.nextBoolean() ? -1 : 1) * (double) rng.nextLong((long) Math.pow(10, rng.nextInt(1, 18)))
                                / 100;
                if (x >= min && x <= max) {
                    return x;
                }
            }
            double u = rng.nextDouble();
            return Math.min(max, Math.max(min, (1 - u) * min + u * max));
        }

        /** Where the failure of this case came from: property, case, seeds and the values drawn. */
        public String describe() {
            return property + " case " + (index + 1) + "/" + tries + " (" + this + ", base seed " + BASE_SEED + ")"
                    + (drawn.length() == 0 ? "" : " with " + drawn);
        }

        /** The display name: seed and edge case. */
        @Override
        public String toString() {
            return "seed " + seed + (edge >= 0 ? ", edge case " + edge + " of " + edgeCases : "");
        }
    }

    static int[] intEdges(int min, int max) {
        TreeSet<Integer> e = new TreeSet<>(List.of(min, max));
        if (max > min) {
            e.add(min + 1);
            e.add(max - 1);
        }
        for (int v = -2; v <= 2; v++) {
            if (v >= min && v <= max) {
                e.add(v);
            }
        }
        return e.stream().mapToInt(Integer::intValue).toArray();
    }

    static double[] doubleEdges(double min, double max) {
        List<Double> e = new ArrayList<>(List.of(min, max));
        for (double v : new double[] {0.0, -0.0, 1, -1, Double.MIN_VALUE, -Double.MIN_VALUE}) {
            boolean seen = e.stream().anyMatch(x -> Double.doubleToLongBits(x) == Double.doubleToLongBits(v));
            if (v >= min && v <= max && !seen) {
                e.add(v);
            }
        }
        return e.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The cases of the annotated method. */
    static final class Source implements ArgumentsProvider, AnnotationConsumer<Property> {
        private Property property;

        @Override
        public void accept(Property p) {
            property = p;
        }

        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters,
                                                            ExtensionContext context) {
            return trials(context.getRequiredTestMethod().getName(), property.tries(), property.edgeCases())
                    .map(Arguments::of);
        }
    }

    /**
     * Prefixes every failure of a case with {@link Trial#describe()}, and checks that the property's edge cases
     * run through all the combinations of its edge values, a whole number of times.
     */
    static final class Report implements InvocationInterceptor {
        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                                ReflectiveInvocationContext<Method> invocationContext,
                                                ExtensionContext extensionContext) throws Throwable {
            Trial t = invocationContext.getArguments().stream().filter(Trial.class::isInstance)
                    .map(Trial.class::cast).findFirst().orElse(null);
            if (t == null) {
                invocation.proceed();
                return;
            }
            try {
                invocation.proceed();
            } catch (TestAbortedException e) {
                throw e;
            } catch (Throwable e) {
                throw new AssertionError(t.describe() + ": " + e, e);
            }
            boolean none = t.combinations == 1 && t.edgeCases == 0;
            if (!none && (t.edgeCases == 0 || t.edgeCases % t.combinations != 0)) {
                throw new AssertionError(t.describe() + ": the property declares " + t.edgeCases
                        + " edge cases, not a multiple of the " + t.combinations + " combinations of its edge values");
            }
        }
    }
}
