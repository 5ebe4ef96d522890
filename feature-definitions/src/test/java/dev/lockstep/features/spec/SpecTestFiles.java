package dev.lockstep.features.spec;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates test resource directories on disk, for specs whose schema paths are relative. */
final class SpecTestFiles {

    private SpecTestFiles() {
    }

    static Path directory(String resource) {
        URL url = SpecTestFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("test resource directory missing: " + resource);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
