package dev.lockstep.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalTest {

    @Property
    void parsesEveryLongAsLongParseLongDoes(@ForAll long value) {
        byte[] text = ("x:" + value + ":").getBytes(StandardCharsets.US_ASCII);

        assertThat(Decimal.parse(text, 2, text.length - 1)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "1a", " 1", "1-", "--1", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999"})
    void rejectsWhatIsNotADecimalLong(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> Decimal.parse(bytes, 0, bytes.length)).isInstanceOf(NumberFormatException.class);
    }
}
