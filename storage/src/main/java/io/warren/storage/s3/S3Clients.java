package io.warren.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.time.Duration;

/** Builds the one S3 client a process uses, from {@link S3Settings}. */
public final class S3Clients {
    /** An unreachable endpoint fails a role or a job within seconds, not after the SDK's long default waits. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /**
     * A request that fails in a way the SDK takes as transient (a connection the server closed, a 500 or 503, a
     * throttle) is tried this many times in all, over about half a minute: a task or a job submission outlasts a
     * server's hiccup instead of failing on its third try. Errors that are not transient (no such bucket, access
     * denied) fail at once, as before.
     */
    static final int MAX_ATTEMPTS = 8;
    private static final BackoffStrategy BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(250),
            Duration.ofSeconds(8));

    /**
     * Tries of a probe: the one request a role or a job makes at start to learn whether the bucket can be used, so that a
     * wrong endpoint, bucket or key is named within seconds rather than after the data path's half minute of retries.
     */
    static final int PROBE_ATTEMPTS = 2;

    /** A client with the default credential chain. */
    public static S3Client create(S3Settings settings) {
        return create(settings, DefaultCredentialsProvider.builder().build());
    }

    /** A client for the data path: it outlasts a server's outage of up to about half a minute. */
    public static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
        return create(settings, credentials, MAX_ATTEMPTS);
    }

    /** A client for the check at start ({@link S3ObjectStore#check}), with the default credential chain. */
    public static S3Client probe(S3Settings settings) {
        return probe(settings, DefaultCredentialsProvider.builder().build());
    }

    public static S3Client probe(S3Settings settings, AwsCredentialsProvider credentials) {
        return create(settings, credentials, PROBE_ATTEMPTS);
    }

    private static S3Client create(S3Settings settings, AwsCredentialsProvider credentials, int attempts) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .credentialsProvider(credentials)
                .region(region(settings))
                // Checksums only where S3 requires them: the SDK's default ones are not understood by every server.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(r -> retries(r, attempts)))
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) builder.endpointOverride(settings.endpoint());
        return builder.build();
    }

    /**
     * Every transient failure is tried {@code attempts} times, with no circuit breaker: a batch task would rather
     * wait for the server than fail once many requests failed at once (the breaker's purpose in a latency-bound
     * service).
     */
    private static void retries(RetryStrategy.Builder<?, ?> retries, int attempts) {
        retries.maxAttempts(attempts).backoffStrategy(BACKOFF);
        if (retries instanceof StandardRetryStrategy.Builder standard) standard.circuitBreakerEnabled(false);
    }

    private static Region region(S3Settings settings) {
        if (settings.region() != null) return Region.of(settings.region());
        // Another S3 server ignores the region: skip the chain, whose last link asks EC2 metadata and waits for it.
        if (settings.endpoint() != null) return Region.of(S3Settings.FALLBACK_REGION);
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.of(S3Settings.FALLBACK_REGION);
        }
    }

    private S3Clients() {
    }
}
