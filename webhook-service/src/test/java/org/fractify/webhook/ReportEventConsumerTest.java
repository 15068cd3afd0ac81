package org.fractify.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Modality;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.Topics;
import org.fractify.testsupport.KafkaBroker;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.KafkaTopics;
import org.junit.jupiter.api.Test;

/** webhook-service consumes report events from the real topic. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ReportEventConsumerTest {

    @Test
    void consumesReportEventsAndCountsCriticalOnes() throws Exception {
        KafkaTopics kafka = new KafkaTopics(KafkaBroker.bootstrapServers());
        String id = "rpt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ReportEvent critical = new ReportEvent(1, UUID.randomUUID().toString(), Instant.now(), ReportEvent.COMPLETED, id,
                "tenant-a", "PT-1", Modality.CT_BRAIN, 5, "Intracranial haemorrhage", "1386000", 120);
        kafka.send(Topics.REPORT_EVENTS, id, EventJson.mapper().writeValueAsString(critical));
        kafka.send(Topics.REPORT_EVENTS, id, "not json: skipped, not fatal");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/internal/v1/status").then().statusCode(200)
                        .body("last_report_id", equalTo(id))
                        .body("critical_report_events", greaterThanOrEqualTo(1)));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
