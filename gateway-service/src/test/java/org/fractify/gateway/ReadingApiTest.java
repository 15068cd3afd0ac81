package org.fractify.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.PostgresTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reading API of the gateway (worklist, acknowledge, HL7, FHIR, push admin): authenticated, scoped to the
 * key's tenant, and passing the caller (integration, key id) and public URL to the internal services.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = InternalServicesStub.class, restrictToAnnotatedClass = true)
class ReadingApiTest {

    private static final String ADMIN = "Bearer test-admin-token";
    private String key;
    private String keyId;

    @BeforeEach
    void issueKey() {
        var issued = given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"tenant_id\":\"tenant-a\",\"integration\":\"pacs-1\"}").post("/admin/v1/api-keys")
                .then().statusCode(201).extract().jsonPath();
        key = issued.getString("key");
        keyId = issued.getString("id");
        InternalServicesStub.REQUESTS.clear();
    }

    private Map<String, String> last() {
        return InternalServicesStub.REQUESTS.get(InternalServicesStub.REQUESTS.size() - 1);
    }

    @Test
    void fhirNeedsAKeyAndAnswersOperationOutcomes() {
        given().get("/fhir/metadata").then().statusCode(401).contentType(startsWith("application/fhir+json"))
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("login"));
        given().header("Authorization", "Bearer frk_wrong_key").get("/fhir/DiagnosticReport/rpt-a1").then()
                .statusCode(401).body("resourceType", equalTo("OperationOutcome"));
        assertThat(InternalServicesStub.REQUESTS).isEmpty();
    }

    @Test
    void fhirReadsAndSearchesPassThroughForTheKeysTenant() {
        given().header("Authorization", "Bearer " + key).get("/fhir/DiagnosticReport/rpt-a1").then().statusCode(200)
                .contentType(startsWith("application/fhir+json")).body("resourceType", equalTo("DiagnosticReport"));
        assertThat(last()).containsEntry("path", "/internal/v1/tenants/tenant-a/fhir/DiagnosticReport/rpt-a1")
                .containsEntry("key", keyId).containsEntry("integration", "pacs-1");
        assertThat(last().get("public_url")).startsWith("http://");
        given().header("Authorization", "Bearer " + key).get("/fhir/DiagnosticReport/rpt-missing").then()
                .statusCode(404).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", "Bearer " + key)
                .get("/fhir/DiagnosticReport?patient=PT-1&date=ge2026-01-01&date=lt2027-01-01&_revinclude=Provenance:target")
                .then().statusCode(200);
        assertThat(last().get("path")).isEqualTo("/internal/v1/tenants/tenant-a/fhir/DiagnosticReport");
        assertThat(last().get("query")).contains("patient=PT-1").contains("date=ge2026-01-01")
                .contains("date=lt2027-01-01").contains("_revinclude=Provenance");
        given().header("Authorization", "Bearer " + key).get("/fhir/metadata").then().statusCode(200);
        assertThat(last()).containsEntry("path", "/internal/v1/tenants/tenant-a/fhir/metadata");
    }

    /** A typed query parameter that is not of its type is a 400 naming it, not a 404 (issue 12). */
    @Test
    void aQueryParameterOfTheWrongTypeIsA400NamingIt() {
        for (String[] bad : new String[][] {{"limit", "abc"}, {"urgency_min", "high"}, {"acknowledged", "maybe"}}) {
            given().header("Authorization", "Bearer " + key).get("/api/v1/worklist?" + bad[0] + "=" + bad[1]).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("type", endsWith("/invalid-request")).body("detail", containsString("'" + bad[0] + "'"));
        }
        given().header("Authorization", "Bearer " + key).get("/api/v1/webhooks/wh_a1/deliveries?limit=ten").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'limit'"));
        assertThat(InternalServicesStub.REQUESTS).as("refused before any internal call").isEmpty();
    }

    @Test
    void worklistAcknowledgeAndHl7AreScopedAndNameTheCaller() {
        given().header("Authorization", "Bearer " + key).get("/api/v1/worklist?urgency_min=4&status=completed&limit=10")
                .then().statusCode(200).body("next_cursor", equalTo("abc"))
                .body("items[0].report_url", endsWith("/api/v1/report/rpt_a1"));
        assertThat(last()).containsEntry("path", "/internal/v1/tenants/tenant-a/worklist");
        assertThat(last().get("query")).contains("urgency_min=4").contains("status=completed").contains("limit=10");

        given().header("Authorization", "Bearer " + key).post("/api/v1/report/rpt_a1/acknowledge").then()
                .statusCode(200).body("acknowledged", equalTo(true));
        assertThat(last()).containsEntry("method", "POST").containsEntry("key", keyId)
                .containsEntry("path", "/internal/v1/tenants/tenant-a/reports/rpt_a1/acknowledge");

        String er7 = given().header("Authorization", "Bearer " + key).get("/api/v1/report/rpt_a1/hl7").then()
                .statusCode(200).contentType(startsWith("application/hl7-v2")).extract().asString();
        assertThat(er7).startsWith("MSH|");
        assertThat(last()).containsEntry("path", "/internal/v1/tenants/tenant-a/reports/rpt_a1/hl7").containsEntry("key", keyId);

        given().header("Authorization", "Bearer " + key).get("/api/v1/report/rpt_a1").then().statusCode(200)
                .body("heatmap_url", startsWith("http://"));
        assertThat(last()).containsEntry("representation", "json").containsEntry("key", keyId);
        given().post("/api/v1/report/rpt_a1/acknowledge").then().statusCode(401);
    }

    @Test
    void pushDestinationsAreSetByTheOperator() {
        given().header("Authorization", "Bearer " + key).contentType("application/json").body("{}")
                .put("/admin/v1/tenants/tenant-a/push").then().statusCode(401);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"fhir_base_url\":\"https://fhir.example/r4\"}").put("/admin/v1/tenants/tenant-a/push").then()
                .statusCode(200).body("fhir_base_url", equalTo("https://fhir.example/r4"));
        assertThat(last()).containsEntry("method", "PUT").containsEntry("path", "/internal/v1/tenants/tenant-a/push");

        int calls = InternalServicesStub.REQUESTS.size();
        given().header("Authorization", ADMIN).get("/admin/v1/tenants/no~such~tenant/push").then().statusCode(400)
                .body("type", equalTo("https://fractify.org/problems/invalid-request"));
        assertThat(InternalServicesStub.REQUESTS).as("an invalid tenant id is refused without a call").hasSize(calls);
    }
}
