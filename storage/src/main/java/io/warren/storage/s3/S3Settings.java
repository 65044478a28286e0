package io.warren.storage.s3;

import java.net.URI;
import java.util.Map;

/**
 * How to reach S3, the AWS way: credentials and region come from the AWS SDK's default chains (environment, profile,
 * container and web-identity credentials); {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL} name another S3
 * server (MinIO, Ceph RGW, s3proxy), which is then addressed path-style. No secret is held here, so this prints safely.
 *
 * @param endpoint  another S3 server, or null for AWS itself
 * @param region    the region when none is configured the AWS way; S3 servers other than AWS take any
 * @param partBytes the size of each part of a multipart upload, and the size from which an object is uploaded in parts
 */
public record S3Settings(URI endpoint, String region, int partBytes) {
    public static final int MIN_PART_BYTES = 5 << 20;
    public static final int DEFAULT_PART_BYTES = 8 << 20;
    /** S3-compatible servers ignore the region but the SDK needs one. */
    public static final String FALLBACK_REGION = "us-east-1";

    public S3Settings {
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("S3 part size must be at least " + MIN_PART_BYTES + " bytes, got " + partBytes);
        }
    }

    /**
     * This process's settings: its environment, where the JVM system properties the AWS SDK reads
     * ({@code aws.endpointUrlS3}, {@code aws.endpointUrl}, {@code aws.region}) take the same roles.
     */
    public static S3Settings fromProcess() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        putProperty(env, "AWS_ENDPOINT_URL_S3", "aws.endpointUrlS3");
        putProperty(env, "AWS_ENDPOINT_URL", "aws.endpointUrl");
        putProperty(env, "AWS_REGION", "aws.region");
        return fromEnv(env);
    }

    private static void putProperty(Map<String, String> env, String variable, String property) {
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) env.put(variable, value);
    }

    public static S3Settings fromEnv(Map<String, String> env) {
        String endpoint = firstSet(env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
        String region = firstSet(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        String part = env.get("WARREN_S3_PART_BYTES");
        return new S3Settings(endpoint == null ? null : URI.create(endpoint), region,
                part == null || part.isBlank() ? DEFAULT_PART_BYTES : Integer.parseInt(part.trim()));
    }

    private static String firstSet(String a, String b) {
        if (a != null && !a.isBlank()) return a.trim();
        return b == null || b.isBlank() ? null : b.trim();
    }

    /** Whether objects are addressed as {@code endpoint/bucket/key}: on any server but AWS itself. */
    public boolean pathStyle() {
        return endpoint != null;
    }
}
