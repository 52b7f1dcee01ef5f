/**
 * What Bounceguard finds out about a mail and hands from one processor to the next: its
 * mail-level API. Each finding is one class holding its attribute names, its typed value and the
 * one way it is written to and read from a James {@link org.apache.mailet.Mail}; no other class
 * reads or writes these attributes.
 *
 * <p>Following one incoming mail:
 * <ol>
 *     <li>{@link org.bounceguard.findings.MailFacts}: what James itself says - the client, HELO,
 *     envelope, SMTP AUTH, SPF and DKIM results - and the one definition of a bounce.</li>
 *     <li>{@link org.bounceguard.findings.BatvFinding}: the BATV result per recipient ({@code BatvStrip}).</li>
 *     <li>{@link org.bounceguard.findings.AttachedVerdict}: a DNSBL finding made in the SMTP session
 *     for a check's {@link org.bounceguard.findings.DnsblCheckSettings}, carried to {@code DnsblCheck}.</li>
 *     <li>{@link org.bounceguard.findings.DnsblFinding}: the DNSBL verdict and its
 *     {@link org.bounceguard.findings.ClientCheck} ({@code DnsblCheck}), routed on by
 *     {@code DnsblScoreAtLeast} and {@code DnsblListed}.</li>
 *     <li>{@link org.bounceguard.findings.BackscatterFinding}: the evidence about an incoming bounce
 *     ({@code IsBackscatter}) and its quarantine ({@code RecordBackscatter}).</li>
 *     <li>{@link org.bounceguard.findings.NdrFinding}: why a guarded bounce mailet sent no NDR.</li>
 * </ol>
 */
package org.bounceguard.findings;
