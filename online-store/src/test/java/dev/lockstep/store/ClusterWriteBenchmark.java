package dev.lockstep.store;

import com.sun.management.OperatingSystemMXBean;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.redis.RedisClusterProcess;
import dev.lockstep.testing.redis.RedisServerProcess;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the cluster client costs against one Redis, same JVM, same machine (docs/benchmarks.md, "Online
 * store"): the same tile writes (64-byte IRs, {@code bench.tiles-per-entity} tiles per entity, pipelined
 * batches of 1,000) go alternately, round by round, to one redis-server and to a three-primary Redis
 * Cluster, each round rewriting every tile with a higher version. Per round it prints tiles/s, this JVM's
 * CPU per tile and the Redis servers' CPU per tile ({@code INFO cpu}). On one machine the
 * cluster's three servers share its cores, so this measures the client's routing and the per-node
 * pipelines, not the cluster's scaling. A {@code main}: {@code -Dbench.entities=50000
 * -Dbench.tiles-per-entity=4 -Dbench.rounds=8}.
 */
public final class ClusterWriteBenchmark {

    private static final long HOP = 300_000;
    private static final int BATCH = 1_000;

    private ClusterWriteBenchmark() {
    }

    public static void main(String[] args) {
        int entities = Integer.getInteger("bench.entities", 50_000);
        int tilesPerEntity = Integer.getInteger("bench.tiles-per-entity", 4);
        int rounds = Integer.getInteger("bench.rounds", 8);
        Clock clock = Clock.systemUTC();
        List<GroupLayout> layouts = List.of(new GroupLayout("card_txn", Duration.ofHours(3),
                Map.of(HOP, Duration.ofHours(2))));
        try (RedisServerProcess single = RedisServerProcess.start();
             RedisClusterProcess cluster = RedisClusterProcess.start(3);
             OnlineStore oneRedis = RedisOnlineStore.connect(PatientRedis.config(single.uri()), layouts, clock, null);
             OnlineStore onCluster = RedisOnlineStore.connect(PatientRedis.config(cluster.uri()), layouts, clock, null)) {
            long current = TileKey.containing(HOP, clock.millis()).index();
            int tiles = entities * tilesPerEntity;
            System.out.printf("RESULT setup: %,d entities x %d tiles = %,d tiles per round, batches of %,d%n",
                    entities, tilesPerEntity, tiles, BATCH);
            for (int round = 1; round <= rounds; round++) {
                List<List<TileWrite>> batches = batches(entities, tilesPerEntity, current, round);
                // Alternate which goes first, so neither always follows the other's garbage.
                boolean clusterFirst = round % 2 == 0;
                for (int leg = 0; leg < 2; leg++) {
                    boolean onTheCluster = clusterFirst == (leg == 0);
                    measure(round, onTheCluster ? "cluster" : "single", onTheCluster ? onCluster : oneRedis,
                            onTheCluster ? cluster.nodes() : List.of(single), batches, tiles);
                }
            }
        }
    }

    private static void measure(int round, String name, OnlineStore store, List<RedisServerProcess> servers,
            List<List<TileWrite>> batches, int tiles) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long jvmCpu = os.getProcessCpuTime();
        double redisCpu = cpuSeconds(servers);
        long start = System.nanoTime();
        int written = 0;
        for (List<TileWrite> batch : batches) {
            written += store.writeTiles(batch).written();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double jvmUsPerTile = (os.getProcessCpuTime() - jvmCpu) / 1e3 / tiles;
        double redisUsPerTile = (cpuSeconds(servers) - redisCpu) * 1e6 / tiles;
        if (written != tiles) {
            throw new IllegalStateException(name + " round " + round + " wrote " + written + " of " + tiles + " tiles");
        }
        System.out.printf("RESULT round %d %-7s %,9.0f tiles/s  JVM %.2f us/tile  Redis %.2f us/tile%n", round, name,
                tiles / seconds, jvmUsPerTile, redisUsPerTile);
    }

    private static List<List<TileWrite>> batches(int entities, int tilesPerEntity, long currentIndex, long version) {
        byte[] ir = new byte[64];
        Arrays.fill(ir, (byte) version);
        List<List<TileWrite>> batches = new ArrayList<>();
        List<TileWrite> batch = new ArrayList<>(BATCH);
        for (int e = 0; e < entities; e++) {
            for (int t = 0; t < tilesPerEntity; t++) {
                batch.add(new TileWrite("card_txn", "c" + e, new TileKey(HOP, currentIndex - t), version, ir));
                if (batch.size() == BATCH) {
                    batches.add(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private static double cpuSeconds(List<RedisServerProcess> servers) {
        return servers.stream().mapToDouble(RedisServerProcess::cpuSeconds).sum();
    }
}
