package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BounceReportCliTest {
    private static final Path BOUNCES = Path.of(System.getProperty("bounceguard.corpus.dir", "../../shared/corpus")).resolve("bounces");

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BounceReportCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tsvRowsCarryKindRecipientsStatusAndOriginalId() {
        String file = BOUNCES.resolve("lhost-postfix-10.eml").toString();
        Run run = run(file);

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).containsExactly(
            "file\tkind\trecipients\tstatus\toriginal_message_id\tfeedback_recipients\treplying_address\tx_failed_recipients",
            file + "\tfailure\tkijitora@example.jp\t5.1.8\t20150213024544.6666920BF0@vagrant-centos65.vagrantup.com\t\t\t");
    }

    @Test
    void feedbackAndAutoReplyRowsNameWhomTheyAreAbout() {
        String feedback = BOUNCES.resolve("arf-17.eml").toString();
        String autoReply = BOUNCES.resolve("rfc3834-02.eml").toString();
        Run run = run(feedback, autoReply);

        assertThat(run.out().lines()).containsExactly(
            "file\tkind\trecipients\tstatus\toriginal_message_id\tfeedback_recipients\treplying_address\tx_failed_recipients",
            feedback + "\tfeedback\t\t\tEEEEEEEE-0000-0000-0000-EEEEEEEE2222@example.net\tkijitora@example.com,sabatora@example.net\t\t",
            autoReply + "\tauto-reply\t\t\t\t\tnekonyaan@example.org\t");
        assertThat(run("--json", feedback, autoReply).out().lines()).satisfiesExactly(
            line -> assertThat(line).contains("\"kind\":\"feedback\"", "\"recipients\":[]",
                "\"feedback_recipients\":[\"kijitora@example.com\",\"sabatora@example.net\"]", "\"replying_address\":\"\""),
            line -> assertThat(line).contains("\"kind\":\"auto-reply\"", "\"feedback_recipients\":[]", "\"replying_address\":\"nekonyaan@example.org\""));
    }

    @Test
    void jsonLinesAndDirectories() {
        Run run = run("--json", BOUNCES.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().count()).isEqualTo(318);
        assertThat(run.out().lines()).allMatch(line -> line.startsWith("{\"file\":") && line.endsWith("}"));
    }

    @Test
    void unreadableFilesAreReportedAndTheRestContinues() {
        Run run = run("/no/such/file.eml", BOUNCES.resolve("arf-02.eml").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("/no/such/file.eml");
        assertThat(run.out()).contains("\tfeedback\t");
    }

    @Test
    void usageErrors() {
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run("--xml", "a.eml").exit()).isEqualTo(2);
    }
}
