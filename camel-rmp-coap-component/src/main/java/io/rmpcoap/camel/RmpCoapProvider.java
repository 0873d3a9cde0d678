package io.rmpcoap.camel;

import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * A CoAP provider in the platform's sense: one remote CoAP server (a device or a CoAP proxy) at one address with one
 * set of credentials, shared by the connectors (endpoints) that refer to it with {@code provider=#name}.
 */
public class RmpCoapProvider {

    private String scheme = "coaps";
    private String host;
    private Integer port;
    private String pskIdentity;
    private String pskKey;
    private String pskPassword;
    private SSLContextParameters sslContextParameters;

    public String getScheme() {
        return scheme;
    }

    /** coap or coaps (the default), or coap+tcp or coaps+tcp (CoAP over TCP and TLS). */
    public void setScheme(String scheme) {
        this.scheme = scheme;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    /** The port; 5683 for coap and coap+tcp, 5684 for coaps and coaps+tcp, when not set. */
    public void setPort(Integer port) {
        this.port = port;
    }

    public String getPskIdentity() {
        return pskIdentity;
    }

    public void setPskIdentity(String pskIdentity) {
        this.pskIdentity = pskIdentity;
    }

    public String getPskKey() {
        return pskKey;
    }

    public void setPskKey(String pskKey) {
        this.pskKey = pskKey;
    }

    public String getPskPassword() {
        return pskPassword;
    }

    public void setPskPassword(String pskPassword) {
        this.pskPassword = pskPassword;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    @Override
    public String toString() {
        return "RmpCoapProvider[" + scheme + "://" + host + (port != null ? ":" + port : "")
               + (pskIdentity != null ? ", pskIdentity=" + pskIdentity : "")
               + (pskKey != null || pskPassword != null ? ", psk=******" : "") + "]";
    }
}
