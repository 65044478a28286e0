package io.warren.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No container engine runs here, so the compose file and the Kubernetes manifests are checked as documents: valid
 * YAML with the expected kinds and the settings that matter (a dedicated broker user and vhost, secrets from a Secret,
 * grace periods longer than a worker's shutdown, KEDA on the task queue including unacknowledged messages).
 */
class DeploymentManifestsTest {
    private static final Path ROOT = Path.of("..");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file))) {
            while (it.hasNext()) docs.add(it.next());
        }
        return docs;
    }

    @Test
    void theComposeFileRunsBrokerCoordinatorAndScalableWorkersAsADedicatedUser() throws IOException {
        JsonNode compose = documents(ROOT.resolve("docker-compose.yml")).get(0);
        JsonNode services = compose.get("services");
        assertThat(services.fieldNames()).toIterable().contains("rabbitmq", "coordinator", "worker");
        JsonNode rabbit = services.get("rabbitmq").get("environment");
        assertThat(rabbit.get("RABBITMQ_DEFAULT_VHOST").asText()).isEqualTo("warren");
        assertThat(rabbit.get("RABBITMQ_DEFAULT_USER").asText()).contains("WARREN_BROKER_USER").doesNotContain("guest");
        for (String role : List.of("coordinator", "worker")) {
            JsonNode service = services.get(role);
            String uri = service.path("environment").path("WARREN_AMQP_URI").asText();
            assertThat(uri).as(role).contains("${WARREN_BROKER_USER").contains("${WARREN_BROKER_PASSWORD").endsWith("/warren");
            assertThat(service.get("volumes").get(0).asText()).isEqualTo("warren-storage:/data");
        }
        assertThat(services.get("worker").get("stop_grace_period").asText()).isEqualTo("60s");
        assertThat(services.at("/worker/environment/WARREN_WORKER_HTTP_PORT").asText()).isEqualTo("8081");
        assertThat(services.at("/prometheus/profiles/0").asText()).isEqualTo("monitoring");
        assertThat(Files.readString(ROOT.resolve("deploy/prometheus.yml"))).contains("coordinator:8080", "port: 8081");
        services.fields().forEachRemaining(s -> s.getValue().path("ports").forEach(p ->
                assertThat(p.asText()).as("published on this machine only").startsWith("127.0.0.1:")));
        assertThat(compose.get("volumes").has("warren-storage")).isTrue();
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).doesNotContain("guest");
    }

    @Test
    void theKubernetesManifestsHaveTheExpectedKindsAndSettings() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s"))) {
            for (Path f : files.sorted().toList()) {
                docs.addAll(documents(f));
                assertThat(Files.readString(f)).as("%s", f).doesNotContain("guest");
            }
        }
        assertThat(docs).extracting(d -> d.get("kind").asText())
                .contains("Secret", "PersistentVolumeClaim", "Deployment", "ScaledObject", "TriggerAuthentication");
        JsonNode pvc = kind(docs, "PersistentVolumeClaim", "warren-storage");
        assertThat(pvc.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteMany");

        JsonNode worker = kind(docs, "Deployment", "warren-worker");
        JsonNode pod = worker.at("/spec/template/spec");
        JsonNode container = pod.get("containers").get(0);
        assertThat(container.get("args").get(0).asText()).isEqualTo("worker");
        assertThat(env(container, "WARREN_AMQP_URI").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("warren-broker");
        long grace = Long.parseLong(env(container, "WARREN_SHUTDOWN_GRACE").get("value").asText().replace("s", ""));
        assertThat(pod.get("terminationGracePeriodSeconds").asLong()).isGreaterThan(grace);

        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(env(container, "WARREN_WORKER_HTTP_PORT").get("value").asText())
                .isEqualTo(worker.at("/spec/template/metadata/annotations/prometheus.io~1port").asText())
                .isEqualTo(container.at("/ports/0/containerPort").asText());

        JsonNode coordinator = kind(docs, "Deployment", "warren-coordinator");
        assertThat(coordinator.at("/spec/replicas").asInt()).as("a standby for failover").isEqualTo(2);
        JsonNode active = coordinator.at("/spec/template/spec/containers/0");
        assertThat(active.at("/readinessProbe/httpGet/path").asText()).as("only the active one is ready").isEqualTo("/health/ready");
        assertThat(coordinator.at("/spec/template/metadata/annotations/prometheus.io~1path").asText()).isEqualTo("/metrics");
        assertThat(kind(docs, "Service", "warren-status").at("/spec/selector/app").asText()).isEqualTo("warren-coordinator");

        JsonNode scaled = kind(docs, "ScaledObject", "warren-worker");
        assertThat(scaled.at("/spec/minReplicaCount").asInt()).isZero();
        assertThat(scaled.at("/spec/scaleTargetRef/name").asText()).isEqualTo("warren-worker");
        JsonNode trigger = scaled.at("/spec/triggers/0");
        assertThat(trigger.get("type").asText()).isEqualTo("rabbitmq");
        assertThat(java.util.regex.Pattern.compile(trigger.at("/metadata/queueName").asText()).asPredicate())
                .as("every band of the task queue, and nothing else")
                .accepts("warren.tasks", "warren.tasks.band1", "warren.tasks.band2")
                .rejects("warren.jobs", "warren.events", "warren.tasks.band3", "xwarren.tasks");
        assertThat(trigger.at("/metadata/useRegex").asText()).isEqualTo("true");
        assertThat(trigger.at("/metadata/operation").asText()).isEqualTo("sum");
        assertThat(trigger.at("/metadata/protocol").asText()).as("http counts unacked messages too").isEqualTo("http");
        assertThat(trigger.at("/metadata/mode").asText()).isEqualTo("QueueLength");
        assertThat(trigger.at("/metadata/vhostName").asText()).isEqualTo("warren");
    }

    @Test
    void theComposeClusterVariantRunsThreeRabbitNodesThatFindEachOtherAndWarrenListsThemAll() throws IOException {
        JsonNode base = documents(ROOT.resolve("docker-compose.yml")).get(0).get("services");
        JsonNode services = withAnchors(ROOT.resolve("docker-compose.cluster.yml")).get("services");
        List<String> nodes = List.of("rabbitmq", "rabbitmq-2", "rabbitmq-3");
        String conf = Files.readString(ROOT.resolve("deploy/rabbitmq/cluster.conf"));
        assertThat(conf).contains("cluster_formation.peer_discovery_backend = classic_config");
        for (String node : nodes) {
            JsonNode service = services.get(node);
            assertThat(service).as(node).isNotNull();
            assertThat(service.get("hostname").asText()).isEqualTo(node);
            assertThat(conf).contains("= rabbit@" + node + "\n");
            assertThat(service.at("/volumes/0").asText())
                    .isEqualTo("./deploy/rabbitmq/cluster.conf:/etc/rabbitmq/conf.d/20-cluster.conf:ro");
            JsonNode env = service.get("environment");
            assertThat(env.get("RABBITMQ_DEFAULT_VHOST").asText()).isEqualTo("warren");
            assertThat(env.get("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS").asText()).contains("${WARREN_BROKER_COOKIE");
            assertThat(service.at("/healthcheck/test/1").asText()).isEqualTo("rabbitmq-diagnostics");
        }
        assertThat(base.has("rabbitmq")).as("the first node is the base file's broker, overridden").isTrue();
        for (String role : List.of("coordinator", "worker", "submit")) {
            JsonNode env = services.get(role).get("environment");
            assertThat(env.get("WARREN_QUEUE_TYPE").asText()).as(role).isEqualTo("quorum");
            assertThat(env.get("WARREN_AMQP_URI").asText()).as(role)
                    .contains("@rabbitmq:5672,rabbitmq-2:5672,rabbitmq-3:5672/warren")
                    .contains("${WARREN_BROKER_PASSWORD");
            assertThat(services.get(role).get("depends_on").fieldNames()).toIterable()
                    .contains("rabbitmq-2", "rabbitmq-3");
        }
        assertThat(Files.readString(ROOT.resolve(".env.example"))).contains("WARREN_BROKER_COOKIE=");
        assertThat(Files.readString(ROOT.resolve("docker-compose.cluster.yml"))).doesNotContain("guest");
    }

    @Test
    void theKubernetesBrokerIsAThreeNodeRabbitmqClusterThatWarrenUsesWithQuorumQueuesOnEveryNode() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s"))) {
            for (Path f : files.sorted().toList()) docs.addAll(documents(f));
        }
        JsonNode cluster = kind(docs, "RabbitmqCluster", "warren-rabbitmq");
        assertThat(cluster.get("apiVersion").asText()).isEqualTo("rabbitmq.com/v1beta1");
        assertThat(cluster.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(cluster.at("/spec/rabbitmq/additionalConfig").asText()).contains("quorum_queue.initial_cluster_size = 3");
        assertThat(kind(docs, "Vhost", "warren").at("/spec/name").asText()).isEqualTo("warren");
        assertThat(kind(docs, "User", "warren").at("/spec/importCredentialsSecret/name").asText())
                .isEqualTo(kind(docs, "Secret", "warren-broker-credentials").at("/metadata/name").asText());
        assertThat(kind(docs, "Permission", "warren").at("/spec/vhost").asText()).isEqualTo("warren");

        String uri = kind(docs, "Secret", "warren-broker").at("/stringData/uri").asText();
        for (int pod = 0; pod < 3; pod++) {
            assertThat(uri).contains("warren-rabbitmq-server-" + pod + ".warren-rabbitmq-nodes.default.svc:5672");
        }
        assertThat(uri).endsWith("/warren");
        for (String role : List.of("warren-coordinator", "warren-worker")) {
            JsonNode container = kind(docs, "Deployment", role).at("/spec/template/spec/containers/0");
            assertThat(env(container, "WARREN_QUEUE_TYPE").get("value").asText()).as(role).isEqualTo("quorum");
        }
    }

    @Test
    void theComposeObjectStorageVariantPutsTheWholeStorageRootInAMinioBucket() throws IOException {
        JsonNode services = withAnchors(ROOT.resolve("docker-compose.s3.yml")).get("services");
        assertThat(services.at("/minio/environment/MINIO_ROOT_PASSWORD").asText()).contains("${WARREN_S3_PASSWORD");
        assertThat(services.at("/minio-setup/entrypoint/2").asText()).contains("mc mb --ignore-existing store/warren");
        for (String role : List.of("coordinator", "worker", "submit")) {
            JsonNode env = services.get(role).get("environment");
            assertThat(env.get("WARREN_STORAGE").asText()).as(role).isEqualTo("s3://warren");
            assertThat(env.get("AWS_ENDPOINT_URL_S3").asText()).as(role).isEqualTo("http://minio:9000");
            assertThat(env.get("AWS_SECRET_ACCESS_KEY").asText()).as(role).contains("${WARREN_S3_PASSWORD");
            assertThat(services.at("/" + role + "/depends_on/minio-setup/condition").asText()).as(role)
                    .isEqualTo("service_completed_successfully");
        }
        assertThat(Files.readString(ROOT.resolve(".env.example"))).contains("WARREN_S3_USER=", "WARREN_S3_PASSWORD=");
    }

    @Test
    void theKubernetesObjectStorageVariantHasNoSharedVolumeAndReadsItsS3SettingsFromASecret() throws IOException {
        Path overlay = ROOT.resolve("deploy/k8s-s3");
        JsonNode kustomization = documents(overlay.resolve("kustomization.yaml")).get(0);
        List<String> resources = new ArrayList<>();
        kustomization.get("resources").forEach(r -> resources.add(r.asText()));
        assertThat(resources).contains("../k8s", "s3-secret.yaml");
        assertThat(kustomization.at("/patches/0/path").asText()).isEqualTo("storage-in-bucket.yaml");
        List<String> base = new ArrayList<>();
        documents(ROOT.resolve("deploy/k8s/kustomization.yaml")).get(0).get("resources").forEach(r -> base.add(r.asText()));
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s"))) {
            assertThat(base).as("the base lists every manifest").containsExactlyInAnyOrderElementsOf(files
                    .map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")).toList());
        }

        JsonNode secret = kind(documents(overlay.resolve("s3-secret.yaml")), "Secret", "warren-s3");
        assertThat(secret.get("stringData").fieldNames()).toIterable()
                .contains("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_S3");
        List<JsonNode> patches = documents(overlay.resolve("storage-in-bucket.yaml"));
        for (String role : List.of("warren-coordinator", "warren-worker")) {
            JsonNode pod = kind(patches, "Deployment", role).at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            assertThat(env(container, "WARREN_STORAGE").get("value").asText()).as(role).startsWith("s3://");
            assertThat(container.at("/envFrom/0/secretRef/name").asText()).as(role).isEqualTo("warren-s3");
            assertThat(container.at("/volumeMounts/0/$patch").asText()).as(role).isEqualTo("delete");
            assertThat(pod.at("/volumes/0/name").asText()).isEqualTo("storage");
            assertThat(pod.at("/volumes/0/$patch").asText()).as(role).isEqualTo("delete");
        }
        assertThat(kind(patches, "PersistentVolumeClaim", "warren-storage").get("$patch").asText()).isEqualTo("delete");
    }

    /** SnakeYAML applies anchors and merge keys ({@code <<: *node}) as Compose does; Jackson's reader keeps them as is. */
    private static JsonNode withAnchors(Path file) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml()
                .<Object>load(Files.readString(file)));
    }

    private static JsonNode kind(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.get("kind").asText().equals(kind) && d.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.get("env")) if (e.get("name").asText().equals(name)) return e;
        throw new AssertionError("no env " + name);
    }
}
