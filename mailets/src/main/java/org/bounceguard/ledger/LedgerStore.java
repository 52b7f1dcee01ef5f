package org.bounceguard.ledger;

/**
 * Where an outbound ledger keeps its entries, chosen by name with {@code ledger.store}. A store is
 * one implementation and one binding under its name in the Guice module's map of ledger stores.
 */
@FunctionalInterface
public interface LedgerStore {
    OutboundLedger open(LedgerKey key, LedgerPolicy policy);
}
