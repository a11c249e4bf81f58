package dev.tock.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked on the compiled classes of every module (tests left out):
 * arrows point down (cli → server → store → core), each route reaches its resource only through its
 * service, no package depends on itself through another, and the worker SDK stands alone.
 */
class ArchitectureTest {
    /** The packages of tock-core. */
    private static final String[] CORE = {"dev.tock", "dev.tock.config..", "dev.tock.engine..", "dev.tock.executor..",
            "dev.tock.handler..", "dev.tock.model..", "dev.tock.schedule..", "dev.tock.secret..", "dev.tock.security..", "dev.tock.service..",
            "dev.tock.store"};

    private static final JavaClasses TOCK = new ClassFileImporter()
            .withImportOption(ArchitectureTest::isProductionCode)
            .importPackages("dev.tock");

    /** Compiled main code only: neither test classes nor test jars (such as tock-core's compatibility suites). */
    private static boolean isProductionCode(Location location) {
        return ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location) && !location.contains("-tests.jar");
    }

    @Test
    void coreImportsNoServerCliOrJdbcClass() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("dev.tock.http..", "dev.tock.cli..", "dev.tock.store.jdbc..",
                        "dev.tock.bench..", "dev.tock.worker..", "java.sql..", "javax.sql..", "org.eclipse.jetty..", "picocli..",
                        "com.zaxxer..", "org.flywaydb..", "org.postgresql..", "org.h2..", "dev.tock.kubernetes..", "io.fabric8..",
                        "tools.jackson..")
                .check(TOCK);
    }

    @Test
    void theKubernetesExecutorPlugsInThroughTheHandlerSpiAlone() {
        noClasses().that().resideInAPackage("dev.tock.kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tock.engine..", "dev.tock.store..", "dev.tock.service..",
                        "dev.tock.http..", "dev.tock.cli..", "dev.tock.executor")
                .because("tock-kubernetes depends only on tock-core, and there only on the executor SPI (dev.tock.executor.spi, dev.tock.handler),"
                        + " the values and the configuration")
                .check(TOCK);
        noClasses().that().resideOutsideOfPackage("dev.tock.kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..")
                .because("the Kubernetes client stays in tock-kubernetes")
                .check(TOCK);
    }

    @Test
    void routesReachTheirResourceOnlyThroughItsService() {
        noClasses().that().resideInAPackage("dev.tock.http..").and().haveSimpleNameEndingWith("Routes")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tock.store..", "dev.tock.engine..")
                .because("a route uses one service (JobRoutes → Jobs); the store and the engine are behind it")
                .check(TOCK);
    }

    @Test
    void servicesAndStoreRolesDoNotKnowTheEngine() {
        noClasses().that().resideInAnyPackage("dev.tock.service..", "dev.tock.store", "dev.tock.model..", "dev.tock.schedule..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tock.engine..")
                .check(TOCK);
    }

    @Test
    void storeImplementationsKnowOnlyTheStoreRolesAndValues() {
        noClasses().that().resideInAPackage("dev.tock.store.jdbc..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tock.engine..", "dev.tock.service..", "dev.tock.http..",
                        "dev.tock.cli..")
                .check(TOCK);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("dev.tock.(**)").should().beFreeOfCycles().check(TOCK);
    }

    @Test
    void theWorkerSdkImportsNoTockModule() {
        classes().that().resideInAPackage("dev.tock.worker..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.tock.worker..", "java..", "javax.annotation..",
                        "com.fasterxml.jackson..", "org.slf4j..")
                .check(TOCK);
    }
}
