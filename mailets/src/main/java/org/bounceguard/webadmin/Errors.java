package org.bounceguard.webadmin;

import org.apache.james.webadmin.utils.ErrorResponder;

import spark.HaltException;

/** WebAdmin's JSON error bodies ({@code statusCode}, {@code type}, {@code message}), as James's own routes answer. */
final class Errors {
    private Errors() {
    }

    static HaltException badRequest(String message) {
        return ErrorResponder.builder()
            .statusCode(400)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }

    static HaltException notFound(String message) {
        return ErrorResponder.builder()
            .statusCode(404)
            .type(ErrorResponder.ErrorType.NOT_FOUND)
            .message(message)
            .haltError();
    }

    static HaltException serverError(String message, Exception cause) {
        return ErrorResponder.builder()
            .statusCode(500)
            .type(ErrorResponder.ErrorType.SERVER_ERROR)
            .message(message)
            .cause(cause)
            .haltError();
    }
}
