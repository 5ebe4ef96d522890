package dev.lockstep.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RespArgumentsTest {

    /** One argument as a caller hands it over: raw bytes, a number or an ASCII name. */
    sealed interface Argument permits Bytes, Number, Ascii {
        void addTo(RespArguments ours, CommandArgs<byte[], byte[]> lettuce);
    }

    record Bytes(byte[] value) implements Argument {
        @Override
        public void addTo(RespArguments ours, CommandArgs<byte[], byte[]> lettuce) {
            ours.add(value);
            lettuce.addValue(value);
        }

        @Override
        public String toString() {
            return "Bytes" + Arrays.toString(value);
        }
    }

    record Number(long value) implements Argument {
        @Override
        public void addTo(RespArguments ours, CommandArgs<byte[], byte[]> lettuce) {
            ours.add(value);
            lettuce.add(value);
        }
    }

    record Ascii(String value) implements Argument {
        @Override
        public void addTo(RespArguments ours, CommandArgs<byte[], byte[]> lettuce) {
            ours.addAscii(value);
            lettuce.add(value);
        }
    }

    @Property
    void encodesExactlyAsLettuceEncodesTheSameArguments(@ForAll("argumentLists") List<Argument> arguments,
            @ForAll("capacities") int capacity) {
        RespArguments ours = new RespArguments(capacity);
        CommandArgs<byte[], byte[]> lettuce = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        for (Argument argument : arguments) {
            argument.addTo(ours, lettuce);
        }

        assertThat(ours.count()).isEqualTo(lettuce.count());
        assertThat(Arrays.copyOf(ours.array(), ours.length())).isEqualTo(encoded(lettuce));
    }

    @Test
    void writesBulkStringsWithTheirLengths() {
        RespArguments args = RespArguments.of("t:300000:7".getBytes(StandardCharsets.US_ASCII)).add(-42).add(0);

        assertThat(new String(args.array(), 0, args.length(), StandardCharsets.US_ASCII))
                .isEqualTo("$10\r\nt:300000:7\r\n$3\r\n-42\r\n$1\r\n0\r\n");
        assertThat(args.count()).isEqualTo(3);
    }

    @Test
    void refusesANonAsciiNameNamingTheCharacter() {
        assertThatThrownBy(() -> new RespArguments(8).addAscii("t:é"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 't:é' for an ASCII argument: character 2 is U+e9");
    }

    @Property
    void decimalLengthIsTheLengthOfLongToString(@ForAll long value) {
        assertThat(RespArguments.decimalLength(value)).isEqualTo(Long.toString(value).length());
    }

    @Provide
    Arbitrary<List<Argument>> argumentLists() {
        Arbitrary<Argument> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(Bytes::new);
        Arbitrary<Argument> numbers = Arbitraries.longs().map(Number::new);
        Arbitrary<Argument> ascii = Arbitraries.strings().ascii().ofMaxLength(40).map(Ascii::new);
        return Arbitraries.oneOf(bytes, numbers, ascii).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<Integer> capacities() {
        return Arbitraries.integers().between(0, 4096);
    }

    private static byte[] encoded(CommandArgs<byte[], byte[]> args) {
        ByteBuf buf = Unpooled.buffer();
        args.encode(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
