package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.rmpcoap.camel.dtls.DtlsClusterNodes;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * The {@code rmpcoap} dev console: the component's endpoints (without their options, so without credentials), the
 * servers with their bound addresses, consumers, established DTLS sessions, deduplicator size and cluster nodes, the shared client
 * endpoints, and the last failed exchanges. Shown by Camel JBang ({@code camel get dev-console rmpcoap}), Camel Main's
 * and Spring Boot's dev console endpoints.
 */
@DevConsole(name = "rmpcoap", displayName = "RMP CoAP",
            description = "rmpcoap endpoints, bound addresses, DTLS sessions, deduplication and recent errors")
public class RmpCoapDevConsole extends AbstractDevConsole {

    public RmpCoapDevConsole() {
        super("camel", "rmpcoap", "RMP CoAP",
                "rmpcoap endpoints, bound addresses, DTLS sessions, deduplication and recent errors");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        JsonObject json = (JsonObject) doCallJson(options);
        StringBuilder sb = new StringBuilder();
        for (Object o : json.getCollection("endpoints")) {
            JsonObject e = (JsonObject) o;
            sb.append(String.format("Endpoint: %s (%s)%n", e.getString("uri"), e.getString("serviceUrl")));
        }
        for (Object o : json.getCollection("servers")) {
            JsonObject s = (JsonObject) o;
            sb.append(String.format("Server: %s listening=%s consumers=%s dtlsSessions=%s dedupSize=%s%n",
                    s.getString("address"), s.get("listening"), s.get("consumers"), s.get("dtlsSessions"), s.get("dedupSize")));
            JsonObject cluster = (JsonObject) s.get("cluster");
            if (cluster != null) {
                sb.append(String.format("  Cluster node %s, management %s%n", cluster.get("nodeId"),
                        cluster.getString("managementAddress")));
                for (Object n : cluster.getCollection("nodes")) {
                    JsonObject node = (JsonObject) n;
                    sb.append(String.format("  Node %s at %s (%s): %s%n", node.get("id"), node.getString("configured"),
                            node.getString("address"), Boolean.TRUE.equals(node.get("reachable")) ? "reachable" : "unreachable"));
                }
            }
        }
        for (Object o : json.getCollection("clients")) {
            JsonObject c = (JsonObject) o;
            sb.append(String.format("Client: %s dtlsSessions=%s%n", c.getString("address"), c.get("dtlsSessions")));
        }
        for (Object o : json.getCollection("recentErrors")) {
            JsonObject e = (JsonObject) o;
            sb.append(String.format("Error: %s %s %s: %s%n", e.getString("time"), e.getString("endpoint"),
                    e.getString("exception"), e.getString("message")));
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonArray endpoints = new JsonArray();
        JsonArray servers = new JsonArray();
        JsonArray clients = new JsonArray();
        JsonArray errors = new JsonArray();
        for (Endpoint endpoint : getCamelContext().getEndpoints()) {
            if (endpoint instanceof RmpCoapEndpoint rmp) {
                JsonObject e = new JsonObject();
                e.put("uri", rmp.getEndpointBaseUri());
                e.put("serviceUrl", rmp.getServiceUrl());
                e.put("protocol", rmp.getServiceProtocol());
                endpoints.add(e);
            }
        }
        for (RmpCoapComponent component : components()) {
            for (RmpCoapServer server : component.servers().list()) {
                JsonObject s = new JsonObject();
                InetSocketAddress bound = server.localAddress();
                s.put("address", server.scheme() + "://" + bound.getHostString() + ":" + bound.getPort());
                s.put("listening", server.isListening());
                s.put("consumers", server.paths());
                s.put("dtlsSessions", server.dtlsSessions());
                s.put("dedupSize", server.deduplicatorSize());
                List<DtlsClusterNodes.Status> nodes = server.clusterNodes();
                if (nodes != null) {
                    s.put("cluster", cluster(server, nodes));
                }
                servers.add(s);
            }
            component.clients().sessionsByAddress().forEach((address, sessions) -> {
                JsonObject c = new JsonObject();
                c.put("address", address);
                c.put("dtlsSessions", sessions);
                clients.add(c);
            });
            for (RecentErrors.Error error : component.recentErrors().list()) {
                JsonObject e = new JsonObject();
                e.put("time", error.time().toString());
                e.put("endpoint", error.endpoint());
                e.put("exception", error.exception());
                e.put("message", error.message());
                errors.add(e);
            }
        }
        JsonObject root = new JsonObject();
        root.put("endpoints", endpoints);
        root.put("servers", servers);
        root.put("clients", clients);
        root.put("recentErrors", errors);
        return root;
    }

    private static JsonObject cluster(RmpCoapServer server, List<DtlsClusterNodes.Status> nodes) {
        JsonObject cluster = new JsonObject();
        cluster.put("nodeId", server.clusterNodeId());
        InetSocketAddress management = server.clusterManagementAddress();
        cluster.put("managementAddress", management == null ? null : management.getHostString() + ":" + management.getPort());
        JsonArray list = new JsonArray();
        for (DtlsClusterNodes.Status status : nodes) {
            JsonObject node = new JsonObject();
            node.put("id", status.id());
            node.put("configured", status.configured());
            node.put("address", status.address());
            node.put("reachable", status.reachable());
            list.add(node);
        }
        cluster.put("nodes", list);
        return cluster;
    }

    private List<RmpCoapComponent> components() {
        List<RmpCoapComponent> found = new ArrayList<>();
        for (String name : getCamelContext().getComponentNames()) {
            if (getCamelContext().hasComponent(name) instanceof RmpCoapComponent component) {
                found.add(component);
            }
        }
        return found;
    }
}
