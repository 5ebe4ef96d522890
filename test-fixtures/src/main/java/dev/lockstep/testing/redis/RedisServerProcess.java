package dev.lockstep.testing.redis;

import dev.lockstep.testing.FixtureException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real redis-server on a random loopback port, with no persistence, for tests and the embedded default.
 *
 * <p>The server runs under a small shell watchdog that kills it as soon as this JVM is gone, so even a
 * JVM killed with SIGKILL (no shutdown hooks) leaves no redis-server behind. A clean {@link #close()}
 * stops it at once.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServerProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /**
     * Starts redis-server in the background, prints its pid, then polls: when the JVM ($1) dies, or the
     * watchdog is told to stop (TERM), the server goes too.
     */
    private static final String WATCHDOG = String.join("\n",
            "jvm=$1; shift",
            "\"$@\" &",
            "child=$!",
            "echo $child",
            "trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT",
            "while kill -0 $jvm 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.2; done",
            "kill $child 2>/dev/null",
            "wait $child");

    private final Process watchdog;
    /** The server's own working directory, deleted on close (see {@link #launch}). */
    private final Path workDirectory;
    private final ProcessHandle server;
    private final int port;
    private final Thread shutdownHook;
    private boolean closed;

    private RedisServerProcess(Process watchdog, ProcessHandle server, int port, Path workDirectory) {
        this.watchdog = watchdog;
        this.server = server;
        this.port = port;
        this.workDirectory = workDirectory;
        this.shutdownHook = new Thread(this::close, "redis-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server on a free port and waits until it answers PING. */
    public static RedisServerProcess start() {
        return startOnFreePort(List.of(), List.of());
    }

    /**
     * Starts a server that answers plain RESP on a free port (for the readiness PING) and TLS on
     * {@code tlsPort} with the given certificate and key; clients are not asked for certificates.
     */
    public static RedisServerProcess startWithTls(int tlsPort, Path certFile, Path keyFile, Path caCertFile) {
        return startOnFreePort(List.of(), List.of("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certFile.toString(), "--tls-key-file", keyFile.toString(),
                "--tls-ca-cert-file", caCertFile.toString(), "--tls-auth-clients", "no"));
    }

    /**
     * Starts redis-server on a free port with arguments before the port (a config file, which must come
     * first) and after it, retrying on another port if one is taken meanwhile.
     */
    static RedisServerProcess startOnFreePort(List<String> leadingArguments, List<String> extraArguments) {
        Path binary = RedisBinary.locate();
        FixtureException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                return launch(binary, leadingArguments, port, extraArguments);
            } catch (FixtureException e) {
                // Another process can take the free port between our probe and the server's bind.
                last = e;
                log.warn("redis-server attempt {} on port {} failed: {}", attempt, port, e.getMessage());
            }
        }
        throw last;
    }

    /**
     * Starts a server on the given port with extra redis-server arguments (for cluster nodes), one
     * attempt; the caller picks the port and retries.
     */
    static RedisServerProcess startOnPort(int port, List<String> extraArguments) {
        return launch(RedisBinary.locate(), List.of(), port, extraArguments);
    }

    private static RedisServerProcess launch(Path binary, List<String> leadingArguments, int port,
            List<String> extraArguments) {
        List<String> command = new ArrayList<>();
        // In a session of its own: a terminal's Ctrl-C signals the whole foreground process group, and
        // redis-server would stop before the components still writing to it (the demo closes it last).
        // JVM death is still covered by the watchdog's poll.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(List.of("/bin/sh", "-c", WATCHDOG, "redis-watchdog",
                Long.toString(ProcessHandle.current().pid()), binary.toString()));
        command.addAll(leadingArguments);
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning"));
        command.addAll(extraArguments);
        Process watchdog;
        ProcessHandle server;
        Path workDirectory;
        try {
            // A directory of its own: redis-server loads any dump.rdb in its working directory at start, and a
            // replica's full sync makes its primary write one there, so servers sharing a directory (the
            // module's, under Maven) would start with another's data, or fail on another version's file.
            workDirectory = Files.createTempDirectory("redis-" + port + "-");
            watchdog = new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(watchdog.getInputStream(), StandardCharsets.UTF_8));
            String pidLine = out.readLine();
            if (pidLine == null) {
                throw new FixtureException("redis watchdog exited before starting " + binary);
            }
            long pid = Long.parseLong(pidLine.trim());
            server = ProcessHandle.of(pid).orElseThrow(
                    () -> new FixtureException("redis-server (pid " + pid + ") exited at once: " + binary));
            drainInBackground(out, port);
        } catch (IOException | NumberFormatException e) {
            throw new FixtureException("failed to launch " + binary + " on port " + port, e);
        }
        RedisServerProcess process = new RedisServerProcess(watchdog, server, port, workDirectory);
        try {
            process.awaitPong();
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        log.info("redis-server ready on 127.0.0.1:{} (pid {}, {})", port, server.pid(), binary);
        return process;
    }

    /** Forwards the server's own output to our log, so a failure to bind is visible. */
    private static void drainInBackground(BufferedReader out, int port) {
        Thread drain = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    log.info("redis-server:{} {}", port, line);
                }
            } catch (IOException ignored) {
                // The process ended; its stream is closed.
            }
        }, "redis-server-output-" + port);
        drain.setDaemon(true);
        drain.start();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new FixtureException("redis-server exited during start-up on port " + port);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                if ("+PONG".equals(reply)) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            sleepBriefly();
        }
        throw new FixtureException("redis-server did not answer PING on port " + port + " within "
                + READY_TIMEOUT, last);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureException("interrupted while waiting for redis-server", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new FixtureException("no free loopback port for redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** A Redis URI a client library understands, e.g. {@code redis://127.0.0.1:6379}. */
    public String uri() {
        return "redis://" + host() + ":" + port;
    }

    /** The server's CPU time so far, user plus system, all its threads ({@code INFO cpu}), for benchmarks. */
    public double cpuSeconds() {
        try (AdminSocket admin = new AdminSocket(port)) {
            double total = 0;
            for (String line : admin.command(List.of("INFO", "cpu")).split("\\R")) {
                if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return total;
        }
    }

    /** The server's process id, so a test can check that it is gone. */
    public long pid() {
        return server.pid();
    }

    /**
     * Stops the server abruptly (SIGKILL) while leaving this handle usable for {@link #close()}; for
     * outage tests. A stopped server does not come back: start a new one on {@link #port()} if needed.
     */
    public void kill() {
        server.destroyForcibly();
        awaitExit(server);
    }

    /** Starts a fresh server on this server's port, for tests of recovery after an outage. */
    public RedisServerProcess restartOnSamePort() {
        if (server.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running; kill() it first");
        }
        close();
        return launch(RedisBinary.locate(), List.of(), port, List.of());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called from the hook itself.
        }
        server.destroy();
        if (!awaitExit(server)) {
            server.destroyForcibly();
            awaitExit(server);
        }
        watchdog.destroy();
        try {
            watchdog.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteWorkDirectory();
    }

    private void deleteWorkDirectory() {
        try (var files = Files.walk(workDirectory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.warn("could not delete redis-server's working directory {}: {}", workDirectory, e.toString());
        }
    }

    private static boolean awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Fall through to the liveness check.
        }
        return !process.isAlive();
    }
}
