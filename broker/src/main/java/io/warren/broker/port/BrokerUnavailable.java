package io.warren.broker.port;

/** The broker could not be reached or did not confirm in time. The caller decides whether to retry or give up. */
public class BrokerUnavailable extends RuntimeException {
    public BrokerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
