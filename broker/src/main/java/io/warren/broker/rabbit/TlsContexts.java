package io.warren.broker.rabbit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * TLS for {@code amqps://} that verifies the broker: its certificate must chain to a trusted CA (a PEM file given by
 * the operator, else the JVM's trust store) and name the host connected to. The AMQP client's own default for
 * {@code amqps} trusts every certificate, which Warren never uses.
 */
public final class TlsContexts {

    /** @param caFile PEM file of the CA(s) to trust, or null for the JVM's default trust store */
    public static SSLContext verifying(Path caFile) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile == null) {
                trust.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(caFile)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + i++, c);
                    }
                    if (i == 0) throw new IllegalArgumentException("no certificate in CA file " + caFile);
                }
                trust.init(store);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CA file " + caFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS with CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    private TlsContexts() {
    }
}
