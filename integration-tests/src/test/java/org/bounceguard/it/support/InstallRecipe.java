package org.bounceguard.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The install page ({@code docs/install/README.md}) as something a test can apply: its
 * snippets are the fenced blocks that follow a {@code <!-- recipe: NAME -->} marker, read out of
 * that page itself, so that what the page shows and what the test does cannot drift apart.
 * Each {@code apply...} method does what the page's prose says to do with one kind of block.
 */
public final class InstallRecipe {
    private static final String SECTION = "# Install into an existing James 3.8.1";
    private static final Pattern BLOCK = Pattern.compile(
        "<!-- recipe: ([a-z-]+) -->\\s*\\n([ \\t]*)```[a-z]*\\n(.*?)\\n[ \\t]*```", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");
    private static final Pattern REMOTE_DELIVERY = Pattern.compile("([ \\t]*)<mailet match=\"([^\"]+)\" class=\"RemoteDelivery\">");
    private static final Pattern RECIPIENT_REWRITE_TABLE = Pattern.compile(
        "([ \\t]*)<mailet match=\"([^\"]+)\" class=\"RecipientRewriteTable\"\\s*(?:/>|>.*?</mailet>)", Pattern.DOTALL);
    private static final Pattern BATV_SIGN = Pattern.compile("([ \\t]*)<mailet match=\"([^\"]+)\" class=\"org.bounceguard.mailets.BatvSign\"/>");

    private final Map<String, List<String>> blocks;

    private InstallRecipe(Map<String, List<String>> blocks) {
        this.blocks = blocks;
    }

    /** The repository's install page (found beside the sample conf/ the failsafe config names). */
    public static InstallRecipe fromReadme() {
        Path readme = Path.of(System.getProperty("bounceguard.conf.dir")).getParent().resolve("docs/install/README.md");
        try {
            return parse(Files.readString(readme));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InstallRecipe parse(String readme) {
        int start = readme.indexOf(SECTION);
        if (start < 0) {
            throw new IllegalStateException("docs/install/README.md has no section '" + SECTION + "'");
        }
        int end = readme.indexOf("\n# ", start + SECTION.length());
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        Matcher matcher = BLOCK.matcher(section);
        while (matcher.find()) {
            blocks.computeIfAbsent(matcher.group(1), name -> new ArrayList<>()).add(unindent(matcher.group(3), matcher.group(2)));
        }
        return new InstallRecipe(blocks);
    }

    /** The blocks marked {@code name}, in README order; fails when there is none. */
    public List<String> blocks(String name) {
        List<String> found = blocks.getOrDefault(name, List.of());
        if (found.isEmpty()) {
            throw new IllegalStateException("docs/install/README.md has no '<!-- recipe: " + name + " -->' block");
        }
        return Collections.unmodifiableList(found);
    }

    public String block(String name) {
        List<String> found = blocks(name);
        if (found.size() != 1) {
            throw new IllegalStateException("docs/install/README.md has " + found.size() + " '" + name + "' blocks, expected one");
        }
        return found.get(0);
    }

    /**
     * Sets the {@code key=value} lines of a properties block in a properties text: an existing
     * key's line is replaced, a new key appended. A value with a {@code <...>} part is a
     * placeholder the README asks the reader to fill in; {@code placeholders} supplies it by key.
     */
    public static String applyProperties(String properties, String block, Map<String, String> placeholders) {
        String result = properties;
        for (String line : block.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String key = line.substring(0, equals).trim();
            String value = line.substring(equals + 1).trim();
            if (PLACEHOLDER.matcher(value).find()) {
                value = placeholders.get(key);
                if (value == null) {
                    throw new IllegalStateException("the README leaves " + key + " to the reader; the test has no value for it");
                }
            }
            Pattern existing = Pattern.compile("(?m)^" + Pattern.quote(key) + "=.*$");
            String replacement = Matcher.quoteReplacement(key + "=" + value);
            result = existing.matcher(result).find()
                ? existing.matcher(result).replaceAll(replacement)
                : result + (result.endsWith("\n") ? "" : "\n") + key + "=" + value + "\n";
        }
        return result;
    }

    /** Inserts a block right after the opening tag of {@code <processor state="STATE" ...>}. */
    public static String insertAtTopOfProcessor(String xml, String state, String block) {
        Matcher processor = Pattern.compile("<processor state=\"" + Pattern.quote(state) + "\"[^>]*>").matcher(xml);
        if (!processor.find()) {
            throw new IllegalStateException("mailetcontainer.xml has no processor " + state);
        }
        return xml.substring(0, processor.end()) + "\n" + block + xml.substring(processor.end());
    }

    /** Inserts a block right before {@code </processors>}. */
    public static String insertIntoProcessors(String xml, String block) {
        return insertBefore(xml, "</processors>", block + "\n");
    }

    /** Applies a block of {@code from -> to} lines as literal replacements (each may match nowhere: a default may lack {@code Bounce}). */
    public static String applyReplacements(String text, String block) {
        String result = text;
        for (String line : block.split("\n")) {
            String[] fromTo = line.split("\\s+->\\s+", 2);
            if (fromTo.length != 2) {
                throw new IllegalStateException("not a 'from -> to' line: " + line);
            }
            result = result.replace(fromTo[0].trim(), fromTo[1].trim());
        }
        return result;
    }

    /** Inserts a block of mailets before every RemoteDelivery, each mailet given that RemoteDelivery's matcher. */
    public static String insertBeforeEachRemoteDelivery(String xml, String block) {
        return insertBeforeEach(xml, REMOTE_DELIVERY, "RemoteDelivery", block);
    }

    /**
     * Inserts {@code before} right before and {@code after} right after every
     * {@code RecipientRewriteTable} mailet, each mailet given that mailet's matcher.
     */
    public static String insertAroundEachRecipientRewriteTable(String xml, String before, String after) {
        Matcher matcher = RECIPIENT_REWRITE_TABLE.matcher(xml);
        StringBuilder result = new StringBuilder();
        boolean found = false;
        while (matcher.find()) {
            found = true;
            String indentation = matcher.group(1);
            String match = "match=\"" + matcher.group(2) + "\"";
            matcher.appendReplacement(result, Matcher.quoteReplacement(indent(before.replace("match=\"All\"", match), indentation) + "\n"
                + matcher.group() + "\n" + indent(after.replace("match=\"All\"", match), indentation)));
        }
        if (!found) {
            throw new IllegalStateException("mailetcontainer.xml has no RecipientRewriteTable");
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** Inserts a block of mailets before every BatvSign, each mailet given that BatvSign's matcher. */
    public static String insertBeforeEachBatvSign(String xml, String block) {
        return insertBeforeEach(xml, BATV_SIGN, "BatvSign", block);
    }

    /** Inserts a block of handlers right before each {@code ValidRcptHandler} of smtpserver.xml. */
    public static String insertBeforeValidRcptHandler(String xml, String block) {
        Matcher handler = Pattern.compile("([ \\t]*)<handler class=\"org.apache.james.smtpserver.fastfail.ValidRcptHandler\"/>").matcher(xml);
        StringBuilder result = new StringBuilder();
        boolean found = false;
        while (handler.find()) {
            found = true;
            handler.appendReplacement(result, Matcher.quoteReplacement(indent(block, handler.group(1)) + "\n" + handler.group()));
        }
        if (!found) {
            throw new IllegalStateException("smtpserver.xml has no ValidRcptHandler");
        }
        handler.appendTail(result);
        return result.toString();
    }

    /** Inserts a logback line right before {@code </configuration>}. */
    public static String insertIntoLogback(String xml, String block) {
        return insertBefore(xml, "</configuration>", block + "\n");
    }

    /**
     * A resource as one of James's 3.8.1 jars ships it, e.g. ("james-server-mailetcontainer-api",
     * "mailetcontainer.xml"), read from that jar on the test classpath (other jars carry resources
     * of the same name).
     */
    public static String jamesDefault(String artifactId, String resource) {
        String jar = "/" + artifactId + "-3.8.1.jar!/";
        try {
            for (URL url : Collections.list(ClassLoader.getSystemClassLoader().getResources(resource))) {
                if (url.toString().contains(jar)) {
                    try (InputStream in = url.openStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(resource + " of " + artifactId + "-3.8.1.jar is not on the test classpath");
    }

    private static String insertBeforeEach(String xml, Pattern anchor, String what, String block) {
        Matcher matcher = anchor.matcher(xml);
        StringBuilder result = new StringBuilder();
        boolean found = false;
        while (matcher.find()) {
            found = true;
            String mailets = block.replace("match=\"All\"", "match=\"" + matcher.group(2) + "\"");
            matcher.appendReplacement(result, Matcher.quoteReplacement(indent(mailets, matcher.group(1)) + "\n" + matcher.group()));
        }
        if (!found) {
            throw new IllegalStateException("mailetcontainer.xml has no " + what);
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static String insertBefore(String text, String anchor, String insertion) {
        int at = text.lastIndexOf(anchor);
        if (at < 0) {
            throw new IllegalStateException("no " + anchor + " to insert before");
        }
        return text.substring(0, at) + insertion + text.substring(at);
    }

    private static String unindent(String block, String indentation) {
        StringBuilder result = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            result.append(line.startsWith(indentation) ? line.substring(indentation.length()) : line.stripLeading()).append('\n');
        }
        return result.toString().stripTrailing();
    }

    private static String indent(String block, String indentation) {
        return indentation + block.replace("\n", "\n" + indentation);
    }
}
