/**
 * The services one James server shares, created once by Guice in the injector
 * {@code modules.BounceguardModule} is installed in and closed when James stops, and the DNSBL
 * look-up the matchers and mailets run. A mail meets them in this order:
 * <ol>
 *     <li>SMTP connect: {@code smtp.DnsblPrefetchHandler} asks {@link org.bounceguard.services.DnsblService}
 *     to start the client's look-ups; at RCPT, {@code smtp.BatvRcptHook} asks
 *     {@link org.bounceguard.services.BatvService} about tagged recipients.</li>
 *     <li>{@code root}: {@code mailets.BatvStrip} ({@code mailetbase.BatvMailets}), then
 *     {@code mailets.DnsblCheck} runs a {@link org.bounceguard.services.DnsblLookup}; both leave
 *     findings on the mail ({@code org.bounceguard.findings}).</li>
 *     <li>Bounces: {@code matchers.IsBackscatter} has {@link org.bounceguard.services.BackscatterService}
 *     ask the evidence sources once, and {@code mailets.RecordBackscatter} quarantines.</li>
 *     <li>Failures: {@code mailetbase.GuardedNdr} ({@code GuardedBounce}, {@code GuardedDSNBounce})
 *     reads the findings, asks the core {@code suppression.NdrGuard} and
 *     {@link org.bounceguard.services.NdrSuppressionService} (rate limit, counters), and sends the
 *     NDR or records why not.</li>
 *     <li>Outgoing: {@code mailets.RecordOutbound} ({@link org.bounceguard.services.OutboundLedgerService})
 *     and {@code mailets.BatvSign}.</li>
 * </ol>
 * Settings come typed from {@code configuration.BounceguardSettings}; counters are published
 * through {@code metrics}. Nothing here imports the adapters ({@code smtp}, {@code mailets},
 * {@code matchers}, {@code webadmin}) or {@code mailetbase}.
 */
package org.bounceguard.services;
