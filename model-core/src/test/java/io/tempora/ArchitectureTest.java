package io.tempora;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package layers of model-core, checked on its main classes in every build. The solvers know nothing of
 * networks or models, the gradient methods nothing of the event model, and the building blocks below the
 * model (layers, point-process maths, data) nothing of what is built on them:
 *
 * <pre>
 *   model, model.train          the latent event model, the streaming scorer, training
 *     ↑
 *   adjoint                     gradients through ODE solves
 *     ↑
 *   ode      nn      pp → data  solvers; layers and kernels; point processes; event data
 * </pre>
 *
 * The libraries model-core must not use (Kafka, Avro, ND4J) are banned from its dependency tree by the enforcer
 * plugin; the rule here also catches one reached through a dependency that is allowed.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tempora");

    @Test
    void packagesFormLayers() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("model")
                .definedBy("io.tempora.model..")
                .layer("adjoint")
                .definedBy("io.tempora.adjoint..")
                .layer("ode")
                .definedBy("io.tempora.ode..")
                .layer("nn")
                .definedBy("io.tempora.nn..")
                .layer("pp")
                .definedBy("io.tempora.pp..")
                .layer("data")
                .definedBy("io.tempora.data..")
                .whereLayer("model")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("adjoint")
                .mayOnlyBeAccessedByLayers("pp", "model")
                .whereLayer("ode")
                .mayOnlyBeAccessedByLayers("adjoint", "model")
                .whereLayer("nn")
                .mayOnlyBeAccessedByLayers("adjoint", "model")
                .whereLayer("pp")
                .mayOnlyBeAccessedByLayers("pp", "model")
                .whereLayer("data")
                .mayOnlyBeAccessedByLayers("pp", "model")
                .check(MAIN_CLASSES);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.tempora.(**)").should().beFreeOfCycles().check(MAIN_CLASSES);
    }

    @Test
    void noStreamingWireOrNd4jLibraries() {
        noClasses()
                .that()
                .resideInAPackage("io.tempora..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.apache.avro..", "org.nd4j..", "org.bytedeco..")
                .check(MAIN_CLASSES);
    }

    @Test
    void theImportSeesTheWholeCore() {
        // A rule over an empty import passes vacuously: make sure every layer was actually read.
        for (String pkg : new String[] {"model", "model.train", "adjoint", "ode", "nn", "pp", "data"}) {
            assertThat(MAIN_CLASSES.containPackage("io.tempora." + pkg)).as(pkg).isTrue();
        }
    }
}
