package dev.lockstep.testing.redis;

import dev.lockstep.testing.FixtureException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a redis-server executable: the one on PATH when present, else the Linux/macOS binary bundled in
 * the embedded-redis jar, extracted once per JVM. We launch it ourselves rather than through
 * embedded-redis's API so that our watchdog (see {@link RedisServerProcess}) owns its lifetime.
 */
final class RedisBinary {

    private static Path extracted;

    private RedisBinary() {
    }

    static synchronized Path locate() {
        Optional<Path> onPath = findOnPath();
        if (onPath.isPresent()) {
            return onPath.get();
        }
        if (extracted == null) {
            extracted = extractBundled();
        }
        return extracted;
    }

    private static Optional<Path> findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(Pattern.quote(java.io.File.pathSeparator))) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path extractBundled() {
        String resource = bundledResourceName();
        try (InputStream in = RedisBinary.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new FixtureException("no redis-server on PATH and the embedded-redis jar has no "
                        + resource + "; install redis-server or add com.github.codemonstur:embedded-redis");
            }
            Path dir = Files.createTempDirectory("lockstep-redis-bin");
            Path binary = dir.resolve(resource);
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
            if (!binary.toFile().setExecutable(true, true)) {
                throw new FixtureException("cannot make " + binary + " executable");
            }
            binary.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return binary;
        } catch (IOException e) {
            throw new FixtureException("failed to extract the bundled " + resource, e);
        }
    }

    private static String bundledResourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm64");
        if (os.contains("linux")) {
            return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("mac")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        throw new FixtureException("no bundled redis-server for " + os + "/" + arch + "; put redis-server on PATH");
    }
}
