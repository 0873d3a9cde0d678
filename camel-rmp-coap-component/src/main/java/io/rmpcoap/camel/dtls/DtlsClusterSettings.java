package io.rmpcoap.camel.dtls;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Connection-ID cluster options of a coaps consumer (clusterNodeId, clusterNodes, clusterManagementAddress,
 * clusterSecret), checked once: every refusal names the option, never the secret's value. Holds the secret:
 * {@link #toString()} masks it.
 */
public final class DtlsClusterSettings {

    /** The node id is the first byte of every Connection ID this node issues (Scandium's MultiNodeConnectionIdGenerator). */
    public static final int MAX_NODE_ID = 255;
    /** Scandium refuses a node id with a Connection ID of 4 bytes or less. */
    public static final int MIN_CONNECTION_ID_LENGTH = 5;
    /** The shortest clusterSecret accepted: the management channel's PSK must not be guessable. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** The PSK identity every node presents on the management channel; the secret is what authenticates. */
    public static final String IDENTITY = "rmpcoap-cluster";

    /** One node of the cluster: its id and the host (an address or a DNS name, resolved later) and port of its management channel. */
    public record Node(int id, String host, int port) {
        @Override
        public String toString() {
            return id + "=" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final int nodeId;
    private final Map<Integer, Node> peers;
    private final String managementHost;
    private final int managementPort;
    private final byte[] secret;

    private DtlsClusterSettings(int nodeId, Map<Integer, Node> peers, String managementHost, int managementPort,
                                byte[] secret) {
        this.nodeId = nodeId;
        this.peers = Collections.unmodifiableMap(peers);
        this.managementHost = managementHost;
        this.managementPort = managementPort;
        this.secret = secret;
    }

    /**
     * The cluster settings of a consumer, or null when clusterNodeId is not set (the cluster is off).
     *
     * @param  connectionIdLength       the consumer's connectionIdLength (may be null)
     * @throws IllegalArgumentException naming the option that is missing, malformed or inconsistent
     */
    public static DtlsClusterSettings of(Integer nodeId, String nodes, String managementAddress, String secret,
                                         Integer connectionIdLength) {
        if (nodeId == null) {
            String stray = !blank(nodes) ? "clusterNodes" : !blank(managementAddress) ? "clusterManagementAddress"
                    : secret != null && !secret.isEmpty() ? "clusterSecret" : null;
            if (stray != null) {
                throw new IllegalArgumentException(stray + " needs clusterNodeId (this node's id): the cluster is on only "
                                                   + "when clusterNodeId is set");
            }
            return null;
        }
        if (nodeId < 0 || nodeId > MAX_NODE_ID) {
            throw new IllegalArgumentException("clusterNodeId must be from 0 to " + MAX_NODE_ID
                                               + " (one byte of the Connection ID), not " + nodeId);
        }
        if (connectionIdLength == null || connectionIdLength < MIN_CONNECTION_ID_LENGTH) {
            throw new IllegalArgumentException("clusterNodeId needs connectionIdLength of at least "
                                               + MIN_CONNECTION_ID_LENGTH + " bytes (the node id is the first byte of "
                                               + "each Connection ID), not " + connectionIdLength);
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("clusterNodeId needs clusterSecret, the management channel's pre-shared key");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("clusterSecret must be at least " + MIN_SECRET_LENGTH
                                               + " characters long, e.g. openssl rand -base64 32");
        }
        if (blank(nodes)) {
            throw new IllegalArgumentException("clusterNodeId needs clusterNodes, the management addresses of all nodes "
                                               + "(id=host:port,id=host:port,...)");
        }
        Map<Integer, Node> all = parseNodes(nodes);
        Node own = all.remove(nodeId);
        String host = null;
        int port;
        if (!blank(managementAddress)) {
            Node bind = hostPort(-1, managementAddress.trim(), "clusterManagementAddress");
            host = bind.host();
            port = bind.port();
        } else if (own != null) {
            port = own.port();
        } else {
            throw new IllegalArgumentException("clusterNodes has no entry for clusterNodeId " + nodeId
                                               + ", so clusterManagementAddress (host:port) must say where the "
                                               + "management channel listens");
        }
        return new DtlsClusterSettings(nodeId, all, host, port, secret.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<Integer, Node> parseNodes(String nodes) {
        Map<Integer, Node> all = new LinkedHashMap<>();
        for (String entry : nodes.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int equals = e.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("clusterNodes: " + e + " is not id=host:port");
            }
            int id;
            try {
                id = Integer.parseInt(e.substring(0, equals).trim());
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("clusterNodes: " + e + " is not id=host:port (the id is a number)");
            }
            if (id < 0 || id > MAX_NODE_ID) {
                throw new IllegalArgumentException("clusterNodes: the id of " + e + " must be from 0 to " + MAX_NODE_ID);
            }
            if (all.containsKey(id)) {
                throw new IllegalArgumentException("clusterNodes: node id " + id + " is listed twice");
            }
            all.put(id, hostPort(id, e.substring(equals + 1).trim(), "clusterNodes"));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("clusterNodes lists no node (id=host:port,...)");
        }
        return all;
    }

    /** host:port, [ipv6]:port. */
    private static Node hostPort(int id, String text, String option) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon).trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            host = ""; // an IPv6 address needs its brackets
        }
        int port = -1;
        try {
            port = Integer.parseInt(text.substring(colon + 1).trim());
        } catch (NumberFormatException | IndexOutOfBoundsException x) {
            // refused below
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace) || port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + ": " + text + " is not host:port (port 1 to 65535, an IPv6 "
                                               + "address in brackets)");
        }
        return new Node(id, host, port);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    public int nodeId() {
        return nodeId;
    }

    /** The other nodes by id (this node's own entry left out). */
    public Map<Integer, Node> peers() {
        return peers;
    }

    /** The host the management channel binds to, or null for the consumer's own host. */
    public String managementHost() {
        return managementHost;
    }

    public int managementPort() {
        return managementPort;
    }

    byte[] secret() {
        return secret.clone();
    }

    /** Everything but the secret, for comparing consumers that share a port (the secret is digested by the caller). */
    String fingerprint() {
        return nodeId + "|" + peers.values() + "|" + managementHost + "|" + managementPort;
    }

    @Override
    public String toString() {
        return "cluster[node=" + nodeId + ", peers=" + peers.values() + ", management="
               + (managementHost == null ? "(consumer host)" : managementHost) + ":" + managementPort
               + ", secret=******]";
    }
}
