package org.bounceguard.dns;

import java.net.InetSocketAddress;

/**
 * Datagrams one DNS server's sockets received that answered nothing we asked, by reason. All but
 * {@code late} are what an off-path spoofer produces: {@link #spoofed()}.
 *
 * @param wrongSource from an address or port other than the server's
 * @param unknownId with an id no query on that socket is waiting for
 * @param wrongQuestion not a response, unparseable, or for another name, type or class
 * @param wrongCase the right question in the wrong letter case (0x20 names only)
 * @param late the real answer to a query that had already timed out: slowness, not spoofing
 */
public record AnswerMismatches(InetSocketAddress server, long wrongSource, long unknownId, long wrongQuestion, long wrongCase, long late) {
    public long spoofed() {
        return wrongSource + unknownId + wrongQuestion + wrongCase;
    }
}
