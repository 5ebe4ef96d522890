package dev.lockstep.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class ConfluentWireFormatProperties {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentWireFormat codec = ConfluentWireFormat.autoRegistering(registry);

    ConfluentWireFormatProperties() {
        codec.encode("orders-value", TestSchemas.order());
    }

    @Property(tries = 2000)
    void decodeOfAnyBytesReturnsARecordOrThrowsATypedException(@ForAll @Size(max = 64) byte[] bytes) {
        assertDecodesOrFailsTyped(bytes);
    }

    @Property(tries = 5000)
    void decodeOfGarbageAfterAValidHeaderReturnsARecordOrThrowsATypedException(@ForAll("validHeaderThenGarbage") byte[] bytes) {
        assertDecodesOrFailsTyped(bytes);
    }

    @Property(tries = 2000)
    void decodeOfAnyPrefixOfAValidRecordReturnsItOrThrowsATypedException(@ForAll("validRecordPrefix") byte[] bytes) {
        assertDecodesOrFailsTyped(bytes);
    }

    @Provide
    Arbitrary<byte[]> validHeaderThenGarbage() {
        // Id 1 is registered, so the garbage reaches the Avro decoder; that is where unguarded code breaks.
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(tail -> {
            byte[] bytes = new byte[5 + tail.length];
            bytes[4] = 1;
            System.arraycopy(tail, 0, bytes, 5, tail.length);
            return bytes;
        });
    }

    @Provide
    Arbitrary<byte[]> validRecordPrefix() {
        byte[] valid = codec.encode("orders-value", TestSchemas.order());
        return Arbitraries.integers().between(0, valid.length).map(n -> Arrays.copyOf(valid, n));
    }

    private void assertDecodesOrFailsTyped(byte[] bytes) {
        Throwable failure = catchThrowable(() -> assertThat(codec.decode(bytes, TestSchemas.ORDER_V1).record()).isNotNull());
        if (failure != null) {
            assertThat(failure).isInstanceOfAny(UndecodableRecordException.class, UnknownSchemaException.class);
        }
    }
}
