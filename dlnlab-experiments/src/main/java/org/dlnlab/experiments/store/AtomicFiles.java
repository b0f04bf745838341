package org.dlnlab.experiments.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/** Whole-file writes through a temporary sibling and an atomic rename: a crash never leaves half a file. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path path, byte[] bytes) {
        try {
            Path abs = path.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
                    // createTempFile makes the file private; results are meant to be shared like any output.
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                }
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public static void writeString(Path path, String text) {
        write(path, text.getBytes(StandardCharsets.UTF_8));
    }
}
