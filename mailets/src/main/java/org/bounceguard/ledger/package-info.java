/**
 * The outbound ledger: a bounce is legitimate for one of our users when it answers a message that
 * user sent from here. Start at {@link org.bounceguard.ledger.LedgerProof}: {@code recordSent} when
 * a message written here leaves for a remote domain, {@code prove} for each recipient of a bounce,
 * giving an outcome (PROVEN, MISS, REPLAY, UNAVAILABLE) over any
 * {@link org.bounceguard.ledger.OutboundLedger} store.
 *
 * <p>Only {@link org.bounceguard.ledger.LedgerKey keyed hashes} of
 * {@link org.bounceguard.ledger.Normalised normalised} (Message-ID, return address) pairs are kept.
 * {@link org.bounceguard.ledger.InMemoryOutboundLedger} serves one node;
 * {@code org.bounceguard.james.ledger.BlobStoreOutboundLedger} shares the ledger between James
 * nodes through James's blob storage. Both follow one {@link org.bounceguard.ledger.LedgerPolicy}.
 * Nothing here depends on James.
 */
package org.bounceguard.ledger;
