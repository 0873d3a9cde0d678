package io.rmpcoap.camel;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.apache.camel.Endpoint;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Connection-ID cluster options are refused at endpoint creation when missing, malformed or inconsistent, with a
 * message that names the option and never the secret.
 */
class DtlsClusterOptionsTest extends CamelTestSupport {

    private static final String SECRET = "Cluster-S3cret-0123456789";
    private static final String BASE = "rmpcoap:coaps://127.0.0.1:0/x?pskIdentity=a&pskKey=b";
    private static final String GOOD = "&clusterNodeId=1&connectionIdLength=6&clusterSecret=" + SECRET;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "&clusterNodeId=256&connectionIdLength=6&clusterSecret=" + SECRET + "&clusterNodes=1=a:1 | clusterNodeId must be from 0 to 255",
            "&clusterNodeId=-1&connectionIdLength=6&clusterSecret=" + SECRET + "&clusterNodes=1=a:1  | clusterNodeId must be from 0 to 255",
            "&clusterNodeId=1&clusterSecret=" + SECRET + "&clusterNodes=1=a:1                        | connectionIdLength of at least 5",
            "&clusterNodeId=1&connectionIdLength=4&clusterSecret=" + SECRET + "&clusterNodes=1=a:1   | connectionIdLength of at least 5",
            "&clusterNodeId=1&connectionIdLength=6&clusterNodes=1=a:1                                | clusterSecret",
            "&clusterNodeId=1&connectionIdLength=6&clusterSecret=short&clusterNodes=1=a:1            | clusterSecret must be at least 16",
            GOOD + "                                                                                 | needs clusterNodes",
            GOOD + "&clusterNodes=1=a:1,2=b:2,2=c:3                                                  | clusterNodes: node id 2 is listed twice",
            GOOD + "&clusterNodes=1=a:1,2=b                                                          | clusterNodes: b is not host:port",
            GOOD + "&clusterNodes=1=a:1,x=b:2                                                        | clusterNodes: x=b:2 is not id=host:port",
            GOOD + "&clusterNodes=1=a:1,b:2                                                          | clusterNodes: b:2 is not id=host:port",
            GOOD + "&clusterNodes=1=a:1,2=:2                                                         | clusterNodes: :2 is not host:port",
            GOOD + "&clusterNodes=1=a:1,2=b:0                                                        | clusterNodes: b:0 is not host:port",
            GOOD + "&clusterNodes=1=a:1,2=b:65536                                                    | clusterNodes: b:65536 is not host:port",
            GOOD + "&clusterNodes=1=a:1,2=::1:7                                                      | clusterNodes: ::1:7 is not host:port",
            GOOD + "&clusterNodes=1=a:1,256=b:2                                                      | clusterNodes: the id of 256=b:2 must be from 0 to 255",
            GOOD + "&clusterNodes=2=b:2                                                              | clusterManagementAddress (host:port) must say",
            GOOD + "&clusterNodes=1=a:1&clusterManagementAddress=nohostport                          | clusterManagementAddress: nohostport is not host:port",
            "&clusterNodes=1=a:1                                                                     | clusterNodes needs clusterNodeId",
            "&clusterSecret=" + SECRET + "                                                           | clusterSecret needs clusterNodeId",
            "&clusterManagementAddress=a:1                                                           | clusterManagementAddress needs clusterNodeId",
            GOOD + "&clusterNodes=1=a:1&observe=true                                                 | not with observe",
    })
    void badClusterOptionsAreRefusedAtEndpointCreationNamingTheOptionNotTheSecret(String options, String named) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint(BASE + options.trim()));
        assertTrue(e.getMessage().contains(named), e.getMessage());
        assertNoSecretIn(e);
    }

    @Test
    void clusterOptionsOnPlainCoapAreRefused() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:0/x?connectionIdLength=6&clusterNodeId=1&clusterNodes=1=a:1"
                                          + "&clusterSecret=" + SECRET));
        assertTrue(e.getMessage().contains("clusterNodeId needs coaps"), e.getMessage());
        assertNoSecretIn(e);
    }

    @Test
    void clusterOptionsOnAProducerAreRefusedNamingTheOption() {
        Endpoint endpoint = context.getEndpoint(BASE + GOOD + "&clusterNodes=1=a:1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, endpoint::createProducer);
        assertTrue(e.getMessage().contains("clusterNodeId is a consumer option"), e.getMessage());
        assertNoSecretIn(e);
    }

    @Test
    void aValidClusterNodeIsAcceptedAndItsSecretMaskedWhenTheEndpointIsPrinted() {
        Endpoint endpoint = context.getEndpoint(BASE + GOOD + "&clusterNodes=1=gw-0.gw-mgmt:5700,2=[::1]:5701,3=127.0.0.3:5700");
        assertNotNull(endpoint);
        assertFalse(endpoint.toString().contains(SECRET), endpoint.toString());
    }

    private static void assertNoSecretIn(Exception e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(SECRET), trace.toString());
    }
}
