package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A streaming job (Hadoop Streaming's protocol): the mapper, reducer and combiner are commands that read lines on
 * stdin and write {@code key\tvalue} lines on stdout, run one process per task in a private working directory that
 * holds the shipped {@code files}.
 * <pre>{"mapper": "python3 map.py", "reducer": "python3 reduce.py", "combiner": null,
 *  "files": [{"name": "map.py", "content": "&lt;base64&gt;", "executable": false}]}</pre>
 * In a job spec each file carries its content (so any AMQP client can ship one); the coordinator writes them to the
 * job's directory on the shared storage, and task messages carry only the names ({@link #withoutContents()}).
 * A command is split into words like a shell would (quotes and backslashes), but no shell runs it.
 * <p>Optional, added later: the mapper's key is its line's first {@code keyFields} fields (default 1) split at
 * {@code fieldSeparator} (one ASCII character, default tab), as Hadoop Streaming's
 * {@code stream.num.map.output.key.fields} and {@code stream.map.output.field.separator}; pairs are partitioned by the
 * key's first {@code partitionKeyFields} fields (default all of them, {@code num.key.fields.for.partition}), so a
 * reducer can get a group's lines sorted by the later fields: a secondary sort.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Streaming(String mapper, String reducer, String combiner, List<ShippedFile> files, Integer keyFields,
                        String fieldSeparator, Integer partitionKeyFields) {
    /** The app name a streaming job runs under, in task messages and on the status page. */
    public static final String APP = "streaming";
    /** Shipped files travel inside the spec message (base64), which the job queue bounds at 1 MiB. */
    public static final int MAX_FILES_BYTES = 512 * 1024;
    public static final int MAX_FILES = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    /** A file for the task's working directory; {@code content} is base64, and absent in task messages. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShippedFile(String name, String content, Boolean executable) {
        public boolean isExecutable() {
            return Boolean.TRUE.equals(executable);
        }

        /** The decoded content; an {@link IllegalArgumentException} naming the file if it is not base64. */
        public byte[] bytes() {
            if (content == null) throw new IllegalArgumentException("shipped file " + Printable.quote(name) + " has no content");
            try {
                return Base64.getMimeDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("shipped file " + Printable.quote(name) + ": content is not base64 ("
                        + e.getMessage() + ")");
            }
        }
    }

    public Streaming {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public Streaming(String mapper, String reducer, String combiner, List<ShippedFile> files) {
        this(mapper, reducer, combiner, files, null, null, null);
    }

    /** The same job with its key made of the first {@code fields} fields split at {@code separator}; nulls: defaults. */
    public Streaming withKeys(Integer fields, String separator, Integer partitionFields) {
        return new Streaming(mapper, reducer, combiner, files, fields, separator, partitionFields);
    }

    /** How many fields of a mapper's line make its key. */
    public int keyFieldCount() {
        return keyFields == null ? 1 : keyFields;
    }

    /** How many of the key's fields choose its reduce. */
    public int partitionFieldCount() {
        return partitionKeyFields == null ? keyFieldCount() : partitionKeyFields;
    }

    /** The character between fields, and between a key and its value. */
    public char separator() {
        return fieldSeparator == null ? '\t' : fieldSeparator.charAt(0);
    }

    public static ShippedFile file(String name, byte[] content, boolean executable) {
        return new ShippedFile(name, Base64.getEncoder().encodeToString(content), executable ? Boolean.TRUE : null);
    }

    /** The same job with the files' names only: what tasks carry, since workers read the files from storage. */
    public Streaming withoutContents() {
        return new Streaming(mapper, reducer, combiner,
                files.stream().map(f -> new ShippedFile(f.name(), null, f.executable())).toList(), keyFields,
                fieldSeparator, partitionKeyFields);
    }

    public boolean hasReducer() {
        return reducer != null && !reducer.isBlank();
    }

    public boolean hasCombiner() {
        return combiner != null && !combiner.isBlank();
    }

    /**
     * Checks what can be checked before any task runs: a mapper, commands that parse, safe and distinct file names,
     * base64 contents within {@link #MAX_FILES_BYTES}. Throws {@link IllegalArgumentException} with a message for the
     * user.
     */
    public void validate() {
        if (mapper == null || mapper.isBlank()) {
            throw new IllegalArgumentException("a streaming job needs a \"mapper\" command, such as 'python3 map.py'");
        }
        argv("mapper", mapper);
        if (hasReducer()) argv("reducer", reducer);
        if (hasCombiner()) argv("combiner", combiner);
        checkKeys();
        if (files.size() > MAX_FILES) {
            throw new IllegalArgumentException("a streaming job may ship at most " + MAX_FILES + " files, got " + files.size());
        }
        Set<String> names = new HashSet<>();
        long total = 0;
        for (ShippedFile f : files) {
            if (f == null || f.name() == null || !NAME.matcher(f.name()).matches()) {
                throw new IllegalArgumentException("shipped file name " + Printable.quote(f == null ? null : f.name())
                        + " is not allowed: use a plain file name (letters, digits, '.', '_', '-'; no directories)");
            }
            if (!names.add(f.name())) throw new IllegalArgumentException("file " + Printable.quote(f.name()) + " is shipped twice");
            total += f.bytes().length;
            if (total > MAX_FILES_BYTES) {
                throw new IllegalArgumentException("shipped files total more than " + MAX_FILES_BYTES / 1024 + " KiB (at "
                        + Printable.quote(f.name()) + "); ship scripts only, and put data on the shared storage as input");
            }
        }
    }

    private void checkKeys() {
        if (fieldSeparator != null && (fieldSeparator.length() != 1 || fieldSeparator.charAt(0) > 0x7f
                || fieldSeparator.charAt(0) == '\n')) {
            throw new IllegalArgumentException("\"fieldSeparator\" must be one ASCII character other than a newline, got "
                    + Printable.quote(fieldSeparator));
        }
        if (keyFields != null && keyFields < 1) throw new IllegalArgumentException("\"keyFields\" must be at least 1, got " + keyFields);
        if (partitionKeyFields != null && (partitionKeyFields < 1 || partitionKeyFields > keyFieldCount())) {
            throw new IllegalArgumentException("\"partitionKeyFields\" must be between 1 and the key's " + keyFieldCount()
                    + " field(s), got " + partitionKeyFields);
        }
        if (hasCombiner() && (keyFieldCount() != 1 || separator() != '\t')) {
            throw new IllegalArgumentException("a streaming combiner reads and writes key<TAB>value lines: it cannot be"
                    + " combined with \"keyFields\" or \"fieldSeparator\"");
        }
    }

    /** Splits a command into its words; {@code role} names it in the error for an unclosed quote. */
    public static List<String> argv(String role, String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else word.append(c);
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException(role + " command " + Printable.quote(command) + " has an unclosed " + quote);
        if (inWord) words.add(word.toString());
        if (words.isEmpty()) throw new IllegalArgumentException(role + " command is empty");
        return List.copyOf(words);
    }
}
