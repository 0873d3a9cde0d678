package io.rmpcoap.camel.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import org.eclipse.californium.core.network.deduplication.Deduplicator;
import org.eclipse.californium.core.network.deduplication.DeduplicatorFactory;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Remembers the deduplicator Californium creates for each endpoint configuration, so that its size can be measured:
 * CoapEndpoint keeps it private and takes it only from the JVM-wide {@link DeduplicatorFactory}. Installed once, it
 * delegates to the factory that was there before, so other Californium endpoints in the JVM are unaffected.
 */
public final class DeduplicatorTracker extends DeduplicatorFactory {

    private final DeduplicatorFactory delegate;
    private final Map<Configuration, Deduplicator> created = Collections.synchronizedMap(new WeakHashMap<>());

    private DeduplicatorTracker(DeduplicatorFactory delegate) {
        this.delegate = delegate;
    }

    /** The tracker, installed as Californium's factory on first use. */
    public static synchronized DeduplicatorTracker install() {
        DeduplicatorFactory current = DeduplicatorFactory.getDeduplicatorFactory();
        if (current instanceof DeduplicatorTracker tracker) {
            return tracker;
        }
        DeduplicatorTracker tracker = new DeduplicatorTracker(current);
        DeduplicatorFactory.setDeduplicatorFactory(tracker);
        return tracker;
    }

    @Override
    public Deduplicator createDeduplicator(Configuration configuration) {
        Deduplicator deduplicator = delegate.createDeduplicator(configuration);
        created.put(configuration, deduplicator);
        return deduplicator;
    }

    /** The deduplicator of the endpoint built with exactly this configuration instance, or null. */
    public Deduplicator of(Configuration configuration) {
        return created.get(configuration);
    }
}
