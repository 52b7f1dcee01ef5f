/**
 * The outbound ledger: a bounce is legitimate when it answers a message this
 * server relayed. Start at {@link org.bounceguard.ledger.OutboundLedger}: {@code record} when a
 * message leaves for a remote domain, {@code answers} when a bounce arrives, giving a
 * {@link org.bounceguard.ledger.LedgerAnswer} (HIT, MISS = the {@code ledger-miss} signal,
 * UNAVAILABLE = no signal).
 *
 * <p>Only {@link org.bounceguard.ledger.LedgerKey keyed hashes} of
 * {@link org.bounceguard.ledger.Normalised normalised} (Message-ID, return address) pairs are kept.
 * {@link org.bounceguard.ledger.InMemoryOutboundLedger} serves one node;
 * {@code org.bounceguard.james.ledger.BlobStoreOutboundLedger} shares the ledger between James
 * nodes through James's blob storage. Both follow one {@link org.bounceguard.ledger.LedgerPolicy}.
 * Nothing here depends on James.
 */
package org.bounceguard.ledger;
