package org.fractify.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
 * The public webhook API (/api/v1/webhooks): forwarded to webhook-service for the key's tenant, with
 * webhook-service's problems answered as the registered problems they name; and the 503 of every endpoint whose
 * internal service cannot be reached.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WebhookServiceStub.class, restrictToAnnotatedClass = true)
class WebhookApiTest {

    private static final String PROBLEMS = "https://fractify.org/problems/";
    private String key;

    @BeforeEach
    void issueKey() {
        key = given().header("Authorization", "Bearer test-admin-token").contentType("application/json")
                .body("{\"tenant_id\":\"tenant-w\",\"integration\":\"emr\"}").post("/admin/v1/api-keys")
                .then().statusCode(201).extract().path("key");
        WebhookServiceStub.REQUESTS.clear();
    }

    private Map<String, String> last() {
        return WebhookServiceStub.REQUESTS.get(WebhookServiceStub.REQUESTS.size() - 1);
    }

    @Test
    void callsAreForwardedForTheKeysTenant() {
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"url\":\"https://hooks.example/in\"}").post("/api/v1/webhooks").then().statusCode(201)
                .header("Location", endsWith("/api/v1/webhooks/wh_new1")).body("id", equalTo("wh_new1"));
        assertThat(last()).containsEntry("method", "POST").containsEntry("path", "/internal/v1/tenants/tenant-w/webhooks");
        given().header("Authorization", "Bearer " + key).get("/api/v1/webhooks").then().statusCode(200)
                .body("items[0].id", equalTo("wh_a1"));
        given().header("Authorization", "Bearer " + key).delete("/api/v1/webhooks/wh_a1").then().statusCode(204);
        assertThat(last()).containsEntry("method", "DELETE")
                .containsEntry("path", "/internal/v1/tenants/tenant-w/webhooks/wh_a1");
        given().get("/api/v1/webhooks").then().statusCode(401);
    }

    @Test
    void idsThatCannotExistAre404WithoutACall() {
        given().header("Authorization", "Bearer " + key).get("/api/v1/webhooks/not-a-webhook").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "webhook-not-found"));
        given().header("Authorization", "Bearer " + key).get("/api/v1/webhooks/wh_a1/deliveries/nope").then()
                .statusCode(404).body("type", equalTo(PROBLEMS + "webhook-delivery-not-found"));
        given().header("Authorization", "Bearer " + key).contentType("application/json").body("{nope")
                .patch("/api/v1/webhooks/wh_a1").then().statusCode(400).body("type", equalTo(PROBLEMS + "malformed-json"));
        assertThat(WebhookServiceStub.REQUESTS).isEmpty();
    }

    @Test
    void webhookServicesProblemIsAnsweredWithItsTypeAndDetailOnThePublicPath() {
        given().header("Authorization", "Bearer " + key).get("/api/v1/webhooks/wh_missing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "webhook-not-found"))
                .body("detail", equalTo("No webhook wh_missing"))
                .body("instance", equalTo("/api/v1/webhooks/wh_missing"));
    }

    @Test
    void aFailingWebhookServiceIs503() {
        given().header("Authorization", "Bearer " + key).get("/api/v1/webhooks/wh_broken").then().statusCode(503)
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
    }

    @Test
    void theProblemsStatusIsTheRegistrysAndAnUnregisteredTypeIsNotPassedOn() {
        given().header("Authorization", "Bearer " + key).post("/api/v1/webhooks/wh_busy/test").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "webhook-conflict")).body("status", equalTo(409))
                .body("detail", equalTo("The webhook is disabled"));
        given().header("Authorization", "Bearer " + key).get("/api/v1/webhooks/wh_strange").then().statusCode(500)
                .body("type", equalTo(PROBLEMS + "internal-error"));
    }

    /** An internal service that cannot be reached is a 503 in the shape of the endpoint's clients. */
    @Test
    void unreachableInternalServicesAre503s() {
        given().header("Authorization", "Bearer " + key).get("/fhir/DiagnosticReport/rpt-a1").then().statusCode(503)
                .contentType(startsWith("application/fhir+json")).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("transient"));
        given().header("Authorization", "Bearer " + key).get("/api/v1/report/rpt_a1/hl7").then().statusCode(503)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "service-unavailable"));
        given().header("Authorization", "Bearer " + key).get("/api/v1/report/rpt_a1").then().statusCode(503)
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
        given().header("Authorization", "Bearer " + key).get("/api/v1/worklist").then().statusCode(503)
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
        given().header("Authorization", "Bearer " + key).get("/api/v1/models").then().statusCode(503)
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
        given().header("Authorization", "Bearer test-admin-token").get("/admin/v1/tenants/tenant-w/push").then()
                .statusCode(503).body("type", equalTo(PROBLEMS + "service-unavailable"));
        // an id that cannot be a report's is 404 without a call
        given().header("Authorization", "Bearer " + key).get("/api/v1/report/not-a-report/hl7").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "report-not-found"));
    }
}
