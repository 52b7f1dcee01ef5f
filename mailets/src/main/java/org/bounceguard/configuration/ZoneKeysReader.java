package org.bounceguard.configuration;

import java.nio.file.Path;
import java.util.Optional;

import org.bounceguard.dnsbl.ZoneKeys;

/**
 * {@code dnsbl.keys} and {@code dnsbl.keysFile} into the {@link ZoneKeys} zone specs name as
 * {@code {name}}: {@code name:KEY} pairs, the file's lines the same, readable by its owner alone.
 * No message repeats a key.
 */
final class ZoneKeysReader {
    private ZoneKeysReader() {
    }

    static ZoneKeys read(SettingsText text) {
        ZoneKeys keys = text.secret("dnsbl.keys", ZoneKeys::parse).orElse(ZoneKeys.NONE);
        Optional<String> file = text.value("dnsbl.keysFile");
        return file.isEmpty() ? keys : keys.and(fromFile(Path.of(file.get())));
    }

    private static ZoneKeys fromFile(Path path) {
        String entries = String.join(",", SecretFile.entries("dnsbl.keysFile", path));
        try {
            return ZoneKeys.parse(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SecretFile.where("dnsbl.keysFile", path) + ": " + e.getMessage());
        }
    }
}
