package org.bounceguard.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads, from each Received header, the client address that the writing relay took from its TCP
 * connection - never the client's own HELO/EHLO argument, which the client chooses freely.
 *
 * <p>The relay's record is the last address literal in a parenthesised part of the {@code from}
 * clause, not introduced by {@code HELO}/{@code EHLO}/{@code helo=}:
 * <ul>
 *   <li>Postfix: {@code from HELO (NAME [ADDR])}</li>
 *   <li>Sendmail: {@code from HELO (NAME [ADDR])}, {@code from HELO (NAME [ADDR] (may be forged))}</li>
 *   <li>Exim: {@code from NAME ([ADDR]:PORT helo=HELO)}, or {@code from [ADDR] (helo=HELO)} when the
 *       address has no verified name - the one format where the literal after {@code from} is the
 *       relay's, recognised by its parenthesised part holding only {@code key=value} items</li>
 *   <li>James: {@code from NAME (EHLO HELO) ([ADDR])}; qmail and Exchange: {@code (ADDR)}</li>
 * </ul>
 * The clause ends at the last {@code by} outside comments, quoted strings and angle addresses, so
 * a HELO containing "by" moves nothing. A header with an unbalanced comment, or none of these
 * forms, names no address.
 *
 * <p>Cost is linear: each header is read once, at most {@link #MAX_HEADER_CHARS} characters of it,
 * and at most {@link #MAX_HEADERS} headers.
 */
public final class ReceivedChain {
    /** Headers read, newest first; a real chain has a handful. */
    public static final int MAX_HEADERS = 100;
    /** Characters read of one header; a relay's own header is a few hundred, its HELO at most a line. */
    public static final int MAX_HEADER_CHARS = 8192;

    private ReceivedChain() {
    }

    /**
     * The relay-recorded client address of each header, newest hop first, up to the first header
     * that names none: the hops older than that were written by a host nobody identified, so
     * nothing they say is read.
     */
    public static List<InetAddress> fromAddresses(List<String> receivedHeaders) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String header : receivedHeaders.subList(0, Math.min(MAX_HEADERS, receivedHeaders.size()))) {
            Optional<InetAddress> address = fromAddress(header);
            if (address.isEmpty()) {
                break;
            }
            addresses.add(address.get());
        }
        return addresses;
    }

    /** The address the relay that wrote this header recorded for its client, if it names one. */
    public static Optional<InetAddress> fromAddress(String header) {
        Optional<List<Part>> parts = Tokens.of(header, MAX_HEADER_CHARS);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        List<Part> list = parts.get();
        int from = 0;
        while (from < list.size() && list.get(from).comment()) {
            from++;
        }
        if (from >= list.size() || !list.get(from).isWord("from")) {
            return Optional.empty();
        }
        int end = list.size();
        for (int i = list.size() - 1; i > from; i--) {
            if (list.get(i).isWord("by")) {
                end = i;
                break;
            }
        }
        List<Part> clause = list.subList(from + 1, end);
        for (int i = clause.size() - 1; i >= 0; i--) {
            if (clause.get(i).recorded().isPresent()) {
                return clause.get(i).recorded();
            }
        }
        return eximUnnamedClient(clause);
    }

    /** Exim's {@code from [ADDR]} followed only by {@code (key=value ...)} parts. */
    private static Optional<InetAddress> eximUnnamedClient(List<Part> clause) {
        if (clause.isEmpty() || clause.get(0).comment() || !clause.get(0).text().startsWith("[")) {
            return Optional.empty();
        }
        for (Part part : clause.subList(1, clause.size())) {
            if (!part.comment() || !part.keyValuesOnly()) {
                return Optional.empty();
            }
        }
        return IpLiterals.parse(clause.get(0).text());
    }

    /**
     * A word outside comments, or a top-level comment with its relay-recorded address (if any)
     * and whether it holds nothing but {@code key=value} items.
     */
    private record Part(boolean comment, String text, Optional<InetAddress> recorded, boolean keyValuesOnly) {
        boolean isWord(String word) {
            return !comment && text.equalsIgnoreCase(word);
        }
    }

    /** One pass over the header: words, quoted strings, angle addresses and (nested) comments. */
    private static final class Tokens {
        private final String text;
        private final int limit;
        private int at;

        private Tokens(String text, int limit) {
            this.text = text;
            this.limit = limit;
        }

        /** The parts up to the first ';' (the date follows), or empty when a comment is unbalanced. */
        static Optional<List<Part>> of(String header, int maxChars) {
            return new Tokens(header, Math.min(header.length(), maxChars)).parts();
        }

        private Optional<List<Part>> parts() {
            List<Part> parts = new ArrayList<>();
            while (at < limit) {
                char c = text.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                } else if (c == ';') {
                    break;
                } else if (c == ')') {
                    return Optional.empty();
                } else if (c == '(') {
                    Optional<Part> comment = comment();
                    if (comment.isEmpty()) {
                        return Optional.empty();
                    }
                    parts.add(comment.get());
                } else if (c == '"') {
                    skipPast('"');
                } else if (c == '<') {
                    skipPast('>');
                } else {
                    int start = at;
                    while (at < limit && !Character.isWhitespace(text.charAt(at)) && "();\"<".indexOf(text.charAt(at)) < 0) {
                        at++;
                    }
                    parts.add(new Part(false, text.substring(start, at), Optional.empty(), false));
                }
            }
            return Optional.of(parts);
        }

        private void skipPast(char close) {
            at++;
            while (at < limit && text.charAt(at) != close) {
                at += text.charAt(at) == '\\' ? 2 : 1;
            }
            at++;
        }

        /** A comment from its '(' to the matching ')'; nested comments (Sendmail's "(may be forged)") count as spaces. */
        private Optional<Part> comment() {
            StringBuilder outer = new StringBuilder();
            int depth = 0;
            while (at < limit) {
                char c = text.charAt(at++);
                if (c == '\\') {
                    at++;
                    outer.append(depth == 1 ? "?" : "");
                } else if (c == '(') {
                    depth++;
                    outer.append(depth == 2 ? " " : "");
                } else if (c == ')') {
                    depth--;
                    if (depth == 0) {
                        return Optional.of(commentPart(outer.toString()));
                    }
                } else if (depth == 1) {
                    outer.append(c);
                }
            }
            return Optional.empty();
        }

        private static Part commentPart(String outer) {
            String[] words = outer.trim().split("\\s+");
            Optional<InetAddress> recorded = Optional.empty();
            boolean keyValuesOnly = !outer.isBlank();
            for (int i = 0; i < words.length; i++) {
                String word = words[i];
                keyValuesOnly &= word.indexOf('=') > 0;
                boolean afterHelo = i > 0 && (words[i - 1].equalsIgnoreCase("helo") || words[i - 1].equalsIgnoreCase("ehlo"));
                if (word.startsWith("[") && !afterHelo) {
                    Optional<InetAddress> literal = literal(word);
                    if (literal.isPresent()) {
                        recorded = literal;
                    }
                }
            }
            if (recorded.isEmpty() && words.length == 1) {
                // qmail's (ADDR) or (ident@ADDR), Exchange's (ADDR)
                String word = words[0];
                recorded = word.startsWith("[") || word.indexOf('=') >= 0
                    ? Optional.empty()
                    : IpLiterals.parse(word.substring(word.lastIndexOf('@') + 1));
            }
            return new Part(true, outer, recorded, keyValuesOnly);
        }

        /** {@code [ADDR]}, or Exim's {@code [ADDR]:PORT}. */
        private static Optional<InetAddress> literal(String word) {
            int close = word.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            String rest = word.substring(close + 1);
            if (!rest.isEmpty() && !rest.matches(":[0-9]{1,5}")) {
                return Optional.empty();
            }
            return IpLiterals.parse(word.substring(0, close + 1));
        }
    }
}
