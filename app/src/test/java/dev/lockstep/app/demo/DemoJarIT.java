package dev.lockstep.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's way: {@code java -jar target/lockstep.jar demo} as its own process (manifest classpath and
 * Add-Opens), reaching the ready line and answering HTTP; then SIGTERM, as Ctrl-C would send, stops it
 * within seconds with exit code 0, and no process it started (redis-server, its watchdog) is left.
 */
class DemoJarIT {

    private static final Pattern READY = Pattern.compile("^Lockstep demo ready: (http://127\\.0\\.0\\.1:\\d+)$",
            Pattern.MULTILINE);
    private static final Pattern REDIS_PID = Pattern.compile("Redis: redis://127\\.0\\.0\\.1:\\d+ \\(pid (\\d+)");

    @TempDir
    Path dir;

    @Test
    void shouldRunFromTheJarAndStopCleanlyOnSigterm() throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process demo = new ProcessBuilder(java, "-jar", Path.of("target", "lockstep.jar").toString(), "demo",
                "--http-port", "0", "--rate", "300", "--status-every", "2", "--warm-up", "1")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Matcher ready = awaitReady(demo, out);
            URI serving = URI.create(ready.group(1));
            HttpResponse<String> features = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    serving.resolve("/v1/features")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"service\":\"fraud_v1\",\"entities\":[{\"card_id\":\"card-00001\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(features.statusCode()).as(features.body()).isEqualTo(200);
            Matcher redis = REDIS_PID.matcher(Files.readString(out));
            assertThat(redis.find()).isTrue();
            long redisPid = Long.parseLong(redis.group(1));
            List<ProcessHandle> children = demo.toHandle().descendants().toList();
            assertThat(children).extracting(ProcessHandle::pid).contains(redisPid);

            long stopAt = System.nanoTime();
            demo.destroy(); // SIGTERM
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM").isTrue();
            double seconds = (System.nanoTime() - stopAt) / 1e9;
            assertThat(demo.exitValue()).as("exit code; stderr:\n" + tail(err)).isZero();
            assertThat(Files.readString(out)).contains("[demo] SIGTERM: stopping", "[demo] stopped in");
            for (ProcessHandle child : children) {
                child.onExit().get(5, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as("child %d (%s) after the demo stopped", child.pid(),
                        child.info().command().orElse("?")).isFalse();
            }
            System.out.printf("demo stopped %.1f s after SIGTERM%n", seconds);
        } finally {
            demo.destroyForcibly();
            System.out.println(Files.readString(out));
        }
    }

    private static Matcher awaitReady(Process demo, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(Files.readString(out));
            if (ready.find()) {
                return ready;
            }
            assertThat(demo.isAlive()).as("demo exited before the ready line:\n" + Files.readString(out)).isTrue();
            Thread.sleep(250);
        }
        throw new AssertionError("no ready line within 300 s:\n" + Files.readString(out));
    }

    private static String tail(Path file) throws java.io.IOException {
        String text = Files.readString(file);
        return text.substring(Math.max(0, text.length() - 3000));
    }
}
