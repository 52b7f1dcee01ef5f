package org.bounceguard.findings;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Whose address a DNSBL verdict judged: the client address that was checked, or why no client was.
 * {@link DnsblFinding} is the one place it is written to and read from a mail.
 */
public sealed interface ClientCheck {

    /** Why a mail's client was not checked. */
    enum Reason {
        /** James knew no usable address, or every hop of the Received chain is a trusted relay. */
        NO_USABLE_ADDRESS,
        /** The client authenticated over SMTP and the check does not judge authenticated mail. */
        AUTHENTICATED
    }

    record Checked(InetAddress address) implements ClientCheck {
        public Checked {
            Objects.requireNonNull(address, "address");
        }
    }

    record NotChecked(Reason reason) implements ClientCheck {
        public NotChecked {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The client found for a mail: checked when there is one, else not checked for want of a usable address. */
    static ClientCheck of(Optional<InetAddress> client) {
        return client.<ClientCheck>map(Checked::new).orElse(new NotChecked(Reason.NO_USABLE_ADDRESS));
    }

    static ClientCheck checked(InetAddress address) {
        return new Checked(address);
    }

    static ClientCheck authenticated() {
        return new NotChecked(Reason.AUTHENTICATED);
    }

    /** The address that was checked; empty when none was. */
    default Optional<InetAddress> checkedAddress() {
        return this instanceof Checked checked ? Optional.of(checked.address()) : Optional.empty();
    }
}
