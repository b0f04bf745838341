package org.dlnlab.data;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.dlnlab.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever the bytes, reading data either succeeds or says what is wrong: never any other exception. */
class CsvFuzzTest {
    private static final byte[] VALID = ("\uFEFFx0,\"x, 1\",\"say \"\"y\"\"\"\r\n1.5,-2e3,\"3\"\r\n"
            + "4,\"5\n\",6\n7,.5,+8E-1\n\n").getBytes(StandardCharsets.UTF_8);

    /** Parses, splits and z-scores; an InvalidInputException must be one line naming the file. */
    private static void readOrRefuse(byte[] bytes) {
        try {
            Standardization.ZSCORE.apply(DataSources.dataset(CsvTable.parse(bytes, "fuzz.csv"), null));
        } catch (InvalidInputException e) {
            assertTrue(e.getMessage().startsWith("fuzz.csv"), e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0 && e.getMessage().indexOf('\r') < 0, e.getMessage());
        }
    }

    @Property(tries = 1000)
    void randomBytes(@ForAll @Size(max = 120) byte[] bytes) {
        readOrRefuse(bytes);
    }

    @Property(tries = 1000)
    void randomCsvLikeText(@ForAll @Chars({',', '"', '\r', '\n', ' ', '0', '1', '.', 'e', '-', 'N', 'a', '\uFEFF',
            'é'}) @StringLength(max = 60) String text) {
        readOrRefuse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void singleByteMutationsOfAValidFile(@ForAll @IntRange(max = 10_000) int position, @ForAll byte value) {
        byte[] bytes = VALID.clone();
        bytes[position % bytes.length] = value;
        readOrRefuse(bytes);
    }

    @Property
    void truncationsOfAValidFile(@ForAll @IntRange(max = 10_000) int length) {
        readOrRefuse(Arrays.copyOf(VALID, length % (VALID.length + 1)));
    }

    /** Any finite doubles, written with LF or CRLF and with or without quotes, read back exactly. */
    @Property(tries = 300)
    void writtenNumbersReadBackExactly(@ForAll @Size(min = 4, max = 12) List<@DoubleRange(min = -1e300,
            max = 1e300) Double> values, @ForAll boolean crlf, @ForAll boolean quoted) {
        String end = crlf ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder("a,b" + end);
        int n = values.size() / 2;
        for (int i = 0; i < n; i++) {
            String cell = quoted ? "\"" + values.get(2 * i) + "\"" : values.get(2 * i).toString();
            text.append(cell).append(',').append(values.get(2 * i + 1)).append(end);
        }
        Dataset data = DataSources.dataset(CsvTable.parse(text.toString().getBytes(StandardCharsets.UTF_8),
                "round.csv"), null);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(new double[] {values.get(2 * i), values.get(2 * i + 1)},
                    new double[] {data.x()[i], data.y()[i]}, 0);
        }
    }
}
