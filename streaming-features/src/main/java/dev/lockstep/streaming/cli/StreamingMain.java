package dev.lockstep.streaming.cli;

import dev.lockstep.features.CauseChain;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The streaming app's command line: {@code run --config <file>}, {@code rebuild-redis --config <file>} and
 * {@code reinject-dlq --config <file> --source <name> --reason <code>}.
 * Exit codes: 0 success, 1 failure (the message names what failed), 2 bad arguments (with usage).
 */
@Command(name = "lockstep-streaming", mixinStandardHelpOptions = true,
        description = "Lockstep streaming features: Kafka Streams to Redis.",
        subcommands = {RunCommand.class, RebuildRedisCommand.class, ReinjectDeadLettersCommand.class})
public final class StreamingMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /** Runs the command line with the given streams and environment; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cli = new CommandLine(new StreamingMain(), new EnvFactory(env));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            // Expected failures (config, connection, timeout) get one clear line; the stack only names the cause chain.
            line.getErr().println(line.getCommandName() + " failed: " + CauseChain.describe(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** Without a subcommand: usage, exit 2. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, rebuild-redis or reinject-dlq");
    }


    /** Hands the environment to the commands, so tests need not mutate the process environment. */
    private record EnvFactory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == RunCommand.class) {
                return type.cast(new RunCommand(env));
            }
            if (type == RebuildRedisCommand.class) {
                return type.cast(new RebuildRedisCommand(env));
            }
            if (type == ReinjectDeadLettersCommand.class) {
                return type.cast(new ReinjectDeadLettersCommand(env));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
