package io.rmpcoap.camel.mapping;

import java.util.function.Function;

/**
 * A mapping that remembers its last key and result: a gateway's answers come from one API in one Content-Type, which
 * then need not be parsed again per answer. Key and result sit in one volatile record, so a thread sees either the old
 * pair or the new one, never a mix.
 *
 * @param <V> what a key maps to (may be null)
 */
public final class LastMapping<V> {

    private final Function<String, V> mapping;
    private volatile Mapped<V> last;

    private record Mapped<V>(String key, V value) {
    }

    public LastMapping(Function<String, V> mapping) {
        this.mapping = mapping;
    }

    /** What the mapping gives for {@code key} (not null), computed again only when the key differs from the last. */
    public V apply(String key) {
        Mapped<V> mapped = last;
        if (mapped == null || !mapped.key().equals(key)) {
            mapped = new Mapped<>(key, mapping.apply(key));
            last = mapped;
        }
        return mapped.value();
    }
}
