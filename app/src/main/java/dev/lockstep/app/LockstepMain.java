package dev.lockstep.app;

import dev.lockstep.features.CauseChain;
import dev.lockstep.app.demo.DemoCommand;
import dev.lockstep.app.produce.ProduceCommand;
import java.io.InputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lockstep} command line: {@code demo} (the whole stack in one process) and {@code produce}
 * (JSON lines to a source topic in the pipeline's wire format). Exit codes: 0 success, 1 failure (one line
 * naming what failed), 2 bad arguments (with usage).
 */
@Command(name = "lockstep", mixinStandardHelpOptions = true,
        description = "Lockstep: one feature definition, streaming and batch paths that agree bit for bit.",
        subcommands = {DemoCommand.class, ProduceCommand.class})
public final class LockstepMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // serving's jar ships its own logback.xml; name ours explicitly so exactly one config applies.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "lockstep-logback.xml");
        }
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in);
        System.exit(code);
    }

    /** Runs a command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, InputStream in) {
        CommandLine cli = new CommandLine(new LockstepMain(), new Factory(in));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(line.getCommandName() + " failed: " + CauseChain.describe(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** Without a subcommand: usage, exit 2. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: demo or produce");
    }


    /** Hands standard input to {@code produce}, so tests need not replace {@code System.in}. */
    private record Factory(InputStream in) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ProduceCommand.class) {
                return type.cast(new ProduceCommand(in));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
