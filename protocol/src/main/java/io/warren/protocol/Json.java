package io.warren.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The one ObjectMapper, and the decoder that turns any byte array into a valid message or a {@link MalformedMessage}. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(IsoInstants.module()) // after JavaTimeModule, whose Instant reader it puts first
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // "{...} garbage" is not a JSON object
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public static String encodeToString(Object message) {
        return new String(encode(message), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Decodes and validates one message. Anything that is not a JSON object of version 1 with the fields the type
     * needs, valid by the record's own checks, is a {@link MalformedMessage} whose text says what was wrong.
     */
    public static <T> T decode(byte[] body, Class<T> type) throws MalformedMessage {
        if (body == null || body.length == 0) throw new MalformedMessage("empty message body");
        long limit = maxBytes(type);
        if (body.length > limit) {
            throw new MalformedMessage("message of " + body.length + " bytes is larger than the " + limit
                    + "-byte limit for " + type.getSimpleName());
        }
        T fast = decodeOwn(body, type);
        if (fast != null) return fast;
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedMessage("not JSON: " + firstLine(e));
        }
        if (tree == null || !tree.isObject()) throw new MalformedMessage("not a JSON object");
        JsonNode v = tree.get("v");
        if (v == null) throw new MalformedMessage("missing version field \"v\"");
        if (!v.isInt() || v.intValue() != Versioned.VERSION) {
            throw new MalformedMessage("unsupported version \"v\": " + Printable.quote(v.toString()) + "; expected 1");
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            StringBuilder path = new StringBuilder();
            for (var ref : e.getPath()) {
                if (ref.getFieldName() != null) path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                else path.append('[').append(ref.getIndex()).append(']');
            }
            String field = path.length() == 0 ? "" : "field '" + path + "': ";
            String why = firstLine(e).replaceAll(" \\(set [A-Za-z._]+ to '[a-z]+' to allow\\)", "")
                    .replaceAll("Cannot map `null` into type `(int|long|double|boolean)`", "missing or null, but a value of type $1 is required");
            throw new MalformedMessage("invalid " + type.getSimpleName() + ": " + field + why);
        } catch (JsonProcessingException e) {
            throw new MalformedMessage("invalid " + type.getSimpleName() + ": " + firstLine(e));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessage("invalid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static final byte[] OWN_ENDING = "\"v\":1}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * A message as Warren's own senders write it, read in one pass (half the time of the tree and its conversion below):
     * the JSON object parses as the type, and its last member is {@code "v":1}, which a parse that consumed the whole
     * body places at the top level. Anything else, valid or not, returns null and takes the checking path, which says
     * what is wrong.
     */
    private static <T> T decodeOwn(byte[] body, Class<T> type) {
        int end = body.length;
        while (end > 0 && (body[end - 1] == ' ' || body[end - 1] == '\n' || body[end - 1] == '\r' || body[end - 1] == '\t')) {
            end--;
        }
        if (end < OWN_ENDING.length + 1) return null;
        for (int i = 0; i < OWN_ENDING.length; i++) {
            if (body[end - OWN_ENDING.length + i] != OWN_ENDING[i]) return null;
        }
        byte before = body[end - OWN_ENDING.length - 1];
        if (before != ',' && before != '{') return null;
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Task messages name every map output (one worker id per map task); everything else is small. */
    public static final int MAX_TASK_BYTES = 16 << 20;
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    /** The largest message of this type a consumer accepts; anything larger is dead-lettered unread. */
    public static long maxBytes(Class<?> type) {
        return TaskMessage.class.isAssignableFrom(type) ? MAX_TASK_BYTES : MAX_MESSAGE_BYTES;
    }

    /** For files the coordinator writes itself (job state); a failure there is an I/O problem, not bad input. */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String text = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        if (text == null) text = root.getClass().getSimpleName();
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private Json() {
    }
}
