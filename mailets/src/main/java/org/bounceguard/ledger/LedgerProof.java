package org.bounceguard.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bounceguard.net.Addresses;

/**
 * What the outbound ledger proves about a bounce, for one recipient of ours at a time, on top of
 * any {@link OutboundLedger} store through its two calls only.
 *
 * <p><b>Binding.</b> A sent message is recorded once per (return address, original recipient)
 * pair: its envelope sender or authenticated identity, and each address it was sent to. A bounce
 * to one of our users proves itself for that user only when it quotes the message's Message-ID
 * <em>and</em> names, as the recipient it reports on, an address the message was sent to:
 * a DSN's {@code Final-Recipient} or {@code Original-Recipient}, a feedback report's
 * {@code Original-Rcpt-To}, an auto-reply's replying address, a plain-text NDR's failed recipient.
 * A forger who read a Message-ID somewhere does not know whom that message was sent to.
 *
 * <p><b>Aliases and forwards at the remote end.</b> Both DSN fields are accepted: Postfix names
 * the address it expanded an alias to in {@code Final-Recipient} and the alias we wrote in
 * {@code Original-Recipient}; Exim names the address we wrote in {@code Final-Recipient}. A
 * bounce from a third system that the remote user forwarded to names only the forward's target,
 * which we never wrote to: it is unproven here (BATV still proves it for a signing domain).
 *
 * <p><b>Replay.</b> Each recorded pair proves at most what its message can cause: one failure,
 * {@value #DELAY_NOTICES} delay notices, one auto-reply or feedback report. Each proof uses up a
 * slot, itself an entry of the store (so memory, blob store and Redis all bound replays alike);
 * a bounce finding every slot used is {@link Outcome#REPLAY}. On one node a claim is atomic;
 * between nodes two bounces arriving in the same instant may both take the last slot.
 *
 * <p>Every entry is a keyed hash (see {@link LedgerKey}); addresses are never stored in clear.
 */
public final class LedgerProof {
    public static final int DELAY_NOTICES = 3;
    /** Reported addresses a bounce is checked for: more is no genuine report's doing, and each one is a look-up. */
    public static final int MAX_REPORTED_ADDRESSES = 10;
    private static final char SEPARATOR = '\u0000';
    private static final int LOCK_STRIPES = 64;

    /** What the ledger says for one recipient of a bounce. */
    public enum Outcome {
        /** A message we sent to a reported address, from this recipient, with a slot left for this kind of bounce. */
        PROVEN,
        /** Nothing we sent matches the Message-ID, this recipient and a reported address. */
        MISS,
        /** It matches, but bounces of this kind have already used every slot of that message. */
        REPLAY,
        /** The store did not answer. */
        UNAVAILABLE
    }

    /** The kinds of answer a sent message may draw, and how many of each it proves. */
    public enum Use {
        FAILURE(1), DELAY(DELAY_NOTICES), AUTO_REPLY(1), FEEDBACK(1);

        private final int slots;

        Use(int slots) {
            this.slots = slots;
        }

        public int slots() {
            return slots;
        }
    }

    private final OutboundLedger store;
    private final Object[] locks = new Object[LOCK_STRIPES];

    public LedgerProof(OutboundLedger store) {
        this.store = store;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Records a message written here: one entry per (return address, original recipient) pair.
     *
     * @return the entries stored
     */
    public int recordSent(String messageId, Collection<String> returnAddresses, Collection<String> originalRecipients) {
        List<String> pairs = new ArrayList<>();
        for (String returnAddress : folded(returnAddresses, Integer.MAX_VALUE)) {
            for (String recipient : folded(originalRecipients, Integer.MAX_VALUE)) {
                pairs.add(pair(returnAddress, recipient));
            }
        }
        return pairs.isEmpty() ? 0 : store.record(messageId, pairs);
    }

    /**
     * Whether a bounce to {@code bounceRecipient} quoting {@code messageId} and reporting on
     * {@code reportedAddresses} answers a message we sent, using up one slot of {@code use} when it does.
     */
    public Outcome prove(String messageId, String bounceRecipient, Collection<String> reportedAddresses, Use use) {
        String returnAddress = Addresses.fold(bounceRecipient);
        if (returnAddress.isEmpty()) {
            return Outcome.MISS;
        }
        boolean matched = false;
        boolean unavailable = false;
        for (String reported : folded(reportedAddresses, MAX_REPORTED_ADDRESSES)) {
            String pair = pair(returnAddress, reported);
            LedgerAnswer sent = store.answers(messageId, pair);
            if (sent == LedgerAnswer.UNAVAILABLE) {
                unavailable = true;
            } else if (sent == LedgerAnswer.HIT) {
                matched = true;
                Outcome claimed = claimSlot(messageId, pair, use);
                if (claimed != Outcome.REPLAY) {
                    return claimed;
                }
            }
        }
        if (matched) {
            return Outcome.REPLAY;
        }
        return unavailable ? Outcome.UNAVAILABLE : Outcome.MISS;
    }

    private Outcome claimSlot(String messageId, String pair, Use use) {
        synchronized (locks[Math.floorMod((messageId + pair).hashCode(), LOCK_STRIPES)]) {
            for (int slot = 1; slot <= use.slots(); slot++) {
                String claim = pair + SEPARATOR + "used-by-" + use.name().toLowerCase(Locale.ROOT) + "-" + slot;
                LedgerAnswer used = store.answers(messageId, claim);
                if (used == LedgerAnswer.UNAVAILABLE) {
                    return Outcome.UNAVAILABLE;
                }
                if (used == LedgerAnswer.MISS) {
                    store.record(messageId, List.of(claim));
                    return Outcome.PROVEN;
                }
            }
            return Outcome.REPLAY;
        }
    }

    /** The address part of an entry: both addresses folded, NUL between them (no address contains one). */
    private static String pair(String returnAddress, String originalRecipient) {
        return returnAddress + SEPARATOR + originalRecipient;
    }

    private static Set<String> folded(Collection<String> addresses, int limit) {
        Set<String> folded = new LinkedHashSet<>();
        if (addresses == null) {
            return folded;
        }
        for (String address : addresses) {
            String one = Addresses.fold(address);
            if (!one.isEmpty() && one.indexOf(SEPARATOR) < 0) {
                folded.add(one);
                if (folded.size() >= limit) {
                    break;
                }
            }
        }
        return folded;
    }
}
