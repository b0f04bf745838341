package org.dlnlab.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core says what is wrong in its own words and the command line names its options ({@link OptionNames}): no
 * string literal of dlnlab-core's main sources may hold an option such as {@code --init} or {@code --width/--depth}.
 */
class CoreNamesNoOptionsTest {
    private static final Path CORE = Path.of("..", "dlnlab-core", "src", "main", "java");

    /** "--" and a letter, not inside a word ({@code rw-r--r--} is a file mode, not an option). */
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[A-Za-z]");

    @Test
    void noStringLiteralOfTheCoreNamesAnOption() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(CORE)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.contains(CORE.resolve(Path.of("org", "dlnlab", "InvalidInputException.java"))),
                "core sources at " + CORE.toAbsolutePath() + ": " + files.size() + " files");
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            for (String hit : optionsInLiterals(Files.readString(f, StandardCharsets.UTF_8))) {
                found.add(CORE.relativize(f) + ":" + hit);
            }
        }
        assertEquals(List.of(), found, "option names in dlnlab-core's messages (name the input with"
                + " InvalidInputException.Input and map it in OptionNames):\n" + String.join("\n", found));
    }

    @Test
    void theScannerReadsLiteralsAndSkipsComments() {
        String source = """
                // "--init" in a comment
                /* "--loss" in a block comment, with a quote ' */
                class A {
                    char q = '"';
                    char e = '\\'';
                    String a = "rw-r--r--";
                    String b = "escaped \\" quote, then --depth";
                    String c = \"""
                        text block --standardize zscore
                        \""";
                    String d = "--width/--depth";
                }
                """;
        assertEquals(List.of("7: \"escaped \\\" quote, then --depth\"",
                "8: \"\"\"\n        text block --standardize zscore\n        \"\"\"",
                "11: \"--width/--depth\""), optionsInLiterals(source));
    }

    /** Each string literal or text block that holds an option, as "LINE: LITERAL". */
    static List<String> optionsInLiterals(String src) {
        List<String> hits = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (src.startsWith("//", i)) {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(src, i, end);
                i = end;
            } else if (c == '\'') {
                i++;
                while (i < n && src.charAt(i) != '\'') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (c == '"') {
                boolean block = src.startsWith("\"\"\"", i);
                int start = i;
                i += block ? 3 : 1;
                while (i < n && !(block ? src.startsWith("\"\"\"", i) : src.charAt(i) == '"')) {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(n, i + (block ? 3 : 1));
                String literal = src.substring(start, i);
                if (OPTION.matcher(literal).find()) {
                    hits.add(line + ": " + literal);
                }
                line += count(src, start, i);
            } else {
                i++;
            }
        }
        return hits;
    }

    private static int count(String s, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                k++;
            }
        }
        return k;
    }
}
