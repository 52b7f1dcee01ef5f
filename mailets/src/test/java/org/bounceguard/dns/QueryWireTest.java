package org.bounceguard.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class QueryWireTest {
    @ParameterizedTest
    @ValueSource(strings = {"2.0.0.127.zen.spamhaus.org", "1.0.0.127.Bl.SpamCop.net.", "test.dbl.example",
        "a-b_c.x", "f.e.d.c.b.a.9.8.7.6.5.4.3.2.1.0.f.e.d.c.b.a.9.8.7.6.5.4.3.2.1.0.zone.test"})
    void plainNamesAreWrittenAsDnsjavaWritesThem(String name) throws Exception {
        for (int type : new int[] {Type.A, Type.TXT}) {
            byte[] dnsjava = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)).toWire();

            byte[] direct = QueryWire.encode(name, type);

            // the id (first two bytes) differs: dnsjava draws one, ours is replaced when sent
            assertThat(Arrays.copyOfRange(direct, 2, direct.length)).isEqualTo(Arrays.copyOfRange(dnsjava, 2, dnsjava.length));
            assertThat(QueryPort.questionLength(direct)).isEqualTo(direct.length - 12);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", ".a.b", "a\\.b.zone", "caf\u00e9.zone", "a b.zone", "a/b.zone"})
    void anythingElseIsLeftToDnsjava(String name) {
        assertThat(QueryWire.encode(name, Type.A)).isNull();
    }

    @org.junit.jupiter.api.Test
    void labelsAndNamesOverTheLimitsAreLeftToDnsjava() {
        assertThat(QueryWire.encode("a".repeat(63) + ".zone", Type.A)).isNotNull();
        assertThat(QueryWire.encode("a".repeat(64) + ".zone", Type.A)).isNull();
        String longest = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61)); // 253 characters
        assertThat(QueryWire.encode(longest, Type.A)).isNotNull();
        assertThat(QueryWire.encode(longest + "d", Type.A)).isNull();
    }
}
