package dev.lockstep.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerLifecycleIT {

    @Test
    void shouldLeaveNoNonDaemonThreadBehindAfterClose() {
        Set<Thread> before = liveNonDaemonThreads();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            assertThat(broker.bootstrapServers()).matches("[^,]+:\\d+");
            assertThat(liveNonDaemonThreads()).hasSizeGreaterThan(before.size());
        }

        Set<Thread> leaked = liveNonDaemonThreads();
        leaked.removeAll(before);
        assertThat(leaked).extracting(Thread::getName).isEmpty();
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !thread.isDaemon())
                .collect(Collectors.toSet());
    }
}
