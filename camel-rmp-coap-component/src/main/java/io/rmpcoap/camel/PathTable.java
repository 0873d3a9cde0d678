package io.rmpcoap.camel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/**
 * Which consumer serves a request path and method. Exact paths are one map lookup; path templates
 * ({@code users/{id}}, a parameter being one whole segment) are tried after them, those with more literal segments
 * first. A path served for other methods only answers 4.05 (naming the methods it serves), an unknown path 4.04.
 * Changes happen under the caller's lock; lookups run lock-free on Californium's threads.
 *
 * @param <T> the consumer type
 */
final class PathTable<T> {

    /**
     * The consumer for a request and the values of its path parameters, or the code to answer when none serves it;
     * with 4.05, the methods the path is served for.
     */
    record Match<T>(T consumer, Map<String, String> parameters, ResponseCode failure, Set<Code> allowed) {
    }

    /** One path or template and the consumers that serve it, each with the methods it serves. */
    private static final class Entry<T> {
        final String path;
        final String[] segments;
        final String shape;
        final int literals;
        final Map<T, Set<Code>> consumers = new ConcurrentHashMap<>();

        Entry(String path) {
            this.path = path;
            this.segments = path.isEmpty() ? new String[0] : path.split("/", -1);
            StringBuilder shape = new StringBuilder();
            int literals = 0;
            for (String segment : segments) {
                boolean parameter = isParameter(segment);
                literals += parameter ? 0 : 1;
                shape.append(parameter ? "{}" : segment).append('/');
            }
            this.shape = shape.toString();
            this.literals = literals;
        }

        T consumerFor(Code method) {
            for (Map.Entry<T, Set<Code>> e : consumers.entrySet()) {
                if (e.getValue().contains(method)) {
                    return e.getKey();
                }
            }
            return null;
        }

        void addMethodsTo(Set<Code> allowed) {
            consumers.values().forEach(allowed::addAll);
        }

        /** The path parameters when the request's segments fit this template, else null. */
        Map<String, String> match(List<String> request) {
            if (request.size() != segments.length) {
                return null;
            }
            Map<String, String> parameters = new HashMap<>(4);
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (isParameter(segment)) {
                    if (request.get(i).isEmpty()) {
                        return null;
                    }
                    parameters.put(segment.substring(1, segment.length() - 1), request.get(i));
                } else if (!segment.equals(request.get(i))) {
                    return null;
                }
            }
            return parameters;
        }
    }

    private static final int ALL = Code.values().length;

    private final Map<String, Entry<T>> exact = new ConcurrentHashMap<>();
    private volatile List<Entry<T>> templates = List.of();

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean isTemplate(String path) {
        for (String segment : path.split("/")) {
            if (isParameter(segment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds a consumer of a path or template for the given methods (null: every method).
     *
     * @throws IllegalArgumentException when another consumer already serves one of those methods on a path of the
     *                                  same shape
     */
    void add(String path, Set<Code> methods, T consumer) {
        Set<Code> served = methods == null ? EnumSet.allOf(Code.class) : EnumSet.copyOf(methods);
        Entry<T> candidate = new Entry<>(path);
        List<Entry<T>> sameShape = new ArrayList<>();
        exact.values().stream().filter(e -> e.shape.equals(candidate.shape)).forEach(sameShape::add);
        templates.stream().filter(e -> e.shape.equals(candidate.shape)).forEach(sameShape::add);
        for (Entry<T> entry : sameShape) {
            for (Set<Code> other : entry.consumers.values()) {
                if (other.stream().anyMatch(served::contains)) {
                    throw new IllegalArgumentException("already has a consumer for path /" + entry.path
                                                       + (other.size() == ALL ? "" : " and method " + other));
                }
            }
        }
        Entry<T> entry = sameShape.stream().filter(e -> e.path.equals(path)).findFirst().orElse(candidate);
        entry.consumers.put(consumer, served);
        if (entry == candidate) {
            if (isTemplate(path)) {
                List<Entry<T>> updated = new ArrayList<>(templates);
                updated.add(entry);
                updated.sort(Comparator.comparingInt((Entry<T> e) -> -e.literals));
                templates = List.copyOf(updated);
            } else {
                exact.put(path, entry);
            }
        }
    }

    void remove(T consumer) {
        exact.values().removeIf(e -> removeFrom(e, consumer));
        if (templates.stream().anyMatch(e -> e.consumers.containsKey(consumer))) {
            List<Entry<T>> updated = new ArrayList<>(templates);
            updated.removeIf(e -> removeFrom(e, consumer));
            templates = List.copyOf(updated);
        }
    }

    private static <T> boolean removeFrom(Entry<T> entry, T consumer) {
        entry.consumers.remove(consumer);
        return entry.consumers.isEmpty();
    }

    /** The paths and templates served, for the dev console. */
    List<String> paths() {
        List<String> paths = new ArrayList<>(exact.keySet());
        templates.forEach(entry -> paths.add(entry.path));
        return paths;
    }

    boolean isEmpty() {
        return exact.isEmpty() && templates.isEmpty();
    }

    /** Whether the consumer is the only one in the table. */
    boolean isOnly(T consumer) {
        return Stream.concat(exact.values().stream(), templates.stream())
                .allMatch(e -> e.consumers.size() == 1 && e.consumers.containsKey(consumer)) && !isEmpty();
    }

    /**
     * @param segments the request's Uri-Path options
     * @param path     the same joined by {@code /}
     */
    Match<T> find(List<String> segments, String path, Code method) {
        Set<Code> allowed = EnumSet.noneOf(Code.class);
        Entry<T> entry = exact.get(path);
        if (entry != null) {
            T consumer = entry.consumerFor(method);
            if (consumer != null) {
                return new Match<>(consumer, Map.of(), null, null);
            }
            entry.addMethodsTo(allowed);
        }
        for (Entry<T> template : templates) {
            Map<String, String> parameters = template.match(segments);
            if (parameters != null) {
                T consumer = template.consumerFor(method);
                if (consumer != null) {
                    return new Match<>(consumer, parameters, null, null);
                }
                template.addMethodsTo(allowed);
            }
        }
        return allowed.isEmpty()
                ? new Match<>(null, Map.of(), ResponseCode.NOT_FOUND, null)
                : new Match<>(null, Map.of(), ResponseCode.METHOD_NOT_ALLOWED, Set.copyOf(allowed));
    }
}
