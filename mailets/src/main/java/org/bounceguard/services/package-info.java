/**
 * The James side of Bounceguard: the services one James server shares (created once by Guice,
 * closed when James stops) and the pieces the matchers and mailets are built from. A mail meets
 * them in this order:
 * <ol>
 *     <li>SMTP connect: {@code smtp.DnsblPrefetchHandler} asks {@link org.bounceguard.services.DnsblService}
 *     to start the client's look-ups; at RCPT, {@code smtp.BatvRcptHook} asks
 *     {@link org.bounceguard.services.BatvService} about tagged recipients.</li>
 *     <li>{@code root}: {@code mailets.BatvStrip} ({@link org.bounceguard.mailetbase.BatvMailets}), then
 *     {@code mailets.DnsblCheck} runs a {@link org.bounceguard.services.DnsblLookup}; both leave
 *     findings on the mail ({@code org.bounceguard.findings}).</li>
 *     <li>Bounces: {@code matchers.IsBackscatter} has {@link org.bounceguard.services.BackscatterService}
 *     ask the evidence sources once, and {@code mailets.RecordBackscatter} quarantines.</li>
 *     <li>Failures: {@link org.bounceguard.mailetbase.GuardedNdr} ({@code GuardedBounce},
 *     {@code GuardedDSNBounce}) reads the findings, asks the core {@code suppression.NdrGuard} and
 *     {@link org.bounceguard.services.NdrSuppressionService} (rate limit, counters), and sends the NDR
 *     or records why not.</li>
 *     <li>Outgoing: {@code mailets.RecordOutbound} ({@link org.bounceguard.services.OutboundLedgerService})
 *     and {@code mailets.BatvSign}.</li>
 * </ol>
 * Configuration is read once: {@link org.bounceguard.configuration.BounceguardSettings} (the properties
 * file, parsed into one record per capability, unknown keys refused) and {@link org.bounceguard.mailetbase.Parameters} /
 * {@link org.bounceguard.mailetbase.BounceguardMailet} (mailet parameters, unknown ones refused).
 */
package org.bounceguard.james;
