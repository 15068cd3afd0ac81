package org.fractify.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.fractify.testsupport.Layering;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of test-support's {@link Layering}, on this service's production classes, and the
 * gateway's own: a resource asks a service, never an internal service's client.
 */
class LayeringTest {

    private static final String ROOT = "org.fractify.gateway";

    @Test
    void packagesKeepTheirLayers() {
        List<ArchRule> rules = new ArrayList<>(Layering.serviceRules(ROOT));
        rules.add(noClasses().that().resideInAPackage(ROOT + ".rest..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".client..")
                .because("a resource asks a service, which calls the internal services"));
        Layering.check(ROOT, rules);
    }
}
