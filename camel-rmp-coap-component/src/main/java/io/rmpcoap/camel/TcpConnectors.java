package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.TcpConfig;
import org.eclipse.californium.elements.tcp.netty.DatagramFramer;
import org.eclipse.californium.elements.tcp.netty.TcpClientConnector;
import org.eclipse.californium.elements.tcp.netty.TcpContextUtil;
import org.eclipse.californium.elements.tcp.netty.TcpServerConnector;
import org.eclipse.californium.elements.tcp.netty.TlsClientConnector;
import org.eclipse.californium.elements.tcp.netty.TlsContextUtil;
import org.eclipse.californium.elements.tcp.netty.TlsServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Californium's TCP and TLS connectors (RFC 8323) for coap+tcp and coaps+tcp, with what they lack: each connection
 * opens with a Capabilities and Settings Message (RFC 8323 section 5.3; libcoap's client waits for the server's
 * before it sends a request), a Ping is answered with a Pong, and a message longer than the endpoint's limit closes
 * the connection instead of being buffered whole.
 */
final class TcpConnectors {

    private static final Logger LOG = LoggerFactory.getLogger(TcpConnectors.class);

    /** Signal codes (RFC 8323 section 5): class 7; 7.02 Ping, 7.03 Pong. */
    private static final int SIGNAL_CLASS = 7;
    private static final int PING = 0xE2;
    private static final int PONG = 0xE3;

    /** Room for header, token and options (a 1034-byte Proxy-Uri included) beside the largest payload. */
    static final int MESSAGE_OVERHEAD = 2048;

    private TcpConnectors() {
    }

    /** The largest CoAP message an endpoint with this payload limit sends or accepts over one connection. */
    static int maxMessageSize(int maxPayloadSize) {
        return maxPayloadSize + MESSAGE_OVERHEAD;
    }

    /**
     * A server connector on {@code bind}: plain TCP when {@code tls} is null, else TLS with the client authentication
     * of {@link TcpConfig#TLS_CLIENT_AUTHENTICATION_MODE}.
     */
    static Connector server(SSLContext tls, InetSocketAddress bind, Configuration configuration, int maxPayloadSize) {
        int limit = maxMessageSize(maxPayloadSize);
        if (tls == null) {
            return new TcpServerConnector(bind, configuration) {
                @Override
                protected void onNewChannelCreated(Channel channel) {
                    channel.pipeline().addLast(new Connection(new TcpContextUtil(), limit, null, null));
                }
            };
        }
        TcpContextUtil context = new TlsContextUtil(configuration.get(TcpConfig.TLS_CLIENT_AUTHENTICATION_MODE));
        return new TlsServerConnector(tls, bind, configuration) {
            @Override
            protected void onNewChannelCreated(Channel channel) {
                super.onNewChannelCreated(channel);
                channel.pipeline().addLast(new Connection(context, limit, null, null));
            }
        };
    }

    /**
     * A client connector, one connection per peer: plain TCP when {@code tls} is null, else TLS that verifies the
     * server's certificate and its subject. {@code closed} (may be null) learns of every connection that ends.
     */
    static Connector client(SSLContext tls, Configuration configuration, int maxPayloadSize,
                            Consumer<InetSocketAddress> closed) {
        int limit = maxMessageSize(maxPayloadSize);
        if (tls == null) {
            return new TcpClientConnector(configuration) {
                @Override
                protected void onNewChannelCreated(SocketAddress remote, Channel channel) {
                    channel.pipeline().addLast(new Connection(new TcpContextUtil(), limit, remote, closed));
                }
            };
        }
        TcpContextUtil context = new TlsContextUtil(CertificateAuthenticationMode.NEEDED);
        return new TlsClientConnector(tls, configuration) {
            @Override
            protected void onNewChannelCreated(SocketAddress remote, Channel channel) {
                super.onNewChannelCreated(remote, channel);
                channel.pipeline().addLast(new Connection(context, limit, remote, closed));
            }
        };
    }

