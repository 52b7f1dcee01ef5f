package org.bounceguard.webadmin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.util.streams.Limit;
import org.apache.james.util.streams.Offset;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.ParametersExtractor;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /bounceguard/quarantine/{backscatter|spam}[?offset=&limit=]} and
 * {@code POST /bounceguard/quarantine/{quarantine}/{mailKey}?action=release[&processor=transport]|delete}.
 */
public class QuarantineRoutes {
    private final Quarantine quarantine;
    private final JsonTransformer json;

    @Inject
    public QuarantineRoutes(Quarantine quarantine, JsonTransformer json) {
        this.quarantine = quarantine;
        this.json = json;
    }

    void define(Service spark) {
        spark.get(BounceguardRoutes.BASE_PATH + "/quarantine/:quarantine", this::list, json);
        spark.post(BounceguardRoutes.BASE_PATH + "/quarantine/:quarantine/:mailKey", this::act, json);
    }

    private Object list(Request request, Response response) throws Exception {
        Offset offset = ParametersExtractor.extractOffset(request);
        Limit limit = ParametersExtractor.extractLimit(request);
        try {
            response.type("application/json");
            return quarantine.list(request.params("quarantine"), offset.getOffset(), limit.getLimit()).stream()
                .map(QuarantineRoutes::asJson)
                .toList();
        } catch (Quarantine.UnknownQuarantineException e) {
            throw Errors.badRequest(e.getMessage());
        }
    }

    private Object act(Request request, Response response) throws Exception {
        String name = request.params("quarantine");
        String mailKey = request.params("mailKey");
        String action = Optional.ofNullable(request.queryParams("action")).orElse("");
        boolean found;
        try {
            found = switch (action) {
                case "release" -> quarantine.release(name, mailKey,
                    Optional.ofNullable(request.queryParams("processor")).filter(text -> !text.isBlank()).orElse(Quarantine.DEFAULT_RELEASE_PROCESSOR));
                case "delete" -> quarantine.delete(name, mailKey);
                default -> throw Errors.badRequest("action must be release or delete; got '" + action + "'");
            };
        } catch (Quarantine.UnknownQuarantineException e) {
            throw Errors.badRequest(e.getMessage());
        }
        if (!found) {
            throw Errors.notFound("no mail '" + mailKey + "' in the " + name + " quarantine");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mailKey", mailKey);
        body.put("quarantine", name);
        body.put("action", action);
        response.type("application/json");
        return body;
    }

    private static Map<String, Object> asJson(QuarantinedMail mail) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mailKey", mail.mailKey());
        json.put("sender", mail.sender());
        json.put("recipients", mail.recipients());
        json.put("reasons", mail.reasons());
        mail.messageId().ifPresent(id -> json.put("messageId", id));
        mail.originalMessageId().ifPresent(id -> json.put("originalMessageId", id));
        mail.subject().ifPresent(subject -> json.put("subject", subject));
        json.put("client", mail.client());
        mail.dnsblSummary().ifPresent(summary -> json.put("dnsbl", summary));
        json.put("time", mail.time().toString());
        return json;
    }
}
