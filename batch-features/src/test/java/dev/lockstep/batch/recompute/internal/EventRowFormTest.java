package dev.lockstep.batch.recompute.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRowFormTest {

    @Test
    void shouldSerializeEveryColumnValueTypeAndComeBackEqual() throws Exception {
        EventRow row = new EventRow("card-ü", "t1", 1_000L, 1_500L, 2, 77L,
                new Object[] {null, 42L, -0.0, Double.NaN, "DE", true, false, ""}, true);
        EventRow noId = new EventRow("c", null, -5L, 0L, 0, 0L, new Object[0], false);

        List<?> back = roundTrip(List.of(row, noId));

        EventRow first = (EventRow) back.get(0);
        assertThat(first.entityKey()).isEqualTo("card-ü");
        assertThat(first.eventId()).isEqualTo("t1");
        assertThat(List.of(first.eventTime(), first.arrival(), first.offset())).containsExactly(1_000L, 1_500L, 77L);
        assertThat(first.partition()).isEqualTo(2);
        assertThat(first.inRange()).isTrue();
        assertThat(first.values()).containsExactly(null, 42L, -0.0, Double.NaN, "DE", true, false, "");
        assertThat(Double.doubleToRawLongBits((Double) first.values()[2])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        EventRow second = (EventRow) back.get(1);
        assertThat(second.eventId()).isNull();
        assertThat(second.values()).isEmpty();
        assertThat(second.inRange()).isFalse();
    }

    @Test
    void shouldRefuseAColumnValueOfAnotherType() {
        EventRow row = new EventRow("c", null, 0L, 0L, 0, 9L, new Object[] {new StringBuilder("x")}, true);

        assertThatThrownBy(() -> roundTrip(List.of(row))).isInstanceOf(IOException.class)
                .hasMessageContaining("c@0/9").hasMessageContaining("java.lang.StringBuilder")
                .isNotInstanceOf(NotSerializableException.class);
    }

    private static List<?> roundTrip(List<EventRow> rows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new java.util.ArrayList<>(rows));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (List<?>) in.readObject();
        }
    }
}
