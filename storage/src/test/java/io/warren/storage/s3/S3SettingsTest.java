package io.warren.storage.s3;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3SettingsTest {

    @Test
    void theS3EndpointVariableWinsOverTheGeneralOneAndMeansPathStyle() {
        S3Settings s = S3Settings.fromEnv(Map.of("AWS_ENDPOINT_URL", "http://general:9000",
                "AWS_ENDPOINT_URL_S3", "http://s3only:9000"));

        assertThat(s.endpoint()).isEqualTo(URI.create("http://s3only:9000"));
        assertThat(s.pathStyle()).isTrue();
        assertThat(S3Settings.fromEnv(Map.of("AWS_ENDPOINT_URL", "http://general:9000")).endpoint())
                .isEqualTo(URI.create("http://general:9000"));
    }

    @Test
    void withoutAnEndpointItIsAwsVirtualHostStyle() {
        S3Settings s = S3Settings.fromEnv(Map.of("AWS_REGION", "eu-west-1"));

        assertThat(s.endpoint()).isNull();
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.partBytes()).isEqualTo(S3Settings.DEFAULT_PART_BYTES);
    }

    @Test
    void secretsInTheEnvironmentNeverReachTheSettingsOrTheirText() {
        S3Settings s = S3Settings.fromEnv(Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t-value", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_ENDPOINT_URL_S3", "http://minio:9000"));

        assertThat(s.toString()).doesNotContain("s3cr3t-value").doesNotContain("AKIDEXAMPLE");
    }

    @Test
    void aPartBelowS3sMinimumIsRefused() {
        assertThatThrownBy(() -> S3Settings.fromEnv(Map.of("WARREN_S3_PART_BYTES", "1000")))
                .hasMessageContaining("at least");
    }

    @Test
    void locationsParseBucketAndPrefix() {
        assertThat(S3Location.parse("s3://logs")).isEqualTo(new S3Location("logs", ""));
        assertThat(S3Location.parse("s3://logs/2026/12/")).isEqualTo(new S3Location("logs", "2026/12/"));
        assertThat(S3Location.parse("s3://logs/a").toString()).isEqualTo("s3://logs/a/");
        assertThatThrownBy(() -> S3Location.parse("s3://Bad_Bucket/x")).hasMessageContaining("bucket");
        assertThatThrownBy(() -> S3Location.parse("s3://logs/../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
