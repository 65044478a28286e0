package io.warren.storage.s3;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * S3's errors as the port's: an {@link IOException} that names the URI and what S3 said (its error code and status,
 * as "AccessDenied (403)" or "NoSuchBucket (404)", or the client's reason for an unreachable endpoint). The SDK's
 * unchecked exceptions stop at this package's boundary, as amqp-client's stop at the broker adapter's.
 */
final class S3Failures {

    static IOException of(String action, String uri, SdkException e) {
        return new IOException("cannot " + action + " " + uri + ": " + describe(e), e);
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            String message = s.awsErrorDetails().errorMessage();
            return (code == null ? "S3 error" : code) + " (" + s.statusCode() + ")" + (message == null ? "" : ": " + message);
        }
        return e.getMessage();
    }

    static boolean isStatus(SdkException e, int status) {
        return e instanceof AwsServiceException s && s.statusCode() == status;
    }

    static boolean isMissingKey(SdkException e) {
        return isStatus(e, 404) && !(e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && "NoSuchBucket".equals(s.awsErrorDetails().errorCode()));
    }

    static NoSuchFileException missing(String uri, SdkException e) {
        NoSuchFileException missing = new NoSuchFileException(uri, null, describe(e));
        missing.initCause(e);
        return missing;
    }

    private S3Failures() {
    }
}
