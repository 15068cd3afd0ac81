package org.fractify.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceManifestTest {

    @Test
    void readsOneServicePerLineSkippingCommentsAndBlankLines() {
        List<ServiceManifest.Service> services = ServiceManifest.parse(List.of(
                "# name port heap health jar port-variable url-variable",
                "",
                "report-service  8082 256m /q/health/ready report-service/r.jar FRACTIFY_REPORT_HTTP_PORT FRACTIFY_REPORT_SERVICE_URL",
                "  gateway-service 8080 300m /ready g.jar FRACTIFY_GATEWAY_HTTP_PORT -"), "test");
        assertThat(services).containsExactly(
                new ServiceManifest.Service("report-service", 8082, "256m", "/q/health/ready", "report-service/r.jar",
                        "FRACTIFY_REPORT_HTTP_PORT", Optional.of("FRACTIFY_REPORT_SERVICE_URL")),
                new ServiceManifest.Service("gateway-service", 8080, "300m", "/ready", "g.jar",
                        "FRACTIFY_GATEWAY_HTTP_PORT", Optional.empty()));
    }

    @Test
    void aLineWithAColumnMissingIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> ServiceManifest.parse(List.of("# x", "gateway-service 8080 256m /ready g.jar VAR"), "m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m:2").hasMessageContaining("7 columns");
    }

    @Test
    void theRepositoryManifestListsTheFiveServicesInStartOrder() {
        Path root = Path.of("../..");
        assertThat(ServiceManifest.read(root)).extracting(ServiceManifest.Service::name).containsExactly(
                "inference-service", "report-service", "fhir-service", "webhook-service", "gateway-service");
        assertThat(ServiceManifest.service(root, "gateway-service").urlVariable()).isEmpty();
        assertThatThrownBy(() -> ServiceManifest.service(root, "nope-service")).isInstanceOf(NoSuchElementException.class);
    }
}
