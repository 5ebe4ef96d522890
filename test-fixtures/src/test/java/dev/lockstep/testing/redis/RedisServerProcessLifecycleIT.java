package dev.lockstep.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisServerProcessLifecycleIT {

    @Test
    void shouldStopTheServerProcessOnClose() {
        long pid;
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            pid = redis.pid();
            assertThat(ProcessHandle.of(pid)).isPresent();
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    }

    @Test
    void shouldNotOutliveAJvmKilledWithoutShutdownHooks() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                RedisStarterMain.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long redisPid;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("redis-pid="));
            assertThat(line).as("child JVM should report its redis-server pid").isNotNull();
            redisPid = Long.parseLong(line.substring("redis-pid=".length()));
            assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive)).contains(true);

            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(redisPid).map(ProcessHandle::isAlive).orElse(false)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    }

    /** Runs in a child JVM: starts Redis, reports its pid, and waits to be killed. */
    public static final class RedisStarterMain {
        public static void main(String[] args) throws InterruptedException {
            RedisServerProcess redis = RedisServerProcess.start();
            System.out.println("redis-pid=" + redis.pid());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(2).toMillis());
            redis.close();
        }
    }
}
