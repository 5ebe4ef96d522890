package dev.lockstep.parity.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The parity command line: {@code parity check ...} (docs/parity.md). */
@Command(name = "parity", mixinStandardHelpOptions = true, subcommands = CheckCommand.class,
        description = "Online/offline parity for on-call.")
public final class ParityMain implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (0: parity within threshold, 1: over it, 2: usage). */
    public static int execute(String... args) {
        return new CommandLine(new ParityMain()).execute(args);
    }

    /** {@link #execute(String...)} writing to the given streams, for tests and embedding. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new ParityMain()).setOut(out).setErr(err).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a subcommand: check");
    }
}
