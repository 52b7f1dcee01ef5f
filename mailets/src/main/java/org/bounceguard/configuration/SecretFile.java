package org.bounceguard.configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file of secrets that a setting such as {@code dnsbl.keysFile} names: neither its group nor
 * others may read it, one entry a line, blank lines and lines starting with {@code #} skipped. No
 * message repeats a line of it.
 */
final class SecretFile {
    private static final Logger LOGGER = LoggerFactory.getLogger(SecretFile.class);

    private SecretFile() {
    }

    /** The entries of the file {@code key} names, trimmed, or a refusal naming the key and the path. */
    static List<String> entries(String key, Path path) {
        String where = where(key, path);
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IllegalArgumentException(where + " can be read by others than its owner; chmod 600 it, owned by the user James runs as");
            }
        } catch (UnsupportedOperationException e) {
            LOGGER.warn("{}: cannot check who may read it on this file system", where);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return Files.readAllLines(path).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The one entry of a file that holds a single secret. */
    static String onlyEntry(List<String> entries) {
        if (entries.size() != 1) {
            throw new IllegalArgumentException("expected the secret on one line, found " + entries.size() + " lines (besides blank and # lines)");
        }
        return entries.get(0);
    }

    /** How messages name the file: the settings file, the key and the path (never the content). */
    static String where(String key, Path path) {
        return BounceguardSettings.FILE + ": " + key + ": " + path;
    }
}
