package org.bounceguard.webadmin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.util.streams.Offset;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.ParametersExtractor;
import org.bounceguard.dnsbl.ZoneKeys;
import org.bounceguard.james.MailetContainerLayout;
import org.bounceguard.net.Values;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /bounceguard/quarantine/{backscatter|spam}[?offset=&limit=]} (a page of
 * {@link #DEFAULT_PAGE_SIZE} mails unless {@code limit} says otherwise, at most {@link #MAX_PAGE_SIZE}) and
 * {@code POST /bounceguard/quarantine/{quarantine}/{mailKey}?action=release[&processor=transport]|delete}
 * (a release to a processor {@code mailetcontainer.xml} does not declare is refused: James would
 * put the mail into its error repository).
 */
public class QuarantineRoutes {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private final Quarantine quarantine;
    private final JsonTransformer json;
    /** Empty when mailetcontainer.xml could not be read: then any processor is tried. */
    private final List<String> processors;

    @Inject
    public QuarantineRoutes(Quarantine quarantine, JsonTransformer json, ConfigurationProvider configurationProvider) {
        this.quarantine = quarantine;
        this.json = json;
        this.processors = MailetContainerLayout.read(configurationProvider, ZoneKeys.NONE).map(MailetContainerLayout::processors).orElse(List.of());
    }

    void define(Service spark) {
        spark.get(BounceguardRoutes.BASE_PATH + "/quarantine/:quarantine", this::list, json);
        spark.post(BounceguardRoutes.BASE_PATH + "/quarantine/:quarantine/:mailKey", this::act, json);
    }

    private Object list(Request request, Response response) throws Exception {
        Offset offset = ParametersExtractor.extractOffset(request);
        int limit = ParametersExtractor.extractLimit(request).getLimit().orElse(DEFAULT_PAGE_SIZE);
        if (limit > MAX_PAGE_SIZE) {
            throw Errors.badRequest("limit must be at most " + MAX_PAGE_SIZE + "; got " + limit + " (page with offset)");
        }
        try {
            response.type("application/json");
            return quarantine.list(request.params("quarantine"), offset.getOffset(), Optional.of(limit)).stream()
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
                case "release" -> quarantine.release(name, mailKey, existingProcessor(
                    Optional.ofNullable(request.queryParams("processor")).filter(text -> !text.isBlank()).orElse(Quarantine.DEFAULT_RELEASE_PROCESSOR)));
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

    private String existingProcessor(String processor) {
        if (!processors.isEmpty() && !processors.contains(processor)) {
            throw Errors.badRequest("processor '" + processor + "' does not exist"
                + Values.nearest(processor, processors).map(near -> "; did you mean '" + near + "'?").orElse("")
                + " (processors: " + String.join(", ", processors) + "); the mail stays in the quarantine");
        }
        return processor;
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
