package dev.lockstep.serving.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** A caller's request id is kept exactly when it is 1-128 visible ASCII characters; made ones never repeat. */
class RequestIdsProperties {

    private final RequestIds ids = new RequestIds();

    @Property
    void shouldKeepAValidCallerIdAndRefuseAnyOther(@ForAll String header) {
        boolean valid = !header.isEmpty() && header.length() <= 128
                && header.chars().allMatch(c -> c >= '!' && c <= '~');
        if (valid) {
            assertThat(ids.of(header)).isEqualTo(header);
            assertThat(ids.ofOrNew(header)).isEqualTo(header);
        } else {
            assertThatThrownBy(() -> ids.of(header)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("invalid_request_id");
            });
            assertThat(ids.ofOrNew(header)).isNotEqualTo(header).matches("[0-9a-f]{16}-[0-9a-z]+");
        }
    }

    @Property
    void shouldKeepEveryIdOfVisibleAsciiUpTo128Characters(
            @ForAll @CharRange(from = '!', to = '~') @StringLength(min = 1, max = 128) String header) {
        assertThat(ids.of(header)).isEqualTo(header);
    }

    @Example
    void shouldKeepAOneCharacterIdExactlyWhenItIsVisibleAscii() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String header = String.valueOf((char) c);
            if (c >= '!' && c <= '~') {
                assertThat(ids.of(header)).isEqualTo(header);
            } else {
                assertThat(ids.ofOrNew(header)).as("character %d", c).isNotEqualTo(header);
            }
        }
    }

    @Property(tries = 20)
    void shouldNeverMakeTheSameIdTwice(@ForAll @IntRange(min = 1, max = 5_000) int count) {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < count; i++) {
            assertThat(made.add(ids.of(null))).isTrue();
        }
    }
}
