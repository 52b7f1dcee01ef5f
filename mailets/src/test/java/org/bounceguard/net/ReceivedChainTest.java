package org.bounceguard.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Received headers in the forms each MTA documents for its own header (examples written for these
 * tests), each with a client whose HELO is an address literal of a DNSWL-listed host.
 */
class ReceivedChainTest {
    private static Optional<String> from(String header) {
        return ReceivedChain.fromAddress(header).map(InetAddress::getHostAddress);
    }

    @Test
    void postfixRecordsTheClientAfterTheHeloInParentheses() {
        assertThat(from("from mail.example.net (mail.example.net [192.0.2.25])\r\n\tby mx.example.org (Postfix) with ESMTP id 4QX1; Mon, 1 Jan 2024 00:00:00 +0000"))
            .hasValue("192.0.2.25");
        assertThat(from("from [127.55.0.1] (unknown [192.0.2.66])\r\n\tby mx.example.org (Postfix) with ESMTP id 4QX2\r\n\tfor <alice@example.org>; Mon, 1 Jan 2024 00:00:00 +0000"))
            .hasValue("192.0.2.66");
        assertThat(from("from [IPv6:2001:db8::55] (unknown [IPv6:2001:db8::bad])\r\n\tby mx.example.org (Postfix) with ESMTPS id 4QX3; Mon, 1 Jan 2024 00:00:00 +0000"))
            .hasValue("2001:db8:0:0:0:0:0:bad");
    }

    @Test
    void sendmailRecordsTheClientAfterTheHeloIncludingForgedNames() {
        assertThat(from("from [127.55.0.1] (host.example.net [192.0.2.30])\r\n\tby mx.example.org (8.17.1/8.17.1) with ESMTP id 40AB; Mon, 1 Jan 2024 00:00:00 +0000"))
            .hasValue("192.0.2.30");
        assertThat(from("from [127.55.0.1] (trusted.example.com [192.0.2.31] (may be forged))\r\n\tby mx.example.org (8.17.1/8.17.1) with ESMTP id 40AC; Mon, 1 Jan 2024 00:00:00 +0000"))
            .hasValue("192.0.2.31");
        assertThat(from("from [127.55.0.1] (ident@host.example.net [192.0.2.32]) by mx.example.org (8.17.1/8.17.1) with SMTP id 40AD"))
            .hasValue("192.0.2.32");
        assertThat(from("from [127.55.0.1] ([192.0.2.33]) by mx.example.org (8.17.1/8.17.1) with ESMTP id 40AE")).hasValue("192.0.2.33");
    }

    @Test
    void sendmailLocalSubmissionNamesNoClientEvenWithALiteralHelo() {
        assertThat(from("from [127.55.0.1] (root@localhost) by mx.example.org (8.17.1/8.17.1/Submit) id 40AF")).isEmpty();
    }

    @Test
    void eximRecordsTheClientFirstAndTheHeloAsAnItem() {
        assertThat(from("from mail.example.net ([192.0.2.40]:41234 helo=[127.55.0.1])\r\n\tby mx.example.org with esmtp (Exim 4.96)\r\n\t(envelope-from <bob@example.net>)\r\n\tid 1rKx; Mon, 01 Jan 2024 00:00:00 +0000"))
            .hasValue("192.0.2.40");
        assertThat(from("from mail.example.net ([192.0.2.41])\r\n\tby mx.example.org with esmtp (Exim 4.96) id 1rKy; Mon, 01 Jan 2024 00:00:00 +0000"))
            .hasValue("192.0.2.41");
    }

    @Test
    void eximWithoutAVerifiedNameStartsWithTheClientAddress() {
        assertThat(from("from [192.0.2.42] (port=41235 helo=[127.55.0.1])\r\n\tby mx.example.org with esmtp (Exim 4.96) id 1rKz; Mon, 01 Jan 2024 00:00:00 +0000"))
            .hasValue("192.0.2.42");
        assertThat(from("from [192.0.2.43] (helo=spambot.example\r\n\tident=nobody)\r\n\tby mx.example.org with esmtp (Exim 4.96) id 1rL0; Mon, 01 Jan 2024 00:00:00 +0000"))
            .hasValue("192.0.2.43");
        assertThat(from("from [192.0.2.44] by mx.example.org with smtp (Exim 4.96) id 1rL1")).hasValue("192.0.2.44");
    }

