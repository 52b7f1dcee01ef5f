package org.bounceguard.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** James's WebAdmin REST API, as an operator uses it to look into mail repositories. */
public final class WebAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public WebAdmin(String host, int port) {
        this.base = "http://" + host + ":" + port;
    }

    /**
     * Keys of the mails stored in a repository, given by its URL as in mailetcontainer.xml (e.g.
     * {@code memory://var/mail/spam/}); empty if it does not exist yet. WebAdmin names a
     * repository by its path ({@code var/mail/spam}).
     */
    public List<String> mailKeys(String repositoryUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/mailRepositories/" + path(repositoryUrl) + "/mails");
        if (response.statusCode() == 404) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        JSON.readTree(ensureOk(response)).forEach(node -> keys.add(node.asText()));
        return keys;
    }

    /** How many mails a repository holds; 0 if it does not exist yet. */
    public long size(String repositoryUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/mailRepositories/" + path(repositoryUrl));
        if (response.statusCode() == 404) {
            return 0;
        }
        return JSON.readTree(ensureOk(response)).path("size").asLong();
    }

    /** One stored mail with its attributes and headers, as WebAdmin returns it. */
    public JsonNode mail(String repositoryUrl, String key) throws IOException, InterruptedException {
        return JSON.readTree(ensureOk(get("/mailRepositories/" + path(repositoryUrl) + "/mails/" + encode(key)
            + "?additionalFields=attributes,headers")));
    }

    public List<JsonNode> mails(String repositoryUrl) throws IOException, InterruptedException {
        List<JsonNode> mails = new ArrayList<>();
        for (String key : mailKeys(repositoryUrl)) {
            mails.add(mail(repositoryUrl, key));
        }
        return mails;
    }

    /** Sends one stored mail through a processor again, as an operator does: PATCH ...?action=reprocess. */
    public void reprocess(String repositoryUrl, String key, String processor) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/mailRepositories/" + path(repositoryUrl) + "/mails/" + encode(key)
                + "?action=reprocess&processor=" + encode(processor)))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build();
        ensureOk(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** Turns a user's out-of-office reply on: POST /vacation/{user}. */
    public void enableVacation(String user, String subject, String textBody) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("enabled", true).put("subject", subject).put("textBody", textBody).toString();
        send(HttpRequest.newBuilder(URI.create(base + "/vacation/" + encode(user)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Turns a user's out-of-office reply off: DELETE /vacation/{user}. */
    public void disableVacation(String user) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/vacation/" + encode(user))).DELETE());
    }

    /** Stores and activates a user's Sieve script: PUT /sieve/{user}/scripts/{name}?activate=true. */
    public void activateSieveScript(String user, String name, String script) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/sieve/" + encode(user) + "/scripts/" + encode(name) + "?activate=true"))
            .header("Content-Type", "text/plain")
            .PUT(HttpRequest.BodyPublishers.ofString(script)));
    }

    /** Makes {@code source} an alias of {@code destination}: PUT /address/aliases/{destination}/sources/{source}. */
    public void addAlias(String destination, String source) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/address/aliases/" + encode(destination) + "/sources/" + encode(source)))
            .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    private void send(HttpRequest.Builder request) throws IOException, InterruptedException {
        ensureOk(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        // without this Accept header WebAdmin answers a mail's detail with the raw message
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static String ensureOk(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("WebAdmin " + response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String path(String repositoryUrl) {
        String path = repositoryUrl.replaceFirst("^[a-z]+://", "");
        return encode(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
