package dev.lockstep.batch.cli;

import dev.lockstep.features.CauseChain;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The batch command line: {@code recompute}, {@code backfill}, {@code training-set}, {@code archive}.
 * Exit codes: 0 success, 1 failure (the message names what failed: a file, Redis, Kafka), 2 bad
 * arguments (with usage). Inputs and Redis are checked before any Spark work starts.
 */
@Command(name = "lockstep-batch", mixinStandardHelpOptions = true,
        description = "Lockstep batch features: recompute, backfill Redis, build training sets, archive topics.",
        subcommands = {RecomputeCommand.class, BackfillCommand.class, TrainingSetCommand.class, ArchiveCommand.class})
public final class BatchMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), Clock.systemUTC()));
    }

    /** Runs the command line with the given streams and clock (the backfill's now, and when a recompute read its input); returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Clock clock) {
        CommandLine cli = new CommandLine(new BatchMain(), new Factory(clock));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(line.getCommandName() + " failed: " + CauseChain.describe(e));
            line.getErr().flush();
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Without a subcommand: usage, exit 2. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: recompute, backfill, training-set or archive");
    }


    private record Factory(Clock clock) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == BackfillCommand.class) {
                return type.cast(new BackfillCommand(clock));
            }
            if (type == RecomputeCommand.class) {
                return type.cast(new RecomputeCommand(clock));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
