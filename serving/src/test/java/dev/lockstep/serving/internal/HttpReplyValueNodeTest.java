package dev.lockstep.serving.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A feature value's JSON node, built directly, is the node (and so the bytes) Jackson's own conversion gives. */
class HttpReplyValueNodeTest {

    @Property
    void aLongIsTheNodeJacksonWouldBuild(@ForAll long value) {
        assertSameAsJackson(value);
    }

    @Property
    void aDoubleIsTheNodeJacksonWouldBuild(@ForAll double value) {
        assertSameAsJackson(value);
    }

    @Property
    void aStringIsTheNodeJacksonWouldBuild(@ForAll String value) {
        assertSameAsJackson(value);
    }

    @Property(tries = 1)
    void nullBooleansSpecialDoublesAndOtherTypesAreTooAsJacksonWouldBuildThem() {
        for (Object value : new Object[] {null, true, false, Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 7,
                new BigDecimal("1.10"), List.of(1L, "x")}) {
            assertSameAsJackson(value);
        }
    }

    private static void assertSameAsJackson(Object value) {
        JsonNode direct = HttpReply.valueNode(value);
        JsonNode jackson = HttpReply.MAPPER.valueToTree(value);
        assertThat(direct).isEqualTo(jackson);
        assertThat(direct.getClass()).isEqualTo(jackson.getClass());
        assertThat(direct.toString()).isEqualTo(jackson.toString());
    }
}
