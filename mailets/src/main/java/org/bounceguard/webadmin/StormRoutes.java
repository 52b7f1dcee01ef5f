package org.bounceguard.webadmin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.bounceguard.services.BounceStormService;
import org.bounceguard.storm.StormPolicy;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /bounceguard/storms}: the recipients in bounce storm mode (on every node sharing the
 * store) and when each storm ends; {@code DELETE /bounceguard/storms/{recipient}}: ends one early
 * (204; 404 when the recipient is in none).
 */
public class StormRoutes {
    private final BounceStormService service;
    private final JsonTransformer json;

    @Inject
    public StormRoutes(BounceStormService service, JsonTransformer json) {
        this.service = service;
        this.json = json;
    }

    void define(Service spark) {
        spark.get(BounceguardRoutes.BASE_PATH + "/storms", this::list, json);
        spark.delete(BounceguardRoutes.BASE_PATH + "/storms/:recipient", this::end);
    }

    private Object list(Request request, Response response) {
        StormPolicy policy = service.storms().policy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("threshold", policy.threshold());
        body.put("window", policy.window().toString());
        body.put("duration", policy.duration().toString());
        List<Map<String, String>> recipients = service.storms().recipientsInStorm().entrySet().stream()
            .map(storm -> Map.of("recipient", storm.getKey(), "until", storm.getValue().toString()))
            .toList();
        body.put("recipients", recipients);
        response.type("application/json");
        return body;
    }

    private Object end(Request request, Response response) {
        String recipient = URLDecoder.decode(request.params("recipient"), StandardCharsets.UTF_8).trim();
        if (recipient.indexOf('@') <= 0) {
            throw Errors.badRequest("expected an address, local@domain");
        }
        if (!service.storms().end(recipient)) {
            throw Errors.notFound(recipient + " is in no bounce storm");
        }
        response.status(204);
        return "";
    }
}
