package org.bounceguard.webadmin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.bounceguard.net.Addresses;
import org.bounceguard.services.RecipientVerificationService;
import org.bounceguard.verify.CachedVerdict;
import org.bounceguard.verify.RecipientVerifier;
import org.bounceguard.verify.VerificationCounters;

import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Recipient verification of relayed domains: {@code GET /bounceguard/verify} (counters, breakers,
 * accept-all domains); {@code GET /bounceguard/verify/{address}} (what is remembered about one
 * address, 404 when nothing is); {@code DELETE /bounceguard/verify/{address}} (forget it, so that
 * its next RCPT probes the backend again: 204, or 404 when nothing was remembered).
 */
public class VerificationRoutes {
    /** RFC 5321's longest path; anything longer is no address of ours. */
    private static final int MAX_ADDRESS_LENGTH = 256;

    private final RecipientVerificationService service;
    private final JsonTransformer json;

    @Inject
    public VerificationRoutes(RecipientVerificationService service, JsonTransformer json) {
        this.service = service;
        this.json = json;
    }

    void define(Service spark) {
        spark.get(BounceguardRoutes.BASE_PATH + "/verify", this::state, json);
        spark.get(BounceguardRoutes.BASE_PATH + "/verify/:address", this::lookUp, json);
        spark.delete(BounceguardRoutes.BASE_PATH + "/verify/:address", this::forget, json);
    }

    private Object state(Request request, Response response) {
        RecipientVerifier verifier = service.verifier();
        VerificationCounters.Snapshot counters = verifier.counters().snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domains", verifier.policy().domains().keySet().stream().sorted().toList());
        body.put("probes", counters.probes());
        body.put("cacheHits", counters.cacheHits());
        body.put("accepted", counters.accepted());
        body.put("refused", counters.refused());
        body.put("deferred", counters.deferred());
        body.put("acceptedAcceptAll", counters.acceptAllSkipped());
        body.put("failedOpen", counters.failedOpen());
        body.put("clientLimited", counters.clientLimited());
        body.put("acceptAllDomains", verifier.acceptAllDomains());
        Map<String, String> breakers = new LinkedHashMap<>();
        verifier.breakerStates().forEach((backend, state) -> breakers.put(backend.toString(), state.name()));
        body.put("breakers", breakers);
        response.type("application/json");
        return body;
    }

    private Object lookUp(Request request, Response response) {
        String address = address(request);
        Optional<CachedVerdict> verdict = remembered(address);
        if (verdict.isEmpty()) {
            throw Errors.notFound("nothing is remembered about " + address);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("address", address);
        body.put("verdict", verdict.get().accepted() ? "accepted" : "refused");
        if (!verdict.get().accepted()) {
            body.put("code", verdict.get().code());
            body.put("text", verdict.get().text());
        }
        response.type("application/json");
        return body;
    }

    private Object forget(Request request, Response response) {
        String address = address(request);
        boolean forgotten;
        try {
            forgotten = service.forget(address);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        if (!forgotten) {
            throw Errors.notFound("nothing is remembered about " + address);
        }
        response.status(204);
        return "";
    }

    private Optional<CachedVerdict> remembered(String address) {
        try {
            return service.lookUp(address);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** The address in the path, folded; a relayed domain's or refused. */
    private String address(Request request) {
        String text = Optional.ofNullable(request.params("address")).orElse("");
        if (text.length() > MAX_ADDRESS_LENGTH || text.indexOf('@') < 1 || text.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw Errors.badRequest("expected a mail address, e.g. bob@relayed.example");
        }
        String address = Addresses.fold(text);
        if (!service.verifier().verifies(address)) {
            throw Errors.badRequest("not an address of a relayed domain (verify.domains): "
                + service.verifier().policy().domains().keySet().stream().sorted().toList());
        }
        return address;
    }

    private static HaltException unavailable(Exception cause) {
        return ErrorResponder.builder()
            .statusCode(503)
            .type(ErrorResponder.ErrorType.SERVER_ERROR)
            .message("the verification store cannot answer now: " + cause.getMessage())
            .haltError();
    }
}
