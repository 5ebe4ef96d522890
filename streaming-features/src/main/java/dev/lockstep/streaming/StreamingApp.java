package dev.lockstep.streaming;

import dev.lockstep.features.agg.IrCodecException;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.streaming.internal.CaughtUpCheck;
import dev.lockstep.streaming.internal.CaughtUpPartitions;
import dev.lockstep.streaming.internal.PartitionCountPublisher;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming app's lifecycle: sets up topics, builds {@link FeatureTopology} and runs it with Kafka
 * Streams. A stream thread that fails (e.g. the online store is unreachable at commit) is replaced: its
 * transaction is aborted and its tasks resume from the last commit, so nothing is lost or counted twice
 * under {@code exactly_once_v2}; only a stored tile the spec cannot decode, which would fail every
 * replacement again, shuts the instance down instead ({@link #stoppedInError()}). Kafka Streams' client
 * metrics are bound to the services' meter registry.
 * Beside the streams, one thread checks every heartbeat interval which source partitions the group has
 * processed to their end, so idle partitions heartbeat how fresh they are ({@link CaughtUpCheck}), and
 * publishes the source topics' partition counts ({@link PartitionCountPublisher}).
 */
public final class StreamingApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingApp.class);
    private static final Duration MIN_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final StreamingConfig config;
    private final FeatureSpec spec;
    private final TopologyServices services;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private Admin admin;
    private ScheduledExecutorService sourceCheckTimer;
    private final CompletableFuture<String> stoppedInError = new CompletableFuture<>();
    /** Why a stream thread's failure shut this instance down, if one did (set before the state reaches ERROR). */
    private volatile String unrecoverable;

    public StreamingApp(StreamingConfig config, FeatureSpec spec, TopologyServices services) {
        this.config = config;
        this.spec = spec;
        this.services = services;
    }

    /** Checks or creates the topics, then starts processing; returns once Kafka Streams has started. */
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("streaming app " + config.applicationId() + " already started");
        }
        StreamsBuilder builder = new StreamsBuilder();
        CaughtUpPartitions caughtUp = new CaughtUpPartitions();
        List<SourcePlan> sources = FeatureTopology.build(builder, spec, config.topology(), services, caughtUp);
        // One Admin client: it sets up the topics, then serves the source checks until close.
        Admin created = Admin.create(config.kafka().clientProperties(Map.of()));
        try {
            new TopicSetup(created, config).ensure(sources);
        } catch (RuntimeException e) {
            created.close(Duration.ofSeconds(5));
            throw e;
        }
        admin = created;
        streams = new KafkaStreams(builder.build(), streamsProperties());
        streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                String why = unrecoverable != null ? unrecoverable
                        : "an instance of the group asked to shut the application down, or no stream thread is left";
                String reason = "Kafka Streams of " + config.applicationId() + " stopped in state ERROR (from "
                        + before + "): " + why + "; nothing is processed any more";
                LOG.error(reason);
                stoppedInError.complete(reason);
            }
        });
        // Kafka Streams' own metrics (consumer lag, commit latency, process rate...) beside ours.
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(services.meters());
        streams.start();
        startSourceChecks(sources, caughtUp);
        LOG.info("streaming app {} started on {} with {} for sources {}", config.applicationId(),
                config.bootstrapServers(), config.processingGuarantee(),
                sources.stream().map(s -> s.source().topic()).toList());
    }

    /**
     * A failed stream thread is replaced, its tasks resuming from the last commit: most failures pass (Redis
     * unreachable at commit, a broker away). A stored tile this spec cannot decode does not: the replacement would
     * fail on the same record for ever, e.g. after a group was changed in place (docs/operations.md, "Change a
     * feature group's definition"). Then this instance shuts down, so its process exits and says why.
     */
    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(Throwable failure) {
        StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response = responseTo(failure);
        if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD) {
            LOG.error("stream thread of {} failed; replacing it, its tasks resume from the last commit",
                    config.applicationId(), failure);
            return response;
        }
        unrecoverable = "a stored tile cannot be read with this spec ("
                + undecodableTile(failure).orElseThrow().getMessage() + "): was a feature group changed in place?"
                + " Define the changed group under a new name (docs/operations.md, \"Change a feature group's"
                + " definition\")";
        LOG.error("stream thread of {} failed on {}; shutting this instance down", config.applicationId(),
                unrecoverable, failure);
        return response;
    }

    /** Replace the thread, unless the failure is a stored tile the spec cannot decode: that one would recur. */
    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse responseTo(Throwable failure) {
        return undecodableTile(failure).isPresent()
                ? StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT
                : StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The innermost codec failure in the chain, whose message is the fingerprint check's own. */
    private static Optional<IrCodecException> undecodableTile(Throwable failure) {
        IrCodecException innermost = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IrCodecException tile) {
                innermost = tile;
            }
        }
        return Optional.ofNullable(innermost);
    }

    /**
     * Every heartbeat interval, on one thread: finds the source partitions the group has processed to
     * their end, so their heartbeats say how fresh they are while no record comes ({@link CaughtUpCheck}),
     * and publishes each source topic's partition count it read on the way, so a partition without
     * heartbeats shows ({@link PartitionCountPublisher}).
     */
    private void startSourceChecks(List<SourcePlan> sources, CaughtUpPartitions caughtUp) {
        Duration every = config.topology().heartbeatInterval();
        // Admin requests get at least 5 s even with short intervals (tests beat every 200 ms).
        Duration timeout = every.compareTo(MIN_CHECK_TIMEOUT) > 0 ? every : MIN_CHECK_TIMEOUT;
        List<String> topics = sources.stream().map(s -> s.source().topic()).toList();
        sourceCheckTimer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, config.applicationId() + "-source-checks");
            thread.setDaemon(true);
            return thread;
        });
        CaughtUpCheck check = new CaughtUpCheck(admin, config.applicationId(), topics, services.clock(), caughtUp,
                timeout, config.topology().clockSkewMargin(),
                new PartitionCountPublisher(services.onlineStore(), services.clock(), sources));
        sourceCheckTimer.scheduleWithFixedDelay(check, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Completes, with the reason, if Kafka Streams stops processing on its own (state ERROR): after that
     * nothing is processed until a restart, so a process should exit rather than stay up looking alive.
     * Never completes on {@link #close()}.
     */
    public CompletionStage<String> stoppedInError() {
        return stoppedInError;
    }

    /** The Kafka Streams state, or {@code CREATED} before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    Properties streamsProperties() {
        Properties props = new Properties();
        // Kafka Streams hands client-level settings (security) to all its consumers, producers and admin.
        props.putAll(config.kafkaClient());
        props.putAll(config.streamsOverrides());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        return props;
    }

    /**
     * Stops processing (committing what was processed) and waits up to 30 s. The instance leaves the
     * consumer group, so its partitions move to another instance (or a restart) at once instead of after
     * the session timeout.
     */
    @Override
    public synchronized void close() {
        if (sourceCheckTimer != null) {
            sourceCheckTimer.shutdownNow();
            sourceCheckTimer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (streams != null) {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            streams = null;
            streamsMetrics.close();
            streamsMetrics = null;
        }
    }
}
