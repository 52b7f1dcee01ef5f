package org.bounceguard.verify;

/**
 * What a backend said about one recipient. Only a 2xx answer to {@code RCPT TO} is
 * {@link Accepted}; a 5xx is {@link Refused}; everything else - a 4xx, a timeout, a refused
 * connection, an answer that is not SMTP - is {@link Deferred}, never an acceptance.
 */
public sealed interface ProbeResult {
    record Accepted() implements ProbeResult {
    }

    /** The backend refused the recipient: its reply code and text (sanitised, bounded). */
    record Refused(int code, String text) implements ProbeResult {
        public Refused {
            text = ReplyText.sanitise(text);
        }
    }

    /** No answer about the recipient. {@code backendDown} marks a failure of the backend itself (connection, timeout, garbled reply), which the circuit breaker counts; a 4xx reply is not one. */
    record Deferred(String reason, boolean backendDown) implements ProbeResult {
    }

    ProbeResult ACCEPTED = new Accepted();
}
