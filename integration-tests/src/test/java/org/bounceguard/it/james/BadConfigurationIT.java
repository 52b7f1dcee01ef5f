package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.bounceguard.it.support.BounceguardJames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken Bounceguard setting stops James at start-up with a message that names the component,
 * the parameter and the bad value - one case per kind of parameter - and so does a misspelt one:
 * a settings key, a mailet parameter or an SMTP hook's element that does not exist, named with the nearest that does. Real James 3.8.1 starts from
 * conf/, each with one deliberate mistake.
 */
class BadConfigurationIT {
    @TempDir
    Path temp;

    private String failure(Map<String, String> properties, String file, String from, String to) throws Exception {
        Path workingDirectory = Files.createTempDirectory(temp, "james");
        return BounceguardJames.startupFailure(workingDirectory, properties, file == null ? Map.of() : Map.of(file, Map.of(from, to)));
    }

    @Test
    void aBadZoneSpecInAMailetParameter() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "bl.spamcop.net=127.0.0.2*2,", "bl.spamcop.net=127.0.0.2*two,"))
            .contains("DnsblCheck").contains("'zones'").contains("bl.spamcop.net=127.0.0.2*two");
    }

    @Test
    void aBadMatcherCondition() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "DnsblScoreAtLeast=3", "DnsblScoreAtLeast=three"))
            .contains("DnsblScoreAtLeast").contains("'three'");
    }

    @Test
    void aBadGuardParameterOfAWrappedBounceMailet() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "<dnsblThreshold>1</dnsblThreshold>", "<dnsblThreshold>one</dnsblThreshold>"))
            .contains("GuardedDSNBounce").contains("'dnsblThreshold'").contains("'one'");
    }

    @Test
    void aBadDurationInBounceguardProperties() throws Exception {
        assertThat(failure(Map.of("dnsbl.deadline", "soon"), null, null, null))
            .contains("bounceguard.properties").contains("dnsbl.deadline").contains("'soon'");
    }

    @Test
    void aShortBatvKeyNamesTheSettingButNeverTheSecret() throws Exception {
        String failure = failure(Map.of("batv.keys", "1:short-secret"), null, null, null);
        assertThat(failure).contains("batv.keys").doesNotContain("short-secret");
    }

    @Test
    void anUnknownNdrModeNamesTheModesThereAre() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "<mode>dubious-source</mode>", "<mode>strict</mode>"))
            .contains("GuardedDSNBounce").contains("'mode'").contains("'strict'").contains("authenticated-only");
    }

    @Test
    void aShortLedgerSecretNamesTheSettingButNeverTheSecret() throws Exception {
        String failure = failure(Map.of("ledger.secret", "tiny-ledger"), null, null, null);
        assertThat(failure).contains("ledger.secret").doesNotContain("tiny-ledger");
    }

    @Test
    void anUnknownLedgerStoreNamesTheStoresThereAre() throws Exception {
        assertThat(failure(Map.of("ledger.store", "postgres"), null, null, null))
            .contains("ledger.store").contains("'postgres'").contains("blobstore").contains("redis");
    }

    @Test
    void aRedisStoreWithoutRedisUrlNamesTheMissingSetting() throws Exception {
        assertThat(failure(Map.of("ledger.store", "redis"), null, null, null))
            .contains("ledger.store = 'redis' needs redis.url");
    }

    @Test
    void aBadRedisUrlNamesTheSettingButNeverThePassword() throws Exception {
        String failure = failure(Map.of("redis.url", "http://:redis-secret-password@redis.example:6379"), null, null, null);
        assertThat(failure).contains("redis.url").contains("rediss://");
        assertThat(failure).doesNotContain("redis-secret-password");
    }

    @Test
    void aMisspeltKeyInBounceguardPropertiesNamesTheFileTheKeyAndTheNearestSetting() throws Exception {
        assertThat(failure(Map.of(), "bounceguard.properties", "dnsbl.deadline=2s", "dnsbl.dedline=2s"))
            .contains("bounceguard.properties").contains("'dnsbl.dedline'").contains("did you mean dnsbl.deadline?");
    }

    @Test
    void aMisspeltOverrideAsSystemPropertyNamesThePropertyAndTheNearestSetting() throws Exception {
        assertThat(failure(Map.of("dnsbl.dedline", "2s"), null, null, null))
            .contains("system property bounceguard.dnsbl.dedline").contains("did you mean bounceguard.dnsbl.deadline?");
    }

    @Test
    void anOverrideAsSystemPropertyWithoutItsSectionNamesTheSettingItMeant() throws Exception {
        assertThat(failure(Map.of("deadline", "2s"), null, null, null))
            .contains("system property bounceguard.deadline").contains("did you mean bounceguard.dnsbl.deadline?");
    }

    @Test
    void anUnknownParameterOfToRecipientFolderNamesTheNearestParameter() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "<mailet match=\"All\" class=\"org.bounceguard.mailets.RecordBackscatter\"/>",
            "<mailet match=\"All\" class=\"org.bounceguard.mailets.RecordBackscatter\"/>\n"
                + "<mailet match=\"RecipientIsLocal\" class=\"org.bounceguard.mailets.ToRecipientFolder\"><foldr>Junk</foldr></mailet>"))
            .contains("ToRecipientFolder: unknown parameter 'foldr'").contains("did you mean 'folder'?");
    }

    @Test
    void aDnsblListedZoneNoDnsblCheckLooksUpNamesTheNearestZone() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "org.bounceguard.matchers.DnsblScoreAtLeast=3",
            "org.bounceguard.matchers.DnsblListed=bl.spamcop.nt"))
            .contains("DnsblListed").contains("'bl.spamcop.nt'").contains("never match").contains("did you mean 'bl.spamcop.net'?");
    }

    @Test
    void aDnsblListedConditionNamingALookedUpZoneStarts(@TempDir Path workingDirectory) throws Exception {
        BounceguardJames.startAndStop(workingDirectory, Map.of(),
            Map.of("mailetcontainer.xml", Map.of("org.bounceguard.matchers.DnsblScoreAtLeast=3", "org.bounceguard.matchers.DnsblListed=BL.SpamCop.net")),
            () -> { });
    }

    @Test
    void anUnknownParameterOfAWrappedBounceMailetNamesTheMailetAndTheNearestParameter() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "<dnsblThreshold>1</dnsblThreshold>", "<dnsblTreshold>1</dnsblTreshold>"))
            .contains("GuardedDSNBounce").contains("unknown parameter 'dnsblTreshold'").contains("did you mean 'dnsblThreshold'?");
    }

    @Test
    void anUnknownParameterOfDnsblCheckNamesTheMailetAndTheNearestParameter() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "<header>X-Bounceguard-Dnsbl</header>", "<headr>X-Bounceguard-Dnsbl</headr>"))
            .contains("DnsblCheck").contains("unknown parameter 'headr'").contains("did you mean 'header'?");
    }

    @Test
    void aMisspeltGuardParameterOfGuardedIsRefusedRatherThanHandedToTheWrappedMailet() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "<mailet>VacationMailet</mailet>",
            "<mailet>VacationMailet</mailet><dnsblTreshold>3</dnsblTreshold>"))
            .contains("Guarded(VacationMailet): unknown parameter 'dnsblTreshold'; did you mean 'dnsblThreshold'?");
    }

    @Test
    void aMailetGuardedCannotFindNamesItsParameterAndTheClass() throws Exception {
        assertThat(failure(Map.of(), "mailetcontainer.xml", "<mailet>VacationMailet</mailet>", "<mailet>VacationMailets</mailet>"))
            .contains("Guarded: parameter 'mailet': James has no mailet 'VacationMailets'");
    }

    @Test
    void anUnknownElementInAnSmtpHooksHandlerNamesTheHookAndTheNearestParameter() throws Exception {
        assertThat(failure(Map.of(), "smtpserver.xml", "<rejectUnsignedBounces>false</rejectUnsignedBounces>",
            "<rejectUnsignedBounce>false</rejectUnsignedBounce>"))
            .contains("BatvRcptHook: unknown parameter 'rejectUnsignedBounce'; did you mean 'rejectUnsignedBounces'?");
    }

    @Test
    void aMisspeltParameterOfTheRcptRefusalNamesTheNearestOne() throws Exception {
        assertThat(failure(Map.of(), "smtpserver.xml", "<rejectThreshold>5</rejectThreshold>", "<rejectTreshold>5</rejectTreshold>"))
            .contains("DnsblRcptRefusal: unknown parameter 'rejectTreshold'; did you mean 'rejectThreshold'?");
    }
}
