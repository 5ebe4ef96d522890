package dev.lockstep.training;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The model-training CLI: {@code train ...} (see {@link TrainCommand}). */
@Command(name = "model-training", mixinStandardHelpOptions = true, subcommands = TrainCommand.class,
        description = "Train models that Lockstep serving loads.")
public final class TrainingMain {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Training errors print their message (file, line, why) rather than a stack trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new TrainingMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof TrainingException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
    }
}
