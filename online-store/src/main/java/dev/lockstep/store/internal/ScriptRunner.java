package dev.lockstep.store.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Lua script for many keys in one pipeline by EVALSHA, re-sending with EVAL (which also caches
 * the script) only the calls that got NOSCRIPT, as after a Redis restart. A NOSCRIPT call did not run,
 * so re-sending it cannot apply anything twice.
 */
public final class ScriptRunner {

    /** One script invocation: its single key, its arguments (ARGV, encoded), and a description for errors. */
    public record Invocation(byte[] key, RespArguments args, String context) {
    }

    private final Pipeline pipeline;

    public ScriptRunner(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    public <T> List<T> run(String operation, LuaScript script, ScriptOutputType type, List<Invocation> invocations) {
        RespArguments sha = RespArguments.of(script.sha1().getBytes(StandardCharsets.US_ASCII));
        List<RespArguments> keys = new ArrayList<>(invocations.size());
        List<Pipeline.Call<T>> bySha = new ArrayList<>(invocations.size());
        for (Invocation inv : invocations) {
            RespArguments key = new RespArguments(inv.key().length + 16).add(1).add(inv.key());
            keys.add(key);
            bySha.add(new Pipeline.Call<>(inv.context(), c -> c.dispatch(CommandType.EVALSHA, this.<T>output(type),
                    new EncodedCall(sha, key, inv.key(), inv.args()))));
        }
        List<Outcome<T>> outcomes = pipeline.run(bySha);

        List<Integer> missing = new ArrayList<>();
        List<Pipeline.Call<T>> byEval = new ArrayList<>();
        RespArguments source = null;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).isFailure() && Failures.isNoScript(outcomes.get(i).failure())) {
                if (source == null) {
                    source = RespArguments.of(script.source().getBytes(StandardCharsets.UTF_8));
                }
                Invocation inv = invocations.get(i);
                RespArguments body = source;
                RespArguments key = keys.get(i);
                missing.add(i);
                byEval.add(new Pipeline.Call<>(inv.context(), c -> c.dispatch(CommandType.EVAL, this.<T>output(type),
                        new EncodedCall(body, key, inv.key(), inv.args()))));
            }
        }
        if (!byEval.isEmpty()) {
            List<Outcome<T>> retried = pipeline.run(byEval);
            for (int j = 0; j < missing.size(); j++) {
                outcomes.set(missing.get(j), retried.get(j));
            }
        }

        List<T> values = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).isFailure()) {
                throw pipeline.failure(operation + " (script " + script.name() + ")", bySha, outcomes, i);
            }
            values.add(outcomes.get(i).value());
        }
        return values;
    }

    /** The reply decoder Lettuce's own {@code evalsha} picks for these output types. */
    @SuppressWarnings("unchecked")
    private <T> CommandOutput<byte[], byte[], T> output(ScriptOutputType type) {
        return switch (type) {
            case MULTI -> (CommandOutput<byte[], byte[], T>) (CommandOutput<?, ?, ?>)
                    new NestedMultiOutput<>(ByteArrayCodec.INSTANCE);
            case INTEGER -> (CommandOutput<byte[], byte[], T>) (CommandOutput<?, ?, ?>)
                    new IntegerOutput<>(ByteArrayCodec.INSTANCE);
            default -> throw new IllegalArgumentException("Invalid value " + type
                    + " for a script's output type: the online store's scripts reply MULTI or INTEGER");
        };
    }

    /**
     * EVALSHA's or EVAL's arguments (script, then numkeys and the key, then ARGV) handed to Lettuce
     * already encoded: it writes the command's header from {@link #count()}, then calls {@link #encode}.
     * A cluster connection routes it by {@link #getFirstEncodedKey()}, which Lettuce's own arguments
     * derive from the keys they were given.
     */
    private static final class EncodedCall extends CommandArgs<byte[], byte[]> {

        private final RespArguments script;
        private final RespArguments key;
        private final byte[] rawKey;
        private final RespArguments argv;

        EncodedCall(RespArguments script, RespArguments key, byte[] rawKey, RespArguments argv) {
            super(ByteArrayCodec.INSTANCE);
            this.script = script;
            this.key = key;
            this.rawKey = rawKey;
            this.argv = argv;
        }

        @Override
        public ByteBuffer getFirstEncodedKey() {
            return ByteBuffer.wrap(rawKey);
        }

        @Override
        public int count() {
            return script.count() + key.count() + argv.count();
        }

        @Override
        public void encode(ByteBuf buf) {
            buf.writeBytes(script.array(), 0, script.length());
            buf.writeBytes(key.array(), 0, key.length());
            buf.writeBytes(argv.array(), 0, argv.length());
        }

        @Override
        public String toString() {
            return "script call, key " + key + ", ARGV " + argv;
        }
    }
}
