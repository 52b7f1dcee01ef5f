package org.bounceguard.configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bounceguard.dnsbl.ZoneKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dnsbl.keys} and {@code dnsbl.keysFile} into the {@link ZoneKeys} zone specs name as
 * {@code {name}}: {@code name:KEY} pairs, the file's lines the same, readable by its owner alone.
 * No message repeats a key.
 */
final class ZoneKeysReader {
    private static final Logger LOGGER = LoggerFactory.getLogger(ZoneKeysReader.class);

    private ZoneKeysReader() {
    }

    static ZoneKeys read(SettingsText text) {
        ZoneKeys keys = text.secret("dnsbl.keys", ZoneKeys::parse).orElse(ZoneKeys.NONE);
        Optional<String> file = text.value("dnsbl.keysFile");
        return file.isEmpty() ? keys : keys.and(fromFile(Path.of(file.get())));
    }

    private static ZoneKeys fromFile(Path path) {
        String where = BounceguardSettings.FILE + ": dnsbl.keysFile: " + path;
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
            String entries = Files.readAllLines(path).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.joining(","));
            return ZoneKeys.parse(entries);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }
}
