package org.bounceguard.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code scripts/bounce-report [--json] FILE|DIR...}: one row per message, TSV with the header
 * {@code file kind recipients status original_message_id feedback_recipients replying_address x_failed_recipients} or
 * JSON lines. {@code feedback_recipients} and {@code replying_address} are filled for feedback reports (the reported
 * message's recipients) and auto-replies (the address that answered), {@code x_failed_recipients} when the
 * report's header names them (Exim: for a forwarded address, the address that failed). Directories are walked
 * for {@code *.eml}. Exit 0 when every file was read, 1 when some could not be, 2 on a usage error.
 */
public final class BounceReportCli {
    private static final String HEADER = "file\tkind\trecipients\tstatus\toriginal_message_id\tfeedback_recipients\treplying_address\tx_failed_recipients";

    private BounceReportCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        List<String> inputs = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("-h") || arg.equals("--help") || arg.startsWith("--")) {
                err.println("usage: bounce-report [--json] FILE|DIR...");
                return 2;
            } else {
                inputs.add(arg);
            }
        }
        if (inputs.isEmpty()) {
            err.println("usage: bounce-report [--json] FILE|DIR...");
            return 2;
        }
        BounceParser parser = new BounceParser();
        if (!json) {
            out.println(HEADER);
        }
        boolean allRead = true;
        for (String input : inputs) {
            for (String file : files(input, err)) {
                try (InputStream raw = Files.newInputStream(Path.of(file))) {
                    BounceReport report = parser.parse(raw, Optional.empty());
                    out.println(json ? json(file, report) : tsv(file, report));
                } catch (IOException | RuntimeException e) {
                    err.println("bounce-report: cannot read " + file + ": " + e.getMessage());
                    allRead = false;
                }
            }
        }
        return allRead ? 0 : 1;
    }

    /** A file as given, or a directory's *.eml files in name order; a missing path is reported and given back as is. */
    private static List<String> files(String input, PrintStream err) {
        Path path = Path.of(input);
        if (!Files.isDirectory(path)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                .filter(file -> file.getFileName().toString().endsWith(".eml"))
                .map(Path::toString)
                .sorted()
                .toList();
        } catch (IOException e) {
            err.println("bounce-report: cannot list " + input + ": " + e.getMessage());
            return List.of();
        }
    }

    static String tsv(String file, BounceReport report) {
        return String.join("\t", clean(file), report.kind().word(),
            report.recipients().stream().map(FailedRecipient::address).map(BounceReportCli::clean).collect(Collectors.joining(",")),
            report.recipients().stream().map(recipient -> recipient.status().orElse("")).map(BounceReportCli::clean).collect(Collectors.joining(",")),
            clean(report.originalMessageId().orElse("")),
            report.feedbackRecipients().stream().map(BounceReportCli::clean).collect(Collectors.joining(",")),
            clean(report.replyingAddress().orElse("")),
            report.xFailedRecipients().stream().map(BounceReportCli::clean).collect(Collectors.joining(",")));
    }

    static String json(String file, BounceReport report) {
        String recipients = report.recipients().stream()
            .map(recipient -> "{\"address\":" + quote(recipient.address())
                + ",\"status\":" + quote(recipient.status().orElse(""))
                + ",\"action\":" + quote(recipient.action().orElse(""))
                + ",\"diagnostic\":" + quote(recipient.diagnostic().orElse(""))
                + ",\"reporting_mta\":" + quote(recipient.reportingMta().orElse("")) + "}")
            .collect(Collectors.joining(",", "[", "]"));
        return "{\"file\":" + quote(file) + ",\"kind\":" + quote(report.kind().word())
            + ",\"recipients\":" + recipients
            + ",\"original_message_id\":" + quote(report.originalMessageId().orElse(""))
            + ",\"feedback_recipients\":" + report.feedbackRecipients().stream().map(BounceReportCli::quote).collect(Collectors.joining(",", "[", "]"))
            + ",\"replying_address\":" + quote(report.replyingAddress().orElse(""))
            + ",\"x_failed_recipients\":" + report.xFailedRecipients().stream().map(BounceReportCli::quote).collect(Collectors.joining(",", "[", "]")) + "}";
    }

    /** TSV fields cannot hold tabs or line breaks. */
    private static String clean(String value) {
        return value.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
