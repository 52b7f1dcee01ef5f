package org.bounceguard.webadmin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A quarantined mail as an operator sees it: who sent it to whom, why Bounceguard stopped it, and
 * which message a bounce answers.
 *
 * @param reasons backscatter reason codes and DNSBL listings ({@code zone=code}) found on the mail
 * @param originalMessageId the Message-ID of the message a bounce returns, when it returns one
 * @param client the address the DNSBL verdict is about, else the connecting address
 */
public record QuarantinedMail(String mailKey, String sender, List<String> recipients, List<String> reasons,
                              Optional<String> messageId, Optional<String> originalMessageId, Optional<String> subject,
                              String client, Optional<String> dnsblSummary, Instant time) {
}
