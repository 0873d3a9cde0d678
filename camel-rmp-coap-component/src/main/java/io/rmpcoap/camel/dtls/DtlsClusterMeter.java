package io.rmpcoap.camel.dtls;

import org.eclipse.californium.scandium.DtlsClusterHealth;

/**
 * Scandium's cluster health callbacks (records forwarded to and received from other nodes, records with a bad cluster
 * MAC) plus the management datagrams this component's cluster connector drops before Scandium would count them.
 */
public interface DtlsClusterMeter extends DtlsMeter, DtlsClusterHealth {

    /** A datagram on the management channel was dropped: "bad-mac", "no-session" or "malformed". */
    void managementDropped(String reason);
}
