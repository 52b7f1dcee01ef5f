package org.bounceguard.it.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import javax.mail.FetchProfile;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

import com.sun.mail.imap.IMAPFolder;

/** Reads a mailbox the way a user does: over IMAP. */
public final class Imap {
    private final String host;
    private final int port;

    public Imap(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A delivered message as a user sees it (its header; the tests never need bodies). */
    public record Delivered(String subject, List<String> headerLines) {
        public String header(String name) {
            String prefix = name.toLowerCase() + ":";
            return headerLines.stream()
                .filter(line -> line.toLowerCase().startsWith(prefix))
                .map(line -> line.substring(prefix.length()).trim())
                .findFirst()
                .orElse(null);
        }
    }

    /**
     * The INBOX's messages. James 3.8.1's IMAP server now and then fails a FETCH while mail is
     * being appended to the mailbox ("Cannot load header", "Invalid messageset"); a user's client
     * simply asks again, and so does this one, a few times.
     */
    public List<Delivered> inbox(String user, String password) throws Exception {
        return retried(() -> readInbox(user, password));
    }

    /** The INBOX's messages as the server sends them (RFC 5322 text, header and body), asked again like {@link #inbox}. */
    public List<String> rawInbox(String user, String password) throws Exception {
        return retried(() -> withOpenInbox(user, password, 30_000, inbox -> {
            List<String> messages = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                message.writeTo(raw);
                messages.add(raw.toString(StandardCharsets.ISO_8859_1));
            }
            return messages;
        }));
    }

    private static <R> R retried(Callable<R> read) throws Exception {
        MessagingException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return read.call();
            } catch (MessagingException e) {
                last = e;
                Thread.sleep(300);
            }
        }
        throw last;
    }

    /** How many messages the INBOX holds (IMAP STATUS, no FETCH). */
    public int count(String user, String password) throws Exception {
        return withStore(user, password, 30_000, store -> store.getFolder("INBOX").getMessageCount());
    }

    /** One header's value in every INBOX message (null where absent), fetched in one command. */
    public List<String> headerOfEveryMessage(String user, String password, String header) throws Exception {
        return withOpenInbox(user, password, 120_000, inbox -> {
            Message[] all = inbox.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(header);
            inbox.fetch(all, profile);
            List<String> values = new ArrayList<>();
            for (Message message : all) {
                String[] found = message.getHeader(header);
                values.add(found == null ? null : found[0]);
            }
            return values;
        });
    }

    /** The messages of one of the user's folders (empty when it does not exist). */
    public List<Delivered> folder(String user, String password, String name) throws Exception {
        return withStore(user, password, 30_000, store -> {
            Folder folder = store.getFolder(name);
            if (!folder.exists()) {
                return List.of();
            }
            folder.open(Folder.READ_ONLY);
            try {
                return read(folder);
            } finally {
                folder.close(false);
            }
        });
    }

    private List<Delivered> readInbox(String user, String password) throws Exception {
        return withOpenInbox(user, password, 30_000, Imap::read);
    }

    private static List<Delivered> read(Folder folder) throws Exception {
        if (folder.getMessageCount() == 0) {
            return List.of();
        }
        Message[] all = folder.getMessages();
        // one FETCH for every header, instead of lazy per-message (and per-part) fetches
        FetchProfile headers = new FetchProfile();
        headers.add(IMAPFolder.FetchProfileItem.HEADERS);
        folder.fetch(all, headers);
        List<Delivered> messages = new ArrayList<>();
        for (Message message : all) {
            messages.add(read(message));
        }
        return messages;
    }

    private interface Work<T, R> {
        R apply(T target) throws Exception;
    }

    /** Logs in, works, logs out. */
    private <R> R withStore(String user, String password, int timeoutMillis, Work<Store, R> work) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.imap.connectiontimeout", "30000");
        properties.setProperty("mail.imap.timeout", String.valueOf(timeoutMillis));
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect(host, port, user, password);
        try {
            return work.apply(store);
        } finally {
            store.close();
        }
    }

    /** Logs in, opens the INBOX read-only, works, closes both. */
    private <R> R withOpenInbox(String user, String password, int timeoutMillis, Work<Folder, R> work) throws Exception {
        return withStore(user, password, timeoutMillis, store -> {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return work.apply(inbox);
            } finally {
                inbox.close(false);
            }
        });
    }

    private static Delivered read(Message message) throws Exception {
        List<String> lines = new ArrayList<>();
        java.util.Enumeration<?> headers = ((javax.mail.internet.MimeMessage) message).getAllHeaderLines();
        while (headers.hasMoreElements()) {
            lines.add(((String) headers.nextElement()).replaceAll("\r?\n\\s+", " "));
        }
        return new Delivered(message.getSubject(), lines);
    }

    public static boolean hasSubject(List<Delivered> messages, String subject) {
        return messages.stream().anyMatch(message -> subject.equals(message.subject()));
    }

    static String safeSubject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            return null;
        }
    }
}
