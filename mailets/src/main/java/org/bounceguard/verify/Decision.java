package org.bounceguard.verify;

/** What to answer a client's {@code RCPT TO} for a recipient of a relayed domain. */
public sealed interface Decision {
    /** Not a relayed domain: other checks decide. */
    record NotVerified() implements Decision {
    }

    /** The backend takes it (or cannot tell us apart from a real user: accept-all, fail-open). */
    record Accept(Source source) implements Decision {
    }

    /** {@code 550 5.1.1} with the backend's text. */
    record Refuse(String backendText) implements Decision {
    }

    /** {@code 450} with an enhanced code and a reason. */
    record Defer(String enhancedCode, String reason) implements Decision {
    }

    /** Why a recipient was accepted. */
    enum Source { PROBE, CACHE, ACCEPT_ALL, FAIL_OPEN }

    Decision NOT_VERIFIED = new NotVerified();
}
