package org.fractify.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.eclipse.microprofile.config.ConfigProvider;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.PostgresTestResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook API (internal form, as the gateway calls it) against a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class WebhookApiTest {

    private static final String PROBLEMS = "https://fractify.org/problems/";

    static RequestSpecification as(String tenant) {
        return given().basePath("/internal/v1/tenants/" + tenant + "/webhooks").contentType("application/json");
    }

    static Response create(String tenant, String body) {
        return as(tenant).body(body).post();
    }

    @Test
    void createReadUpdateDelete() {
        Response created = create("tenant-crud", "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"analysis.critical\"],"
                + "\"description\":\"ED pager\"}");
        created.then().statusCode(201)
                .body("id", matchesPattern("wh_[a-z0-9]{20}"))
                .body("secret", matchesPattern("whsec_[A-Za-z0-9+/]{43}="))
                .body("enabled", equalTo(true))
                .body("thin_payload", equalTo(false))
                .body("events", equalTo(java.util.List.of("analysis.critical")))
                .body("paused_until", nullValue())
                .body("created_at", notNullValue());
        String id = created.path("id");
        as("tenant-crud").get("/" + id).then().statusCode(200).body("url", equalTo("http://127.0.0.1:9/hook"))
                .body("description", equalTo("ED pager")).body("$", not(org.hamcrest.Matchers.hasKey("secret")));
        as("tenant-crud").get().then().statusCode(200).body("items.id", hasItem(id))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("secret")));
        as("tenant-crud").body("{\"events\":[\"analysis.complete\",\"analysis.critical\",\"analysis.complete\"],"
                + "\"enabled\":false,\"description\":null,\"thin_payload\":true}").patch("/" + id)
                .then().statusCode(200)
                .body("events", equalTo(java.util.List.of("analysis.complete", "analysis.critical")))
                .body("enabled", equalTo(false)).body("thin_payload", equalTo(true)).body("description", nullValue());
        as("tenant-crud").body("{\"evnts\":[]}").patch("/" + id).then().statusCode(400)
                .body("detail", containsString("unknown field 'evnts'"));
        as("tenant-crud").post("/" + id + "/test").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "webhook-conflict"));
        as("tenant-crud").delete("/" + id).then().statusCode(204);
        as("tenant-crud").get("/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "webhook-not-found"));
    }

    @Test
    void anotherTenantsWebhookIsNotFound() {
        String id = create("tenant-owner", "{\"url\":\"http://127.0.0.1:9/h\",\"events\":[\"analysis.complete\"]}")
                .then().statusCode(201).extract().path("id");
        RequestSpecification other = as("tenant-intruder");
        other.get("/" + id).then().statusCode(404).body("type", equalTo(PROBLEMS + "webhook-not-found"));
        as("tenant-intruder").body("{\"enabled\":false}").patch("/" + id).then().statusCode(404);
        as("tenant-intruder").post("/" + id + "/rotate-secret").then().statusCode(404);
        as("tenant-intruder").post("/" + id + "/test").then().statusCode(404);
        as("tenant-intruder").get("/" + id + "/deliveries").then().statusCode(404);
        as("tenant-intruder").post("/" + id + "/deliveries/dlv_x/replay").then().statusCode(404);
        as("tenant-intruder").delete("/" + id).then().statusCode(404);
        as("tenant-intruder").get().then().statusCode(200).body("items", equalTo(java.util.List.of()));
        as("tenant-owner").get("/" + id).then().statusCode(200);
        as("tenant-owner").get("/" + id + "/deliveries/dlv_nope").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "webhook-delivery-not-found"));
        as("tenant-owner").get("/" + id + "/deliveries?status=lost").then().statusCode(400);
        as("tenant-owner").get("/" + id + "/deliveries?limit=0").then().statusCode(400);
        as("tenant-owner").get("/" + id + "/deliveries").then().statusCode(200).body("items", equalTo(java.util.List.of()))
                .body("next_cursor", nullValue());
    }

    @Test
    void requestsAreValidatedWithClearDetails() {
        create("tenant-v", "{\"events\":[\"analysis.complete\"]}").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-request")).body("detail", equalTo("'url' is required"));
        create("tenant-v", "{\"url\":\"http://127.0.0.1:9/\",\"events\":[\"analysis.done\"]}").then().statusCode(400)
                .body("detail", containsString("'events' must be a non-empty list of analysis.complete, analysis.critical"));
        create("tenant-v", "{\"url\":\"http://127.0.0.1:9/\",\"events\":[]}").then().statusCode(400);
        create("tenant-v", "{\"url\":\"http://127.0.0.1:9/\",\"events\":[\"analysis.complete\"],\"enabled\":\"yes\"}")
                .then().statusCode(400).body("detail", equalTo("'enabled' must be true or false"));
        create("tenant-v", "{\"url\":\"http://hooks.example.org/x\",\"events\":[\"analysis.complete\"]}")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "webhook-url-refused"))
                .body("detail", equalTo("url must use https unless its host is allow-listed (FRACTIFY_WEBHOOK_ALLOW_HOSTS)"));
    }

    /** Server-side request forgery: none of these may become a webhook (only 127.0.0.1 is allow-listed in tests). */
    @ParameterizedTest
    @ValueSource(strings = {
        "https://127.0.0.2/hook", // loopback, not allow-listed
        "https://localhost/hook", // a name that resolves to 127.0.0.1: the allow-list names hosts, not addresses
        "https://169.254.169.254/latest/meta-data/", // cloud metadata
        "https://[fd00:ec2::254]/", // AWS metadata over IPv6
        "https://10.1.2.3/hook", "https://172.16.5.4/hook", "https://192.168.1.20/hook", // RFC 1918
        "https://100.64.0.1/hook", // CGNAT
        "https://[::1]/hook", "https://[fe80::1]/hook", "https://[fc00::1]/hook", // IPv6 loopback, link-local, ULA
        "https://224.0.0.1/hook", "https://0.0.0.0/hook", // multicast, unspecified
        "https://[::ffff:10.0.0.1]/hook", // IPv4-mapped private
        "https://user:pw@127.0.0.1/hook" // credentials in the URL
    })
    void refusesDestinationsThatAreNotPublic(String url) {
        create("tenant-ssrf", "{\"url\":\"" + url + "\",\"events\":[\"analysis.complete\"]}").then()
                .statusCode(422).body("type", equalTo(PROBLEMS + "webhook-url-refused"))
                .body("detail", notNullValue());
        as("tenant-ssrf").get().then().body("items", equalTo(java.util.List.of()));
    }

    @Test
    void anAllowListedWebhookCannotBeMovedToARefusedUrl() {
        String id = create("tenant-move", "{\"url\":\"http://127.0.0.1:9/h\",\"events\":[\"analysis.complete\"]}")
                .then().statusCode(201).extract().path("id");
        as("tenant-move").body("{\"url\":\"https://169.254.169.254/\"}").patch("/" + id).then().statusCode(422);
        as("tenant-move").get("/" + id).then().body("url", equalTo("http://127.0.0.1:9/h"));
    }

    @Test
    void secretsAreStoredEncryptedAndRotationKeepsTheOldOneForAGracePeriod() throws Exception {
        Response created = create("tenant-secret", "{\"url\":\"http://127.0.0.1:9/h\",\"events\":[\"analysis.complete\"]}");
        String id = created.path("id");
        String secret = created.path("secret");
        String stored = storedSecret(id);
        assertThat(stored).startsWith("v1:").doesNotContain(secret).doesNotContain(secret.substring(6, 30));

        Response rotated = as("tenant-secret").post("/" + id + "/rotate-secret");
        rotated.then().statusCode(200).body("id", equalTo(id)).body("secret", matchesPattern("whsec_.{44}"))
                .body("previous_secret_expires_at", notNullValue());
        assertThat(rotated.<String>path("secret")).isNotEqualTo(secret);
        as("tenant-secret").get("/" + id).then().body("secret_rotated_at", notNullValue())
                .body("previous_secret_expires_at", notNullValue()).body("$", not(org.hamcrest.Matchers.hasKey("secret")));
        as("tenant-secret").body("{\"grace_period_seconds\":0}").post("/" + id + "/rotate-secret").then().statusCode(200)
                .body("previous_secret_expires_at", nullValue());
        as("tenant-secret").body("{\"grace_period_seconds\":-1}").post("/" + id + "/rotate-secret").then().statusCode(400);
    }

    private static String storedSecret(String id) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT secret_enc FROM webhooks.subscription WHERE id = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
