package io.rmpcoap.camel;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a server picks the consumer of a request: exact paths, path templates and methods. */
class PathTableTest {

    private final PathTable<String> table = new PathTable<>();

    private PathTable.Match<String> find(String path, Code method) {
        return table.find(path.isEmpty() ? List.of() : List.of(path.split("/", -1)), path, method);
    }

    @Test
    void exactPathServesEveryMethodWhenTheConsumerHasNoRestriction() {
        table.add("status", null, "status");
        for (Code method : Code.values()) {
            assertEquals("status", find("status", method).consumer());
        }
        assertEquals(ResponseCode.NOT_FOUND, find("statu", Code.GET).failure());
        assertEquals(ResponseCode.NOT_FOUND, find("status/x", Code.GET).failure());
    }

    @Test
    void templateParametersAreTheMatchingSegments() {
        table.add("api/users/{id}/orders/{order}", Set.of(Code.GET), "orders");
        PathTable.Match<String> match = find("api/users/7/orders/x-1", Code.GET);
        assertEquals("orders", match.consumer());
        assertEquals(Map.of("id", "7", "order", "x-1"), match.parameters());
        assertEquals(ResponseCode.NOT_FOUND, find("api/users/7/orders", Code.GET).failure());
        assertEquals(ResponseCode.NOT_FOUND, find("api/users//orders/1", Code.GET).failure(), "a parameter is never empty");
    }

    @Test
    void servedPathWithAnotherMethodIsMethodNotAllowed() {
        table.add("users/{id}", Set.of(Code.GET), "get");
        table.add("users/{id}", Set.of(Code.PUT), "put");
        assertEquals("get", find("users/1", Code.GET).consumer());
        assertEquals("put", find("users/1", Code.PUT).consumer());
        PathTable.Match<String> delete = find("users/1", Code.DELETE);
        assertNull(delete.consumer());
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, delete.failure());
        assertEquals(Set.of(Code.GET, Code.PUT), delete.allowed(), "the methods the path is served for");
    }

    @Test
    void exactPathWinsOverATemplateAndAnotherMethodFallsThroughToTheTemplate() {
        table.add("users/{id}", Set.of(Code.GET), "one");
        table.add("users/me", Set.of(Code.PUT), "me");
        assertEquals("me", find("users/me", Code.PUT).consumer());
        PathTable.Match<String> get = find("users/me", Code.GET);
        assertEquals("one", get.consumer());
        assertEquals(Map.of("id", "me"), get.parameters());
    }

    @Test
    void templateWithMoreLiteralSegmentsIsTriedFirst() {
        table.add("{a}/{b}", Set.of(Code.GET), "two-parameters");
        table.add("users/{id}", Set.of(Code.GET), "users");
        assertEquals("users", find("users/3", Code.GET).consumer());
        assertEquals("two-parameters", find("groups/3", Code.GET).consumer());
    }

    @Test
    void secondConsumerForTheSameShapeAndMethodIsRefusedNamingThePath() {
        table.add("users/{id}", Set.of(Code.GET, Code.PUT), "first");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table.add("users/{name}", Set.of(Code.PUT), "second"));
        assertTrue(e.getMessage().contains("/users/{id}"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> table.add("users/{id}", null, "any"));
        table.add("plain", null, "plain");
        assertThrows(IllegalArgumentException.class, () -> table.add("plain", Set.of(Code.GET), "get"));
    }

    @Test
    void removedConsumersFreeTheirPathAndTheTableEmpties() {
        table.add("users/{id}", Set.of(Code.GET), "get");
        table.add("users/{id}", Set.of(Code.PUT), "put");
        table.add("status", null, "status");
        table.remove("get");
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, find("users/1", Code.GET).failure());
        table.remove("put");
        table.remove("status");
        assertEquals(ResponseCode.NOT_FOUND, find("users/1", Code.PUT).failure());
        assertTrue(table.isEmpty());
        table.add("users/{id}", Set.of(Code.GET), "again");
        assertEquals("again", find("users/2", Code.GET).consumer());
    }
}
