package dev.lockstep.streaming.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The logging configuration the streaming app ships (src/main/resources/logback.xml, what its image runs
 * with; tests use logback-test.xml): it parses cleanly, and warnings of the app and its clients reach stdout.
 */
class ShippedLoggingConfigTest {

    @Test
    void shouldLogTheAppAtInfoAndItsClientLibrariesOnlyWhenTheyWarn() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
        assertThat(context.getLogger("dev.lockstep.streaming.internal.DeadLetters").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.kafka.clients.producer.KafkaProducer").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.kafka.streams.KafkaStreams").getEffectiveLevel())
                .as("state changes").isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.lettuce.core.RedisClient").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNotNull();
        context.stop();
    }
}
