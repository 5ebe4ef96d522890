package dev.lockstep.serving.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lockstep.serving.ModelConfig;
import dev.lockstep.serving.internal.ServedService;
import dev.lockstep.serving.internal.ServiceCatalog;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models serving runs, from {@code <root>/<model>/<version>/}. Each model's current version sits in an
 * {@link AtomicReference}: a newer valid version is loaded and validated off the request path, then
 * swapped in with one {@code getAndSet}; the old version is retired and its session closes when its last
 * in-flight request releases it ({@link LoadedModel}). Versions compare numerically when both names are
 * numbers, else as strings; only a newer version replaces the current one, so what a caller sees never
 * goes backwards. A version that fails validation is logged with its reason, counted, and not retried
 * until its directory changes (or an admin reload asks); the current version keeps serving. A version's
 * first inference runs under {@link ModelConfig#warmUpTimeout()}, so one that never ends cannot hold up
 * later reloads or {@link #close()}, which both wait for a reload in progress.
 */
public final class ModelRepository implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);
    static final String MODEL_FILE = "model.onnx";
    static final String MANIFEST_FILE = "manifest.json";
    /** Numbers by value, then other names as strings. */
    static final Comparator<String> VERSION_ORDER = (a, b) -> {
        boolean na = a.chars().allMatch(Character::isDigit);
        boolean nb = b.chars().allMatch(Character::isDigit);
        if (na && nb) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    };

    private final ModelConfig config;
    private final ModelValidator validator;
    private final ModelMetrics metrics;
    private final Set<String> expected;
    private final Map<String, AtomicReference<LoadedModel>> current = new ConcurrentHashMap<>();
    /**
     * model -> version -> stamp of each version that failed to load, so no broken version is reloaded every poll
     * until its directory changes (one entry per model let two broken versions evict each other every poll).
     */
    private final Map<String, Map<String, String>> failed = new HashMap<>();
    private final ScheduledExecutorService poller;
    /** Set by {@link #close()} under this object's lock: a poll that was waiting for it then loads nothing. */
    private boolean closed;

    /** The outcome of one model in a reload: {@code loaded}, {@code unchanged}, {@code failed} or {@code absent}. */
    public record Outcome(String status, String version, String error) {
    }

    public ModelRepository(ModelConfig config, ServiceCatalog catalog, ModelMetrics metrics) {
        this.config = config;
        this.validator = new ModelValidator(catalog);
        this.metrics = metrics;
        this.expected = catalog.modelNames();
        expected.forEach(m -> metrics.loaded(m, false));
        reload(false);
        if (config.pollInterval().isZero()) {
            poller = null;
        } else {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "serving-model-poll");
                t.setDaemon(true);
                return t;
            });
            long ms = config.pollInterval().toMillis();
            poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The current version of a model with a reference taken, or empty when none is loaded; the caller
     * must {@link LoadedModel#release()} it.
     */
    public Optional<LoadedModel> acquire(String model) {
        AtomicReference<LoadedModel> ref = current.get(model);
        if (ref == null) {
            return Optional.empty();
        }
        while (true) {
            LoadedModel loaded = ref.get();
            if (loaded == null) {
                return Optional.empty();
            }
            if (loaded.tryAcquire()) {
                return Optional.of(loaded);
            }
            // Retired and closed between get and acquire: a newer version is in the reference already.
        }
    }

    /** Models the spec's services name plus those with a directory under the root, sorted. */
    public Set<String> known() {
        Set<String> names = new TreeSet<>(expected);
        names.addAll(current.keySet());
        return names;
    }

    /** Known models with no loaded version: while any exists, serving is not ready. */
    public List<String> notLoaded() {
        return known().stream().filter(m -> current.get(m) == null || current.get(m).get() == null).toList();
    }

    /**
     * Scans the root and swaps in every model's newest valid version newer than its current one.
     *
     * @param retryFailed also retry versions that failed before and have not changed (an admin reload)
     */
    public synchronized Map<String, Outcome> reload(boolean retryFailed) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        if (closed) {
            return outcomes;
        }
        Set<String> models = new TreeSet<>(expected);
        models.addAll(directories(config.root()));
        for (String model : models) {
            outcomes.put(model, reloadModel(model, retryFailed));
        }
        return outcomes;
    }

    private void poll() {
        try {
            reload(false);
        } catch (RuntimeException e) {
            LOG.error("scanning model directory {} failed", config.root(), e);
        }
    }

    private Outcome reloadModel(String model, boolean retryFailed) {
        AtomicReference<LoadedModel> ref = current.computeIfAbsent(model, m -> new AtomicReference<>());
        LoadedModel now = ref.get();
        List<String> versions = new ArrayList<>(directories(config.root().resolve(model)));
        versions.sort(VERSION_ORDER.reversed());
        if (versions.isEmpty()) {
            return new Outcome(now == null ? "absent" : "unchanged", now == null ? null : now.version(),
                    now == null ? "no version directory under " + config.root().resolve(model) : null);
        }
        String firstError = null;
        for (String version : versions) {
            if (now != null && VERSION_ORDER.compare(version, now.version()) <= 0) {
                break;
            }
            Path dir = config.root().resolve(model).resolve(version);
            String stamp = stamp(dir);
            Map<String, String> failedVersions = failed.computeIfAbsent(model, m -> new HashMap<>());
            if (!retryFailed && stamp.equals(failedVersions.get(version))) {
                firstError = firstError == null ? "version " + version + " failed before and has not changed" : firstError;
                continue;
            }
            try {
                LoadedModel loaded = load(model, dir);
                LoadedModel old = ref.getAndSet(loaded);
                // Versions above this one that failed stay remembered: they are still newer and still broken.
                failedVersions.keySet().removeIf(v -> VERSION_ORDER.compare(v, version) <= 0);
                metrics.load(model, true);
                metrics.loaded(model, true);
                LOG.info("model {} version {} loaded{}", model, version, old == null ? "" : ", replacing version "
                        + old.version());
                if (old != null) {
                    old.retire();
                }
                return new Outcome("loaded", version, firstError);
            } catch (ModelLoadException e) {
                failedVersions.put(version, stamp);
                metrics.load(model, false);
                LOG.error("model {} version {} not loaded: {}", model, version, e.getMessage());
                firstError = firstError == null ? e.getMessage() : firstError;
            }
        }
        LoadedModel after = ref.get();
        metrics.loaded(model, after != null);
        return new Outcome(firstError == null ? "unchanged" : "failed", after == null ? null : after.version(), firstError);
    }

    LoadedModel load(String model, Path dir) {
        String version = dir.getFileName().toString();
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        Path modelFile = dir.resolve(MODEL_FILE);
        for (Path required : List.of(manifestFile, modelFile)) {
            if (!Files.isRegularFile(required)) {
                throw new ModelLoadException("model " + model + " version " + version + ": " + required + " is missing");
            }
        }
        ModelManifest manifest = ModelManifest.read(manifestFile, model, version);
        ServedService service = validator.checkSpec(manifest);
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // One row per call: a thread pool per session costs more than it parallelises.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = OrtEnvironment.getEnvironment().createSession(modelFile.toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException("model " + model + " version " + version + ": " + modelFile
                    + " is not a loadable ONNX model: " + e.getMessage(), e);
        }
        try {
            validator.checkSession(manifest, session);
            LoadedModel loaded = new LoadedModel(manifest, service, session);
            warmUp(loaded);
            return loaded;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException m) {
                throw m;
            }
            throw new ModelLoadException("model " + model + " version " + version + ": checking model.onnx failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * One inference on the defaults (0 where none) before any request sees the version: it must run, and
     * finish within the warm-up timeout.
     */
    private void warmUp(LoadedModel loaded) throws OrtException {
        Map<String, float[]> rows = new HashMap<>();
        for (ModelManifest.Input input : loaded.manifest().inputs()) {
            float[] row = new float[input.columns().size()];
            for (int i = 0; i < row.length; i++) {
                Double d = input.columns().get(i).defaultValue();
                row[i] = d == null ? 0f : d.floatValue();
            }
            rows.put(input.name(), row);
        }
        Duration timeout = config.warmUpTimeout();
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            RunDeadline deadline = new RunDeadline(options);
            // Loads are rare: the common pool's delayer is timer enough, no thread of our own.
            CompletableFuture<Void> alarm = CompletableFuture.runAsync(deadline::expire,
                    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS));
            try {
                loaded.run(rows, options);
            } catch (OrtException e) {
                if (deadline.expired()) {
                    throw new ModelLoadException("model " + loaded.name() + " version " + loaded.version()
                            + ": its first inference did not finish within the warm-up timeout of "
                            + timeout.toMillis() + " ms", e);
                }
                throw e;
            } finally {
                alarm.cancel(false);
                deadline.finish();
            }
        }
    }

    private static List<String> directories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            // Hidden entries are versions being written (model-training stages them as .<version>.tmp).
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).toList();
        } catch (IOException e) {
            throw new ModelLoadException("cannot list model directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String stamp(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            long sum = Files.getLastModifiedTime(dir).toMillis();
            for (Path f : files.toList()) {
                sum = sum * 31 + Files.getLastModifiedTime(f).toMillis() + Files.size(f);
            }
            return Long.toHexString(sum);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing a rejected session failed: {}", e.toString());
        }
    }

    /**
     * Stops polling and retires every version; sessions close as their last requests finish. Waits for a
     * reload in progress (bounded by the warm-up timeout), so no version is loaded after it returns.
     */
    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        synchronized (this) {
            closed = true;
            current.values().forEach(ref -> {
                LoadedModel loaded = ref.getAndSet(null);
                if (loaded != null) {
                    loaded.retire();
                }
            });
        }
    }
}
