package org.fractify.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The layering every module keeps, as ArchUnit rules; each module runs them from its own
 * {@code LayeringTest} on its production classes (tests may reach across layers).
 *
 * <ul>
 * <li>{@code rest} (HTTP resources) does not reach {@code persistence}: a resource asks a service.</li>
 * <li>{@code persistence}, {@code mapping} and {@code client} do not reach {@code service}: services use
 * them, never the other way round, so the service layer is the only place where they meet.</li>
 * <li>No cycles between the packages of a module.</li>
 * <li>A library ({@code libs/}) does not depend on Quarkus: it is plain Java any service (or tool) can use.</li>
 * </ul>
 */
public final class Layering {

    private Layering() {
    }

    /** The rules of a service module rooted at {@code rootPackage} (e.g. {@code org.fractify.gateway}). */
    public static List<ArchRule> serviceRules(String rootPackage) {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(noClasses().that().resideInAPackage(rootPackage + ".rest..")
                .should().dependOnClassesThat().resideInAPackage(rootPackage + ".persistence..")
                .because("a resource asks a service; only services touch persistence")
                .allowEmptyShould(true));
        rules.add(noClasses().that().resideInAnyPackage(rootPackage + ".persistence..", rootPackage + ".mapping..",
                        rootPackage + ".client..")
                .should().dependOnClassesThat().resideInAPackage(rootPackage + ".service..")
                .because("services use persistence, mapping and clients, never the other way round")
                .allowEmptyShould(true));
        rules.add(noCycles(rootPackage));
        return rules;
    }

    /** The rules of a library module rooted at {@code rootPackage} (e.g. {@code org.fractify.dicom}). */
    public static List<ArchRule> libraryRules(String rootPackage) {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().resideInAPackage("io.quarkus..")
                .because("libraries are plain Java, usable outside Quarkus"));
        rules.add(noCycles(rootPackage));
        return rules;
    }

    /** Checks every rule on the production classes under {@code rootPackage}; fails with all violations. */
    public static void check(String rootPackage, List<ArchRule> rules) {
        JavaClasses classes = productionClasses(rootPackage);
        List<String> failures = new ArrayList<>();
        for (ArchRule rule : rules) {
            var result = rule.evaluate(classes);
            if (result.hasViolation()) {
                failures.add(result.getFailureReport().toString());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n\n", failures));
        }
    }

    /** The production classes (no test classes) of the packages under {@code rootPackage}. */
    public static JavaClasses productionClasses(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
    }

    private static ArchRule noCycles(String rootPackage) {
        // Sliced from the parent so that the root package itself (org.fractify.dicom) is a slice too; only
        // this module's classes are imported, so the slices are this module's packages.
        String parent = rootPackage.substring(0, rootPackage.lastIndexOf('.'));
        return slices().matching(parent + ".(**)").should().beFreeOfCycles()
                .allowEmptyShould(true)
                .because("packages of one module form layers, not a knot");
    }
}
