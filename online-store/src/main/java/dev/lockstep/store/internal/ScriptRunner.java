package dev.lockstep.store.internal;

import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Lua script for many keys in one pipeline by EVALSHA, re-sending with EVAL (which also caches
 * the script) only the calls that got NOSCRIPT, as after a Redis restart. A NOSCRIPT call did not run,
 * so re-sending it cannot apply anything twice.
 */
public final class ScriptRunner {

    /** One script invocation: its single key, its arguments, and a description for errors. */
    public record Invocation(byte[] key, byte[][] args, String context) {
    }

    private final Pipeline pipeline;

    public ScriptRunner(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    public <T> List<T> run(String operation, LuaScript script, ScriptOutputType type, List<Invocation> invocations) {
        List<Pipeline.Call<T>> bySha = new ArrayList<>(invocations.size());
        for (Invocation inv : invocations) {
            bySha.add(new Pipeline.Call<>(inv.context(),
                    c -> c.evalsha(script.sha1(), type, new byte[][] {inv.key()}, inv.args())));
        }
        List<Outcome<T>> outcomes = pipeline.run(bySha);

        List<Integer> missing = new ArrayList<>();
        List<Pipeline.Call<T>> byEval = new ArrayList<>();
        byte[] source = script.source().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).isFailure() && Failures.isNoScript(outcomes.get(i).failure())) {
                Invocation inv = invocations.get(i);
                missing.add(i);
                byEval.add(new Pipeline.Call<>(inv.context(),
                        c -> c.eval(source, type, new byte[][] {inv.key()}, inv.args())));
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
}
