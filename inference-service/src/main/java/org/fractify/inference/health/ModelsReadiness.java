package org.fractify.inference.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.fractify.inference.service.ModelRegistry;

/** Ready once every bundle has been loaded and warmed up (or rejected). */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {

    private final ModelRegistry registry;

    public ModelsReadiness(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("models")
                .status(registry.ready() && !registry.all().isEmpty())
                .withData("loaded", registry.all().size())
                .build();
    }
}
