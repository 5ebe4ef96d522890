package dev.lockstep.features.spec;

import java.io.InputStream;

/**
 * Opens classpath resources through the thread's context class loader first, where engines such as
 * Spark put user jars, then through this library's own loader.
 */
final class ClasspathResources {

    private ClasspathResources() {
    }

    /** The resource's stream, or null when no loader has it. */
    static InputStream open(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(name);
        return in != null ? in : ClasspathResources.class.getClassLoader().getResourceAsStream(name);
    }
}
