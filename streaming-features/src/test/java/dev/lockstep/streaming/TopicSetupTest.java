package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.spec.FeatureSpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long the tile topic keeps a record: as long as a read can use its tile, over the streamed groups. */
class TopicSetupTest {

    @Test
    void shouldKeepTileRecordsForTheLongestStreamedReadPlusAHopTheFutureSkewAndADay() {
        var spec = FeatureSpecLoader.load("""
                sources:
                  txns:
                    topic: txns
                    schema: classpath:schemas/Transaction.avsc
                    entity_key: card_id
                    event_time: event_time
                    allowed_lateness: 10m
                    max_future_skew: 2m
                feature_groups:
                  streamed:
                    source: txns
                    freshness: 1m
                    features:
                      - {name: n_10m, agg: count, window: 10m}
                  yearly:
                    source: txns
                    freshness: 1d
                    features:
                      - {name: n_365d, agg: count, window: 365d}
                """, Path.of("."), "inline.yaml");

        // 10 minutes on a 5-minute hop: read for 15 minutes after a tile's end; a record is at most a hop
        // and the future skew older than that end. The batch-only group's tiles never reach the topic.
        assertThat(TopicSetup.tileRetention(FeatureTopology.streamedSources(spec)))
                .isEqualTo(Duration.ofMinutes(15 + 5 + 2).plusDays(1));
    }
}