    @Test
    void jamesRecordsTheClientAfterTheEhloComment() {
        assertThat(from("from relay.example.net (EHLO [127.55.0.1]) ([192.0.2.50])\r\n          by mx.example.org (JAMES SMTP Server ) with ESMTP ID 5e1f8a3b\r\n          for <alice@example.org>;\r\n          Mon, 1 Jan 2024 00:00:00 +0000 (UTC)"))
            .hasValue("192.0.2.50");
        assertThat(from("from 192.0.2.51 (HELO [127.55.0.1]) ([192.0.2.51]) by mx.example.org (JAMES SMTP Server ) with SMTP ID 77"))
            .hasValue("192.0.2.51");
    }

    @Test
    void qmailAndExchangeRecordTheClientWithoutBrackets() {
        assertThat(from("from unknown (HELO [127.55.0.1]) (192.0.2.60)\r\n  by mx.example.org with SMTP; 1 Jan 2024 00:00:00 -0000")).hasValue("192.0.2.60");
        assertThat(from("from unknown (HELO 127.55.0.1) (nobody@192.0.2.61)\r\n  by mx.example.org with SMTP; 1 Jan 2024 00:00:00 -0000")).hasValue("192.0.2.61");
        assertThat(from("from EX01.example.org (192.0.2.62) by EX02.example.org (192.0.2.63) with Microsoft SMTP Server id 15.2.1118.40"))
            .hasValue("192.0.2.62");
    }

    @Test
    void aHeloImitatingARelayRecordOrItsByClauseMovesNothing() {
        // a relay that keeps spaces and parentheses in HELO writes what the client sent, then its own record
        assertThat(from("from x (unknown [127.55.0.1]) by (unknown [192.0.2.70]) by mx.example.org (Postfix) with ESMTP id 1"))
            .hasValue("192.0.2.70");
        assertThat(from("from relay (EHLO x) ([127.55.0.1])) ([192.0.2.71]) by mx.example.org (JAMES SMTP Server ) with ESMTP ID 1"))
            .isEmpty();
        assertThat(from("from x (unknown [127.55.0.1] (unknown [192.0.2.72]) by mx.example.org (Postfix) with ESMTP id 1")).isEmpty();
        // the recipient in the by clause is an address, not more clause
        assertThat(from("from [127.55.0.1] (unknown [192.0.2.73]) by mx.example.org (Postfix) with ESMTP id 1 for <\"by (x [127.55.0.2])\"@example.org>; date"))
            .hasValue("192.0.2.73");
    }

    @Test
    void headersWithoutARecordedClientNameNone() {
        assertThat(from("by mx.example.org (Postfix, from userid 1000) id 4QX9; Mon, 1 Jan 2024 00:00:00 +0000")).isEmpty();
        assertThat(from("from [127.55.0.1] by mx.example.org with SMTP")).hasValue("127.55.0.1");
        assertThat(from("from [127.55.0.1] (EHLO [127.55.0.1]) by mx.example.org")).isEmpty();
        assertThat(from("from spambot.example (helo.example) by mx.example.org")).isEmpty();
        assertThat(from("")).isEmpty();
    }

    @Test
    void theChainStopsAtTheFirstHeaderThatNamesNoClient() {
        List<String> chain = List.of(
            "from relay.example.org (relay.example.org [192.0.2.10]) by mx.example.org (JAMES SMTP Server ) with ESMTP ID 1",
            "from [127.55.0.1] (EHLO [127.55.0.1]) by relay.example.org (Postfix) with ESMTP id 2",
            "from forged.example (forged.example [127.55.0.1]) by mx.spammer.example (Postfix) with ESMTP id 3");

        assertThat(ReceivedChain.fromAddresses(chain)).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.10");
    }

    @Test
    void aHugeHeaderIsReadOnlyToItsBoundInLinearTime() {
        StringBuilder nested = new StringBuilder("from [127.55.0.1] ");
        nested.append("(".repeat(2_000_000)).append(" [192.0.2.80]");
        long started = System.nanoTime();
        assertThat(from(nested.toString())).isEmpty();
        assertThat(from("from " + "x ".repeat(1_000_000) + "(unknown [192.0.2.81]) by mx.example.org")).isEmpty();
        // generous: a linear pass over 8 KB takes microseconds; a quadratic one over 2 MB would take minutes
        assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
    }
}
