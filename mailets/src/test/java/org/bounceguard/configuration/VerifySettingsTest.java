package org.bounceguard.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.configuration2.BaseConfiguration;
import org.bounceguard.verify.Backend;
import org.bounceguard.verify.VerificationPolicy;
import org.junit.jupiter.api.Test;

class VerifySettingsTest {
    private static VerifySettings settings(Map<String, String> values) {
        BaseConfiguration configuration = new BaseConfiguration();
        values.forEach(configuration::addProperty);
        return BounceguardSettings.of(Optional.of(configuration)).verify();
    }

    @Test
    void withoutDomainsNothingIsVerified() {
        VerifySettings settings = BounceguardSettings.of(Optional.empty()).verify();
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.policy().failOpen()).isFalse();
        assertThat(settings.store()).isEqualTo("memory");
    }

    @Test
    void everySettingIsRead() {
        VerifySettings settings = settings(Map.ofEntries(
            Map.entry("verify.domains", "Relayed.Example=10.0.0.5:2525, other.example=backend.other.example"),
            Map.entry("verify.cache.positiveTtl", "31d"),
            Map.entry("verify.cache.negativeTtl", "3h"),
            Map.entry("verify.cache.maximumSize", "500"),
            Map.entry("verify.timeout", "3s"),
            Map.entry("verify.probeSender", "verify@gateway.example"),
            Map.entry("verify.heloName", "mx.gateway.example"),
            Map.entry("verify.acceptAll.period", "2h"),
            Map.entry("verify.breaker.failures", "5"),
            Map.entry("verify.breaker.openFor", "1m"),
            Map.entry("verify.perClient.probes", "10"),
            Map.entry("verify.perClient.window", "5m"),
            Map.entry("verify.failOpen", "true"),
            Map.entry("verify.store", "redis")));
        VerificationPolicy policy = settings.policy();
        assertThat(policy.domains()).containsOnly(Map.entry("relayed.example", new Backend("10.0.0.5", 2525)),
            Map.entry("other.example", new Backend("backend.other.example", 25)));
        assertThat(policy.positiveTtl()).isEqualTo(Duration.ofDays(31));
        assertThat(policy.negativeTtl()).isEqualTo(Duration.ofHours(3));
        assertThat(policy.cacheMaximumSize()).isEqualTo(500);
        assertThat(policy.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.probeSender()).contains("verify@gateway.example");
        assertThat(policy.heloName()).isEqualTo("mx.gateway.example");
        assertThat(policy.acceptAllPeriod()).isEqualTo(Duration.ofHours(2));
        assertThat(policy.breakerFailures()).isEqualTo(5);
        assertThat(policy.breakerOpenFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.probesPerClient()).isEqualTo(10);
        assertThat(policy.probesPerClientWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.failOpen()).isTrue();
        assertThat(settings.store()).isEqualTo("redis");
    }

    @Test
    void theNullSenderIsTheDefaultProbeSenderAndMayBeWrittenOut() {
        assertThat(settings(Map.of("verify.probeSender", "<>")).policy().probeSender()).isEmpty();
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("verify.domains", "relayed.example")))
            .hasMessageContaining("verify.domains").hasMessageContaining("domain=host:port");
        assertThatThrownBy(() -> settings(Map.of("verify.domains", "relayed.example=host:99999")))
            .hasMessageContaining("verify.domains");
        assertThatThrownBy(() -> settings(Map.of("verify.domains", "a.example=h:25 A.example=g:25")))
            .hasMessageContaining("named twice");
        assertThatThrownBy(() -> settings(Map.of("verify.probeSender", "x> <y@z")))
            .hasMessageContaining("verify.probeSender");
        assertThatThrownBy(() -> settings(Map.of("verify.heloName", "not a host")))
            .hasMessageContaining("verify.heloName");
        assertThatThrownBy(() -> settings(Map.of("verify.failOpen", "maybe")))
            .hasMessageContaining("verify.failOpen");
        assertThatThrownBy(() -> settings(Map.of("verify.timeout", "0s")))
            .hasMessageContaining("verify.timeout");
    }

    @Test
    void aTypoIsRefusedNamingTheNearestSetting() {
        assertThatThrownBy(() -> settings(Map.of("verify.failopen", "true"))).hasMessageContaining("did you mean verify.failOpen");
        assertThatThrownBy(() -> settings(Map.of("verify.domain", "a.example=h"))).hasMessageContaining("did you mean verify.domains");
    }

    @Test
    void aClusterSharesItsAnswersUnlessToldOtherwise() {
        assertThat(settings(Map.of("redis.url", "redis://127.0.0.1:6379")).store()).isEqualTo("redis");
        assertThat(settings(Map.of("redis.url", "redis://127.0.0.1:6379", "verify.store", "memory")).store()).isEqualTo("memory");
    }
}
