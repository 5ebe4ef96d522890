package dev.lockstep.app.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code demo}: the whole stack in this process ({@link DemoStack}) until Ctrl-C or SIGTERM.
 *
 * <p>Why signal handlers rather than only a shutdown hook: the broker and redis-server fixtures register
 * their own shutdown hooks, and the JVM runs all hooks at once, in no order; the broker would then go
 * before the streaming app has committed and left its group, and the stop would hang on a dead broker.
 * So SIGINT and SIGTERM stop the stack in order (newest component first) and only then exit the JVM. A
 * shutdown hook remains as the fallback for any other way the JVM exits.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Kafka, Redis, the schema registry, streaming, batch and serving in this process, "
                + "with an event generator; Ctrl-C stops everything.")
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--http-port", defaultValue = "8080", description = "serving port on 127.0.0.1, 0 for any free one (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--registry-port", defaultValue = "0", description = "schema registry REST port on 127.0.0.1, 0 for any free one (default ${DEFAULT-VALUE})")
    int registryPort;

    @Option(names = "--rate", defaultValue = "200", description = "events per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "random seed of the event generator (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--warm-up", defaultValue = "15", description = "seconds of streaming before the batch step (default ${DEFAULT-VALUE})")
    int warmUpSeconds;

    @Option(names = "--status-every", defaultValue = "5", description = "seconds between status lines (default ${DEFAULT-VALUE})")
    int statusSeconds;

    @Option(names = "--work-dir", description = "keep state, archive, training set and model here (default: a temporary directory, deleted at exit)")
    Path workDir;

    private final Object lock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private DemoStack stack;
    private boolean stopping;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        DemoOptions options = new DemoOptions(httpPort, registryPort, GeneratorSettings.defaults(rate, seed),
                Duration.ofSeconds(warmUpSeconds), Duration.ofSeconds(statusSeconds), workDir);
        Signal.handle(new Signal("INT"), signal -> stop(out, "SIGINT"));
        Signal.handle(new Signal("TERM"), signal -> stop(out, "SIGTERM"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(out, "JVM exit"), "lockstep-demo-shutdown"));
        DemoStack started;
        try {
            started = DemoStack.start(options, out);
        } catch (RuntimeException e) {
            synchronized (lock) {
                stopping = true; // DemoStack.start stopped what it had started; nothing is left to stop
            }
            throw e;
        }
        synchronized (lock) {
            stack = started;
            if (stopping) {
                // A signal arrived while starting; it waited for the start to finish.
                started.close();
                stopped.countDown();
            }
        }
        stopped.await();
        return 0;
    }

    private void stop(PrintWriter out, String why) {
        synchronized (lock) {
            if (stopping && stack == null) {
                return;
            }
            stopping = true;
            if (stack == null) {
                out.println("[demo] " + why + ": stopping once the start finishes...");
                out.flush();
                return;
            }
            out.println("[demo] " + why + ": stopping...");
            out.flush();
            stack.close();
            stack = null;
            stopped.countDown();
        }
    }
}
