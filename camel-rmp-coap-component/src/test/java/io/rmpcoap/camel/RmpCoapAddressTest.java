package io.rmpcoap.camel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The URI forms rmpcoap accepts, camel-coap's included, and the messages for those it refuses. */
class RmpCoapAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "coap://localhost:5683/greeting | coap://localhost:5683/greeting",
            "coap:localhost/greeting        | coap://localhost:5683/greeting",
            "coap:localhost:6000/greeting   | coap://localhost:6000/greeting",
            "coaps:device.example/a/b       | coaps://device.example:5684/a/b",
            "COAP:127.0.0.1:6000            | coap://127.0.0.1:6000/",
            "coap:[::1]:6000/x              | coap://[::1]:6000/x",
            "coap://0.0.0.0:6000/users/{id} | coap://0.0.0.0:6000/users/{id}",
            "coap+tcp://device.example/x    | coap+tcp://device.example:5683/x",
            "coaps+tcp://device.example/x   | coaps+tcp://device.example:5684/x",
            "COAPS+TCP:device.example:7/x   | coaps+tcp://device.example:7/x",
    })
    void camelCoapFormsWithoutSlashesMeanTheSameAsTheFullForm(String uri, String address) {
        assertEquals(address, RmpCoapAddress.parse(uri, null).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "coap:/greeting          | has no host",
            "coap:///greeting        | has no host",
            "localhost:5683/greeting | Unsupported scheme localhost",
            "http://localhost/x      | Unsupported scheme http",
            "greeting                | needs a scheme and host",
    })
    void refusedFormsGetAMessageShowingTheRightForm(String uri, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RmpCoapAddress.parse(uri, null));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("rmpcoap:coap://host[:port][/path]"), e.getMessage());
    }

    @Test
    void messagesNeverRepeatUserInfo() {
        for (String uri : new String[] { "coap://alice:s3cret@[bad", "coap:alice:s3cret@/x", "coap://alice:s3cret@device/x" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RmpCoapAddress.parse(uri, null));
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }
}
