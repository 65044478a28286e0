package io.warren.protocol;

/** A message that cannot be decoded into a valid record. Its text becomes the dead letter's reason header. */
public class MalformedMessage extends Exception {
    public MalformedMessage(String reason) {
        super(reason);
    }
}
