package io.rmpcoap.camel.test;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a test opened, closed last-opened first when the test ends (from its {@code @AfterEach}). */
public final class Closer implements AutoCloseable {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Registers the resource where it is opened, and returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }
}
