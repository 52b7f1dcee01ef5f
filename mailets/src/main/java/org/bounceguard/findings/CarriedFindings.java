package org.bounceguard.findings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A mail's attributes written into one header of its message, and read back. James rebuilds some
 * mails from their sender, recipients and message only - the mail {@code RecipientRewriteTable}
 * hands to its error processor is one - so what Bounceguard and James found about the mail (the
 * DNSBL verdict, the SPF result, the authenticated user, an earlier answer) survives only inside
 * the message. The header is base64 of a JSON object of attribute name to James's own JSON form of
 * the value (the form its queues use), folded into 76-character lines.
 *
 * <p>Bounds: attributes whose JSON form exceeds {@link #MAX_ATTRIBUTE_BYTES} are left out, and so
 * are those that would take the whole past {@link #MAX_JSON_BYTES}; a header longer than
 * {@link #MAX_HEADER_CHARS} is not read. Reading is linear in the header's length.
 */
public final class CarriedFindings {
    /** The header; an {@code X-Bounceguard-} header, removed before any mail leaves the server. */
    public static final String HEADER = "X-Bounceguard-Findings";
    static final int MAX_ATTRIBUTE_BYTES = 8 * 1024;
    static final int MAX_JSON_BYTES = 48 * 1024;
    static final int MAX_HEADER_CHARS = 80 * 1024;
    private static final int LINE = 76;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CarriedFindings() {
    }

    /** The header value carrying {@code mail}'s attributes, within the bounds; empty when none can be carried. */
    public static Optional<String> encode(Mail mail) {
        ObjectNode carried = JSON.createObjectNode();
        int size = 2;
        for (Iterator<Attribute> attributes = mail.attributes().iterator(); attributes.hasNext(); ) {
            Attribute attribute = attributes.next();
            AttributeName name = attribute.getName();
            Optional<JsonNode> value = attribute.getValue().toJson();
            if (value.isEmpty()) {
                continue;
            }
            int bytes = name.asString().length() + value.get().toString().getBytes(StandardCharsets.UTF_8).length + 6;
            if (bytes > MAX_ATTRIBUTE_BYTES || size + bytes > MAX_JSON_BYTES) {
                continue;
            }
            carried.set(name.asString(), value.get());
            size += bytes;
        }
        if (carried.isEmpty()) {
            return Optional.empty();
        }
        String base64 = Base64.getEncoder().encodeToString(carried.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder folded = new StringBuilder(base64.length() + base64.length() / LINE * 3);
        for (int start = 0; start < base64.length(); start += LINE) {
            if (start > 0) {
                folded.append("\r\n ");
            }
            folded.append(base64, start, Math.min(base64.length(), start + LINE));
        }
        return Optional.of(folded.toString());
    }

    /**
     * Sets on {@code mail} every carried attribute it does not have; an attribute the mail already
     * has keeps its value.
     *
     * @return how many attributes were restored
     * @throws IllegalArgumentException when the header is too long or not of this shape
     */
    public static int restore(Mail mail, String header) {
        if (header.length() > MAX_HEADER_CHARS) {
            throw new IllegalArgumentException("longer than " + MAX_HEADER_CHARS + " characters");
        }
        JsonNode carried;
        try {
            carried = JSON.readTree(Base64.getMimeDecoder().decode(header.replaceAll("\\s", "")));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64 of a JSON object: " + e.getMessage());
        }
        if (carried == null || !carried.isObject()) {
            throw new IllegalArgumentException("not base64 of a JSON object");
        }
        int restored = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = carried.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            AttributeName name = AttributeName.of(field.getKey());
            if (mail.getAttribute(name).isPresent()) {
                continue;
            }
            try {
                mail.setAttribute(new Attribute(name, AttributeValue.fromJson(field.getValue())));
                restored++;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("attribute " + field.getKey() + " cannot be read: " + e.getMessage());
            }
        }
        return restored;
    }
}
