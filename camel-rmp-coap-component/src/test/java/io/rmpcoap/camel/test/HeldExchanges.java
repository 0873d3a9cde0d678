package io.rmpcoap.camel.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * An asynchronous route step that holds each exchange (it frees the thread that ran it) until the test releases it;
 * a released exchange continues with body "released".
 */
public final class HeldExchanges extends AsyncProcessorSupport {

    private final BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        held.add(() -> {
            exchange.getMessage().setBody("released");
            callback.done(false);
        });
        return false;
    }

    /** How many exchanges are held now. */
    public int size() {
        return held.size();
    }

    /** Lets every held exchange continue; returns how many there were. */
    public int releaseAll() {
        List<Runnable> release = new ArrayList<>();
        held.drainTo(release);
        release.forEach(Runnable::run);
        return release.size();
    }
}
