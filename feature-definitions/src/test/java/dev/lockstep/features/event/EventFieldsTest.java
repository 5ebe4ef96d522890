package dev.lockstep.features.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventFieldsTest {

    /** A layout whose positions are its fields' indexes in its own list; counts resolutions. */
    private static final class Layout {
        final List<String> fields;
        int resolved;

        Layout(String... fields) {
            this.fields = List.of(fields);
        }

        int position(String field) {
            resolved++;
            return fields.indexOf(field);
        }
    }

    private final EventFields fields = new EventFields(List.of("a", "b"));

    @Test
    void shouldResolveEachOfLayoutsReadSideBySideOnceAndGiveEachItsOwnPositions() {
        List<Layout> layouts = IntStream.range(0, EventFields.LAYOUTS_KEPT)
                .mapToObj(i -> i % 2 == 0 ? new Layout("a", "b") : new Layout("b", "x", "a")).toList();

        for (int round = 0; round < 3; round++) {
            for (Layout layout : layouts) {
                int[] positions = fields.positionsIn(layout, Layout::position);
                assertThat(positions).containsExactly(layout.fields.indexOf("a"), layout.fields.indexOf("b"));
            }
        }

        assertThat(layouts).allSatisfy(layout -> assertThat(layout.resolved).as("one lookup per field, once").isEqualTo(2));
    }

    @Test
    void shouldResolveAgainALayoutPushedOutByMoreRecentOnes() {
        Layout first = new Layout("a", "b");
        fields.positionsIn(first, Layout::position);
        List<Layout> newer = new ArrayList<>();
        for (int i = 0; i < EventFields.LAYOUTS_KEPT; i++) {
            newer.add(new Layout("b", "a"));
            fields.positionsIn(newer.get(i), Layout::position);
        }

        assertThat(fields.positionsIn(first, Layout::position)).containsExactly(0, 1);
        assertThat(first.resolved).isEqualTo(4);
        assertThat(fields.positionsIn(newer.get(EventFields.LAYOUTS_KEPT - 1), Layout::position)).containsExactly(1, 0);
        assertThat(newer.get(EventFields.LAYOUTS_KEPT - 1).resolved).as("the latest stays").isEqualTo(2);
    }

    @Test
    void shouldCompareLayoutsByIdentity() {
        Layout one = new Layout("a", "b");
        Layout equalButAnother = new Layout("a", "b");

        fields.positionsIn(one, Layout::position);
        fields.positionsIn(equalButAnother, Layout::position);

        assertThat(equalButAnother.resolved).isEqualTo(2);
    }
}
