package org.bounceguard.dnsbl;

/** A zone specification that cannot be understood; the message names the token and what was expected. */
public class InvalidZoneSpecException extends IllegalArgumentException {
    private final String token;

    public InvalidZoneSpecException(String token, String problem) {
        super("'" + token + "': " + problem);
        this.token = token;
    }

    public String token() {
        return token;
    }
}
