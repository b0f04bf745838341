package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The {@code --out DIR} rule of docs/cli.md: a non-empty folder is refused unless it holds an earlier run of the
 * same command (then that run is resumed or redone) or {@code --force} is given. A marker file records which
 * command wrote the folder.
 */
final class OutputDir {
    static final String MARKER = ".dlnlab-run";

    private OutputDir() {
    }

    /** Checks and prepares the folder for the command; returns its path. */
    static Path prepare(String dir, String command, boolean force) {
        Path path = Path.of(dir);
        try {
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new InvalidInputException("--out " + dir + ": exists and is not a folder");
            }
            if (Files.isDirectory(path) && !force && !isEmpty(path)) {
                Path marker = path.resolve(MARKER);
                String previous = Files.exists(marker) ? Files.readString(marker, StandardCharsets.UTF_8).trim() : null;
                if (!command.equals(previous)) {
                    throw new InvalidInputException("--out " + dir + ": the folder is not empty and holds no earlier"
                            + " '" + command + "' run; choose another folder or add --force");
                }
            }
            Files.createDirectories(path);
            Files.writeString(path.resolve(MARKER), command + "\n", StandardCharsets.UTF_8);
            return path;
        } catch (IOException e) {
            throw new InvalidInputException("--out " + dir + ": cannot create or write the folder (" + e.getMessage()
                    + ")");
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
