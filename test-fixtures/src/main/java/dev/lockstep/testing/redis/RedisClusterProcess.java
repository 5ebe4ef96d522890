package dev.lockstep.testing.redis;

import dev.lockstep.testing.FixtureException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster on loopback ports: each node a {@link RedisServerProcess} with cluster mode on, the
 * 16,384 hash slots split evenly in order over the primaries, optionally replicas of each primary, the
 * nodes introduced by CLUSTER MEET, ready once every node reports {@code cluster_state:ok} and every
 * replica's link to its primary is up. For tests of clients that route by slot and follow failovers.
 */
public final class RedisClusterProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisClusterProcess.class);
    public static final int SLOTS = 16_384;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** Redis 6.2 (the bundled binary) has no cluster-port setting: its bus listens on the port + 10,000. */
    private static final int BUS_OFFSET = 10_000;
    /** Client ports here, bus ports 20,000-32,000: both below Linux's ephemeral range (32,768 up). */
    private static final int LOWEST_PORT = 10_000;
    private static final int PORT_SPAN = 12_000;
    private static final int START_ATTEMPTS = 5;
    /** How long the others wait before they mark a silent node as failed (and the cluster as down). */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);

    private final List<RedisServerProcess> nodes;
    private final List<RedisServerProcess> replicas;
    private final Path directory;

    private RedisClusterProcess(List<RedisServerProcess> nodes, List<RedisServerProcess> replicas, Path directory) {
        this.nodes = nodes;
        this.replicas = replicas;
        this.directory = directory;
    }

    /** Starts {@code primaries} nodes (at least 3, as Redis Cluster expects) and waits until the cluster is up. */
    public static RedisClusterProcess start(int primaries) {
        return start(primaries, 0);
    }

    /**
     * Starts {@code primaries} primaries (at least 3) with {@code replicasPerPrimary} replicas each, and
     * waits until the cluster is up and every replica follows its primary.
     */
    public static RedisClusterProcess start(int primaries, int replicasPerPrimary) {
        if (primaries < 3) {
            throw new IllegalArgumentException("a Redis Cluster needs at least 3 primaries, got " + primaries);
        }
        if (replicasPerPrimary < 0) {
            throw new IllegalArgumentException("replicas per primary must not be negative, got " + replicasPerPrimary);
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("lockstep-redis-cluster");
        } catch (IOException e) {
            throw new FixtureException("cannot create a directory for the cluster's node files", e);
        }
        List<RedisServerProcess> nodes = new ArrayList<>();
        List<RedisServerProcess> replicas = new ArrayList<>();
        RedisClusterProcess cluster = new RedisClusterProcess(nodes, replicas, directory);
        try {
            for (int i = 0; i < primaries; i++) {
                nodes.add(startNode(directory));
            }
            for (int i = 0; i < primaries * replicasPerPrimary; i++) {
                replicas.add(startNode(directory));
            }
            cluster.assignSlotsAndMeet();
            cluster.attachReplicas(replicasPerPrimary);
            cluster.awaitReady();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        log.info("Redis Cluster ready: {}", cluster.uri());
        return cluster;
    }

    private static RedisServerProcess startNode(Path directory) {
        FixtureException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePortWithFreeBus();
            try {
                return RedisServerProcess.startOnPort(port, nodeArguments(directory, port));
            } catch (FixtureException e) {
                last = e;
                log.warn("cluster node attempt {} on port {} failed: {}", attempt, port, e.getMessage());
            }
        }
        throw last;
    }

    private static List<String> nodeArguments(Path directory, int port) {
        return List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()), "--dir", directory.toString());
    }

    private void assignSlotsAndMeet() {
        for (int i = 0; i < nodes.size(); i++) {
            List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            IntStream.range(firstSlot(i), firstSlot(i + 1)).mapToObj(Integer::toString).forEach(command::add);
            try (AdminSocket node = new AdminSocket(nodes.get(i).port())) {
                node.command(command);
            }
        }
        try (AdminSocket first = new AdminSocket(nodes.get(0).port())) {
            for (RedisServerProcess other : all().subList(1, all().size())) {
                first.command(List.of("CLUSTER", "MEET", other.host(), Integer.toString(other.port())));
            }
        }
    }

    /** Replica j of primary i is {@code replicas[i * perPrimary + j]}; each must know its primary first. */
    private void attachReplicas(int perPrimary) {
        if (replicas.isEmpty()) {
            return;
        }
        awaitAllKnown();
        for (int i = 0; i < nodes.size(); i++) {
            String primaryId;
            try (AdminSocket primary = new AdminSocket(nodes.get(i).port())) {
                primaryId = primary.command(List.of("CLUSTER", "MYID"));
            }
            for (RedisServerProcess replica : replicas.subList(i * perPrimary, (i + 1) * perPrimary)) {
                try (AdminSocket admin = new AdminSocket(replica.port())) {
                    admin.command(List.of("CLUSTER", "REPLICATE", primaryId));
                }
            }
        }
    }

    private void awaitAllKnown() {
        awaitCondition("every node to know the others", node -> field(clusterInfo(node), "cluster_known_nodes")
                .equals(Integer.toString(all().size())));
    }

    private int firstSlot(int node) {
        return (int) ((long) SLOTS * node / nodes.size());
    }

    private void awaitReady() {
        awaitCondition("the cluster to be ok and every replica linked", node -> {
            String info = clusterInfo(node);
            boolean ok = field(info, "cluster_state").equals("ok")
                    && field(info, "cluster_known_nodes").equals(Integer.toString(all().size()));
            return ok && (!replicas.contains(node) || field(replication(node), "master_link_status").equals("up"));
        });
        // A replica asks for votes with its primary's config epoch as it knows it; one that still knows the epoch
        // before the start-up's epoch collisions were resolved (0) is denied, and its failover never happens
        // (seen with Redis 6.2 when a test killed a primary within a second of start-up).
        awaitCondition("every node to agree on every node's config epoch, and the primaries' to differ", node -> {
            Map<String, String> seen = configEpochs(node);
            Map<String, String> first = configEpochs(nodes.get(0));
            return seen.equals(first) && nodes.stream().map(primary -> first.get(nodeId(primary))).distinct().count()
                    == nodes.size();
        });
    }

    /** Node id -> config epoch, as {@code node} sees the cluster ({@code CLUSTER NODES}). */
    private static Map<String, String> configEpochs(RedisServerProcess node) {
        Map<String, String> epochs = new TreeMap<>();
        try (AdminSocket admin = new AdminSocket(node.port())) {
            admin.command(List.of("CLUSTER", "NODES")).lines().map(line -> line.split(" "))
                    .filter(fields -> fields.length > 6).forEach(fields -> epochs.put(fields[0], fields[6]));
        }
        return epochs;
    }

    private static String nodeId(RedisServerProcess node) {
        try (AdminSocket admin = new AdminSocket(node.port())) {
            return admin.command(List.of("CLUSTER", "MYID"));
        }
    }

    private void awaitCondition(String what, Predicate<RedisServerProcess> holds) {
        Polling.await(what, READY_TIMEOUT, () -> all().stream().allMatch(holds), () -> all().stream()
                .map(n -> n.port() + ": " + field(clusterInfo(n), "cluster_state") + ", "
                        + field(clusterInfo(n), "cluster_known_nodes") + " nodes known")
                .collect(Collectors.joining("; ")));
    }

    private static String clusterInfo(RedisServerProcess node) {
        try (AdminSocket admin = new AdminSocket(node.port())) {
            return admin.command(List.of("CLUSTER", "INFO"));
        }
    }

    private static String replication(RedisServerProcess node) {
        try (AdminSocket admin = new AdminSocket(node.port())) {
            return admin.command(List.of("INFO", "replication"));
        }
    }

    private List<RedisServerProcess> all() {
        List<RedisServerProcess> all = new ArrayList<>(nodes);
        all.addAll(replicas);
        return all;
    }

    private static String field(String info, String name) {
        return info.lines().filter(line -> line.startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElse("?");
    }

    private static int freePortWithFreeBus() {
        for (int tries = 0; tries < 100; tries++) {
            int port = LOWEST_PORT + ThreadLocalRandom.current().nextInt(PORT_SPAN);
            if (isFree(port) && isFree(port + BUS_OFFSET)) {
                return port;
            }
        }
        throw new FixtureException("no free pair of loopback ports (client, client + " + BUS_OFFSET
                + ") for a cluster node");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The primaries as started, in slot order: primary i serves slots {@code [16384*i/n, 16384*(i+1)/n)}. */
    public List<RedisServerProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The replicas as started: those of primary i first, then of primary i + 1. */
    public List<RedisServerProcess> replicas() {
        return List.copyOf(replicas);
    }

    /**
     * Stops primary {@code index} abruptly (SIGKILL), for outage tests; {@link #restart} brings it back. With
     * replicas, one of them takes its slots over once the others give it up ({@link #NODE_TIMEOUT}).
     */
    public void kill(int index) {
        nodes.get(index).kill();
    }

    /**
     * Starts node {@code index} again on its port from its node file, so it rejoins as the same node with
     * the same slots, and waits until the whole cluster reports ok again.
     */
    public void restart(int index) {
        RedisServerProcess old = nodes.get(index);
        old.close();
        nodes.set(index, RedisServerProcess.startOnPort(old.port(), nodeArguments(directory, old.port())));
        awaitReady();
    }

    /** The online store's cluster URI: every node as a seed, e.g. {@code redis-cluster://127.0.0.1:7000,127.0.0.1:7001}. */
    public String uri() {
        return "redis-cluster://" + nodes.stream().map(n -> n.host() + ":" + n.port())
                .collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        for (RedisServerProcess node : all()) {
            node.close();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.warn("could not delete the cluster's node files in {}: {}", directory, e.getMessage());
        }
    }
}
