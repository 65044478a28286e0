package io.warren.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module and package boundaries DEVELOPERS.md and STYLE.md draw, enforced. */
class PackageDependenciesTest {
    private static JavaClasses warren;

    @BeforeAll
    static void importClasses() {
        warren = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.warren");
    }

    @Test
    void onlyRabbitPackagesTouchTheAmqpClient() {
        noClasses().that().resideOutsideOfPackage("..rabbit..")
                .should().dependOnClassesThat().resideInAPackage("com.rabbitmq..")
                .check(warren);
    }

    @Test
    void onlyTheS3AdapterTouchesTheAwsSdk() {
        noClasses().that().resideOutsideOfPackage("io.warren.storage.s3..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon..")
                .check(warren);
    }

    @Test
    void storageKnowsNoRoleAndNoBroker() {
        noClasses().that().resideInAPackage("io.warren.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.warren.coordinator..", "io.warren.worker..",
                        "io.warren.broker..", "io.warren.cli..")
                .check(warren);
    }

    @Test
    void theApiDependsOnNothingButTheJdk() {
        noClasses().that().resideInAPackage("io.warren.api..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.warren.api..", "java..")
                .check(warren);
    }

    @Test
    void appsUseOnlyTheApi() {
        noClasses().that().resideInAPackage("io.warren.apps..")
                .should().dependOnClassesThat().resideInAnyPackage("io.warren.protocol..", "io.warren.broker..",
                        "io.warren.coordinator..", "io.warren.worker..", "io.warren.cli..")
                .check(warren);
    }

    @Test
    void theWireContractKnowsNoBroker() {
        noClasses().that().resideInAPackage("io.warren.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.warren.broker..", "com.rabbitmq..")
                .check(warren);
    }

    @Test
    void theBrokerAdaptersKnowNoRole() {
        noClasses().that().resideInAPackage("io.warren.broker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.warren.coordinator..", "io.warren.worker..",
                        "io.warren.cli..")
                .check(warren);
    }

    @Test
    void coordinatorAndWorkerDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("io.warren.coordinator..")
                .should().dependOnClassesThat().resideInAPackage("io.warren.worker..").check(warren);
        noClasses().that().resideInAPackage("io.warren.worker..")
                .should().dependOnClassesThat().resideInAPackage("io.warren.coordinator..").check(warren);
    }

    @Test
    void theCoordinatorDomainIsPlainJava() {
        noClasses().that().resideInAPackage("io.warren.coordinator.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.warren.coordinator.storage..",
                        "io.warren.broker.rabbit..", "io.warren.broker.local..", "java.nio.file..")
                .check(warren);
    }

    /** Pipelines are a layer above jobs: they reach jobs through a port, and know neither storage nor the broker. */
    @Test
    void thePipelineLayerIsPlainJavaAboveTheScheduler() {
        noClasses().that().resideInAPackage("io.warren.coordinator.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("io.warren.coordinator.storage..",
                        "io.warren.broker.rabbit..", "io.warren.broker.local..", "java.nio.file..")
                .check(warren);
        noClasses().that().resideInAPackage("io.warren.coordinator.pipeline..")
                .should().dependOnClassesThat().haveSimpleName("TaskScheduler").check(warren);
        noClasses().that().resideInAPackage("io.warren.coordinator.domain..")
                .should().dependOnClassesThat().resideInAPackage("io.warren.coordinator.pipeline..").check(warren);
    }

    @Test
    void metricsLibrariesStayInTheTelemetryAndMetricsPackages() {
        noClasses().that().resideOutsideOfPackages("io.warren.telemetry..", "..metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .check(warren);
    }

    @Test
    void telemetryKnowsNoWarrenRole() {
        noClasses().that().resideInAPackage("io.warren.telemetry..")
                .should().dependOnClassesThat().resideInAnyPackage("io.warren.protocol..", "io.warren.broker..",
                        "io.warren.coordinator..", "io.warren.worker..", "io.warren.cli..")
                .check(warren);
    }
}
