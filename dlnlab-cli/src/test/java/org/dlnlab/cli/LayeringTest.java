package org.dlnlab.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of docs/architecture.md stay one-way: core ← experiments ← cli (the bench module sits on the core and
 * nothing depends on it), no two packages depend on each other (the core's included), and the curvature estimators know only symmetric
 * operators, not the objectives that provide them.
 */
class LayeringTest {
    private static final String[] CORE = {"org.dlnlab", "org.dlnlab.model..", "org.dlnlab.data..", "org.dlnlab.init..",
            "org.dlnlab.objective..", "org.dlnlab.kernels..", "org.dlnlab.curvature..", "org.dlnlab.train..",
            "org.dlnlab.theory.."};
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.dlnlab");

    @Test
    void theCoreDependsOnNeitherExperimentsNorTheCommandLine() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("org.dlnlab.experiments..", "org.dlnlab.cli..").check(CLASSES);
    }

    @Test
    void experimentsDoNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("org.dlnlab.experiments..").should().dependOnClassesThat()
                .resideInAPackage("org.dlnlab.cli..").check(CLASSES);
    }

    @Test
    void thePackagesAreAcyclic() {
        slices().matching("org.dlnlab.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void curvatureWorksOnOperatorsNotOnObjectivesOrModels() {
        noClasses().that().resideInAPackage("org.dlnlab.curvature..").should().dependOnClassesThat()
                .resideInAnyPackage("org.dlnlab.objective..", "org.dlnlab.model..", "org.dlnlab.train..",
                        "org.dlnlab.data..")
                .check(CLASSES);
    }

    @Test
    void kernelsAreTheBottomLayer() {
        noClasses().that().resideInAPackage("org.dlnlab.kernels..").should().dependOnClassesThat()
                .resideInAnyPackage("org.dlnlab.model..", "org.dlnlab.data..", "org.dlnlab.init..",
                        "org.dlnlab.objective..", "org.dlnlab.curvature..", "org.dlnlab.train..", "org.dlnlab.theory..")
                .check(CLASSES);
    }
}