    /**
     * The Capabilities and Settings Message (signal 7.01) with one option, Max-Message-Size (2), as an RFC 8323
     * section 3.2 frame: Len/TKL byte (no token), code, option header (delta 2) and the value in as few bytes as it
     * needs. Block-Wise-Transfer (BERT) is not offered: with Max-Message-Size above the payload limit, bodies travel in
     * one message.
     */
    static byte[] capabilitiesAndSettings(int maxMessageSize) {
        int valueLength = maxMessageSize < 0x100 ? 1 : maxMessageSize < 0x10000 ? 2 : maxMessageSize < 0x1000000 ? 3 : 4;
        byte[] frame = new byte[3 + valueLength];
        frame[0] = (byte) ((1 + valueLength) << 4);
        frame[1] = (byte) 0xE1;
        frame[2] = (byte) (0x20 | valueLength);
        for (int i = 0; i < valueLength; i++) {
            frame[3 + i] = (byte) (maxMessageSize >>> (8 * (valueLength - 1 - i)));
        }
        return frame;
    }

    /**
     * One connection's additions to Californium's pipeline: sends the CSM first, swaps Californium's framer for one
     * with a size limit, and reports the end of a client connection.
     */
    private static final class Connection extends ChannelInboundHandlerAdapter {

        private final TcpContextUtil context;
        private final int limit;
        private final SocketAddress remote;
        private final Consumer<InetSocketAddress> closed;

        Connection(TcpContextUtil context, int limit, SocketAddress remote, Consumer<InetSocketAddress> closed) {
            this.context = context;
            this.limit = limit;
            this.remote = remote;
            this.closed = closed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            // Californium has added its handlers by now; over TLS the write waits for the handshake
            ctx.pipeline().replace(DatagramFramer.class, "rmpcoap-framer", new BoundedFramer(context, limit));
            ctx.writeAndFlush(Unpooled.wrappedBuffer(capabilitiesAndSettings(limit)));
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (closed != null && remote instanceof InetSocketAddress peer) {
                closed.accept(peer);
            }
            super.channelInactive(ctx);
        }
    }

    /**
     * Californium's framer, but a message that announces more than the limit closes the connection at once, and
     * signals (RFC 8323 section 5, code class 7), which Californium would log as malformed messages, stay here: a Ping
     * is answered with a Pong carrying its token, the others (the peer's CSM, Release, Abort) are dropped.
     */
    private static final class BoundedFramer extends DatagramFramer {

        private final int limit;

        BoundedFramer(TcpContextUtil context, int limit) {
            super(context);
            this.limit = limit;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            long length = announcedLength(in);
            if (length > limit) {
                LOG.info("Closing the CoAP over TCP connection with {}: a message of {} bytes exceeds the limit of {} bytes "
                         + "(maxPayloadSize + {})", ctx.channel().remoteAddress(), length, limit, MESSAGE_OVERHEAD);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            int first = out.size();
            super.decode(ctx, in, out);
            for (int i = out.size() - 1; i >= first; i--) {
                byte[] frame = ((RawData) out.get(i)).getBytes();
                int code = codeIndex(frame);
                if ((frame[code] & 0xFF) >>> 5 == SIGNAL_CLASS) {
                    out.remove(i);
                    if ((frame[code] & 0xFF) == PING) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(pong(frame, code)));
                    }
                }
            }
        }

        /** The index of the code byte: after the Len/TKL byte and the extended length. */
        private static int codeIndex(byte[] frame) {
            int nibble = (frame[0] & 0xF0) >>> 4;
            return 1 + (nibble == 13 ? 1 : nibble == 14 ? 2 : nibble == 15 ? 4 : 0);
        }

        /** A Pong (7.03) with the Ping's token and no options (RFC 8323 section 5.4). */
        private static byte[] pong(byte[] ping, int code) {
            int tokenLength = Math.min(ping[0] & 0x0F, 8);
            byte[] pong = new byte[2 + tokenLength];
            pong[0] = (byte) tokenLength;
            pong[1] = (byte) PONG;
            System.arraycopy(ping, code + 1, pong, 2, Math.min(tokenLength, ping.length - code - 1));
            return pong;
        }

        /** The length of options and payload the next frame announces (RFC 8323 section 3.2), -1 if not yet known. */
        private static long announcedLength(ByteBuf in) {
            if (in.readableBytes() < 1) {
                return -1;
            }
            int nibble = (in.getByte(in.readerIndex()) & 0xF0) >>> 4;
            int extended = nibble == 13 ? 1 : nibble == 14 ? 2 : nibble == 15 ? 4 : 0;
            if (extended == 0) {
                return nibble;
            }
            if (in.readableBytes() < 1 + extended) {
                return -1;
            }
            int start = in.readerIndex() + 1;
            return switch (extended) {
                case 1 -> in.getUnsignedByte(start) + 13L;
                case 2 -> in.getUnsignedShort(start) + 269L;
                default -> in.getUnsignedInt(start) + 65805L;
            };
        }
    }
}
