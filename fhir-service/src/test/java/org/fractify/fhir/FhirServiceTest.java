package org.fractify.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.validation.builder.support.DefaultValidationBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Modality;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.Topics;
import org.fractify.renderings.FhirRenderer;
import org.fractify.renderings.FhirValidation;
import org.fractify.renderings.ReportDocument;
import org.fractify.renderings.SampleReports;
import org.fractify.testsupport.InternalApiStub;
import org.fractify.testsupport.KafkaBroker;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.KafkaTopics;
import org.fractify.testsupport.Metrics;
import org.fractify.testsupport.PostgresTestResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * fhir-service over HTTP: the FHIR endpoint (every answer validated by HAPI's validator), the HL7 endpoint
 * (parsed back under HAPI's rules), and push to a real HAPI FHIR server and a real HAPI MLLP listener,
 * triggered by report events on the real topic, with retries.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = InternalApiStub.class, restrictToAnnotatedClass = true)
class FhirServiceTest {

    private static final String TENANT = "tenant-a";
    private static final String FHIR = "/internal/v1/tenants/" + TENANT + "/fhir";
    private static final String BLEED = SampleReports.haemorrhage(false).reportId();

    static {
        // report-service's report JSON (the contract of GET /api/v1/report) of the shared sample documents
        ObjectMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        for (ReportDocument r : List.of(SampleReports.haemorrhage(false), SampleReports.normal(),
                SampleReports.processing(), SampleReports.failed())) {
            InternalApiStub.store(TENANT, json.valueToTree(r));
        }
    }

    private static Response fhir(String path) {
        return given().header("X-Fractify-Integration", "pacs").header("X-Fractify-Key-Id", "key_reader")
                .header("X-Fractify-Public-Url", "https://fractify.example/").get(FHIR + path);
    }

    private static <T extends Resource> T valid(Response r, Class<T> type) {
        assertThat(r.contentType()).startsWith("application/fhir+json");
        String body = r.body().asString();
        assertThat(FhirValidation.errors(body)).as(body).isEmpty();
        return FhirRenderer.parse(type, body);
    }

    @Test
    void readsAReportAsADiagnosticReportThatValidates() {
        Response r = fhir("/DiagnosticReport/" + FhirRenderer.fhirId(BLEED));
        assertThat(r.statusCode()).isEqualTo(200);
        DiagnosticReport dr = valid(r, DiagnosticReport.class);
        assertThat(dr.getIdentifierFirstRep().getValue()).isEqualTo(BLEED);
        assertThat(dr.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        assertThat(dr.getResult()).hasSize(1);
        assertThat(fhir("/DiagnosticReport/" + BLEED).statusCode()).isEqualTo(200); // the report id itself works too
        assertThat(InternalApiStub.REQUESTS).anySatisfy(req -> {
            assertThat(req.get("representation")).isEqualTo("fhir");
            assertThat(req.get("key")).isEqualTo("key_reader");
            assertThat(req.get("integration")).isEqualTo("pacs");
        });
        for (String id : List.of(SampleReports.processing().reportId(), SampleReports.failed().reportId())) {
            valid(fhir("/DiagnosticReport/" + id), DiagnosticReport.class);
        }
    }

    @Test
    void errorsAreOperationOutcomes() {
        Response missing = fhir("/DiagnosticReport/rpt-doesnotexist");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(valid(missing, OperationOutcome.class).getIssueFirstRep().getCode())
                .isEqualTo(OperationOutcome.IssueType.NOTFOUND);
        Response otherTenant = given().header("X-Fractify-Integration", "pacs")
                .get("/internal/v1/tenants/tenant-b/fhir/DiagnosticReport/" + BLEED);
        assertThat(otherTenant.statusCode()).isEqualTo(404);
        valid(otherTenant, OperationOutcome.class);
        assertThat(fhir("/DiagnosticReport/not..an%20id").statusCode()).isEqualTo(404);
        Response noPatient = fhir("/DiagnosticReport");
        assertThat(noPatient.statusCode()).isEqualTo(400);
        valid(noPatient, OperationOutcome.class);
        Response badDate = fhir("/DiagnosticReport?patient=PT-0042&date=yesterday");
        assertThat(badDate.statusCode()).isEqualTo(400);
        valid(badDate, OperationOutcome.class);
        Response unnamed = given().get(FHIR + "/DiagnosticReport/" + BLEED); // report-service audits who reads
        assertThat(unnamed.statusCode()).isEqualTo(400);
        assertThat(valid(unnamed, OperationOutcome.class).getIssueFirstRep().getCode())
                .isEqualTo(OperationOutcome.IssueType.INVALID);
    }

    @Test
    void searchesByPatientIdentifierAndDateWithProvenance() {
        Bundle b = valid(fhir("/DiagnosticReport?patient:identifier=urn:example|PT-0042&date=ge2026-11-28"
                + "&_revinclude=Provenance:target"), Bundle.class);
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(b.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactly("DiagnosticReport", "Provenance");
        assertThat(((Provenance) b.getEntry().get(1).getResource()).getTargetFirstRep().getReference())
                .isEqualTo("DiagnosticReport/" + FhirRenderer.fhirId(BLEED));
        assertThat(b.getEntryFirstRep().getFullUrl()).startsWith("https://fractify.example/fhir/DiagnosticReport/");
        Bundle later = valid(fhir("/DiagnosticReport?patient=PT-0042&date=ge2026-11-29"), Bundle.class);
        assertThat(later.getEntry()).isEmpty();
        assertThat(InternalApiStub.REQUESTS).anySatisfy(req -> assertThat(req.get("representation"))
                .isEqualTo("fhir-search"));
    }

    @Test
    void capabilityStatementValidates() {
        var cs = valid(fhir("/metadata"), org.hl7.fhir.r4.model.CapabilityStatement.class);
        assertThat(cs.getImplementation().getUrl()).isEqualTo("https://fractify.example/fhir");
        assertThat(cs.getRestFirstRep().getResourceFirstRep().getType()).isEqualTo("DiagnosticReport");
    }

    @Test
    void hl7EndpointAnswersAnOruR01ThatParsesAndValidates() throws Exception {
        Response r = given().header("X-Fractify-Integration", "ris").header("X-Fractify-Key-Id", "key_reader")
                .get("/internal/v1/tenants/" + TENANT + "/reports/" + BLEED + "/hl7");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/hl7-v2");
        try (HapiContext strict = new DefaultHapiContext()) {
            strict.setValidationRuleBuilder(new DefaultValidationBuilder());
            ORU_R01 oru = (ORU_R01) strict.getPipeParser().parse(r.body().asString());
            assertThat(oru.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR().getResultStatus().getValue()).isEqualTo("P");
        }
        given().header("X-Fractify-Integration", "ris")
                .get("/internal/v1/tenants/" + TENANT + "/reports/rpt_nosuchreport/hl7").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/internal/v1/tenants/" + TENANT + "/reports/" + BLEED + "/hl7").then().statusCode(400)
                .contentType("application/problem+json");
        assertThat(InternalApiStub.REQUESTS).anySatisfy(req -> {
            assertThat(req.get("representation")).isEqualTo("hl7");
            assertThat(req.get("integration")).isEqualTo("ris");
            assertThat(req.get("key")).isEqualTo("key_reader");
        });
    }

    @Test
    void pushDestinationsAreCheckedAndShownAsSet() {
        String push = "/internal/v1/tenants/tenant-config/push";
        given().get(push).then().statusCode(404).contentType("application/problem+json");
        given().contentType("application/json").body("{\"mllp\":{\"host\":\" ris.example \",\"port\":2575,"
                        + "\"receiving_application\":\"RIS\",\"receiving_facility\":\"WARD\"}}")
                .put(push).then().statusCode(200)
                .body("tenant_id", equalTo("tenant-config"))
                .body("fhir_base_url", nullValue())
                .body("mllp.host", equalTo("ris.example"))
                .body("mllp.port", equalTo(2575))
                .body("mllp.receiving_application", equalTo("RIS"))
                .body("mllp.receiving_facility", equalTo("WARD"))
                .body("updated_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        given().contentType("application/json").body("{\"fhir_base_url\":\"https://fhir.example/r4\"}")
                .put(push).then().statusCode(200).body("fhir_base_url", equalTo("https://fhir.example/r4"))
                .body("mllp", nullValue());
        given().get(push).then().statusCode(200).body("fhir_base_url", equalTo("https://fhir.example/r4"))
                .body("$", hasKey("mllp")).body("mllp", nullValue());
        for (String bad : List.of("[]", "{}", "{\"fhir_base_url\":\"ftp://x.example/\"}",
                "{\"fhir_base_url\":\"http://\"}", "{\"mllp\":{\"host\":\"ris.example\"}}", "{\"mllp\":{\"host\":\"ris.example\",\"port\":70000}}")) {
            given().contentType("application/json").body(bad).put(push).then().statusCode(400)
                    .contentType("application/problem+json").body("type", endsWith("/invalid-request"));
        }
        given().get(push + "/deliveries").then().statusCode(200).body("items", hasSize(0));
        given().delete(push).then().statusCode(204);
        given().delete(push).then().statusCode(404).body("type", endsWith("/not-found"));
    }

    @Test
    void pushDeliversEachNewReportToTheFhirServerAndOverMllpWithRetries() throws Exception {
        List<String> mllpMessages = new CopyOnWriteArrayList<>();
        AtomicInteger mllpCalls = new AtomicInteger();
        int mllpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            mllpPort = s.getLocalPort();
        }
        try (FhirPeer peer = new FhirPeer(); HapiContext listenerContext = new DefaultHapiContext()) {
            listenerContext.setValidationRuleBuilder(new DefaultValidationBuilder());
            listenerContext.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
            HL7Service listener = listenerContext.newServer(mllpPort, false);
            listener.registerApplication("ORU", "R01", new ReceivingApplication<Message>() {
                @Override
                public Message processMessage(Message in, Map<String, Object> metadata) {
                    try {
                        mllpMessages.add(in.encode());
                        // the first delivery meets an application error: the sender must retry
                        return in.generateACK(mllpCalls.incrementAndGet() == 1
                                ? ca.uhn.hl7v2.AcknowledgmentCode.AE : ca.uhn.hl7v2.AcknowledgmentCode.AA, null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public boolean canProcess(Message in) {
                    return true;
                }
            });
            listener.startAndWait();
            try {
                given().contentType("application/json").body("{\"fhir_base_url\":\"" + peer.baseUrl() + "\","
                        + "\"mllp\":{\"host\":\"127.0.0.1\",\"port\":" + mllpPort + ",\"receiving_application\":\"RIS\"}}")
                        .put("/internal/v1/tenants/" + TENANT + "/push").then().statusCode(200)
                        .body("mllp.port", equalTo(mllpPort));
                given().contentType("application/json").body("{\"fhir_base_url\":\"file:///etc/passwd\"}")
                        .put("/internal/v1/tenants/" + TENANT + "/push").then().statusCode(400);
                peer.failNext.set(2);

                ReportEvent event = new ReportEvent(1, UUID.randomUUID().toString(), Instant.now(), ReportEvent.COMPLETED,
                        BLEED, TENANT, "PT-0042", Modality.CT_BRAIN, 5, "Intracranial haemorrhage", "1386000", 900);
                KafkaTopics kafka = new KafkaTopics(KafkaBroker.bootstrapServers());
                kafka.send(Topics.REPORT_EVENTS, BLEED, EventJson.mapper().writeValueAsString(event));
                kafka.send(Topics.REPORT_EVENTS, BLEED, EventJson.mapper().writeValueAsString(event)); // redelivery

                String drUrl = "DiagnosticReport/" + FhirRenderer.fhirId(BLEED);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> peer.stored.containsKey(drUrl)
                        && mllpCalls.get() >= 2);
                assertThat(peer.transactions.get()).isEqualTo(3); // two 500s, then accepted
                DiagnosticReport pushed = (DiagnosticReport) peer.stored.get(drUrl);
                assertThat(FhirValidation.errors(FhirRenderer.json(pushed))).isEmpty();
                assertThat(pushed.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
                Provenance provenance = (Provenance) peer.stored.get(drUrl.replace("DiagnosticReport", "Provenance")
                        + "-provenance");
                assertThat(FhirValidation.errors(FhirRenderer.json(provenance))).isEmpty();
                assertThat(pushed.getIdentifierFirstRep().getValue()).isEqualTo(BLEED);

                assertThat(mllpMessages).hasSize(2);
                ORU_R01 oru = (ORU_R01) listenerContext.getPipeParser().parse(mllpMessages.get(1));
                assertThat(oru.getMSH().getReceivingApplication().getNamespaceID().getValue()).isEqualTo("RIS");
                assertThat(oru.getPATIENT_RESULT().getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber()
                        .getValue()).isEqualTo("PT-0042");

                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        given().get("/internal/v1/tenants/" + TENANT + "/push/deliveries").then().statusCode(200)
                                .body("items.size()", equalTo(2))
                                .body("items.find { it.channel == 'fhir' }.status", equalTo("delivered"))
                                .body("items.find { it.channel == 'fhir' }.attempts", equalTo(3))
                                .body("items.find { it.channel == 'mllp' }.status", equalTo("delivered"))
                                .body("items.find { it.channel == 'mllp' }.attempts", equalTo(2)));
                assertThat(InternalApiStub.REQUESTS).anySatisfy(req -> {
                    assertThat(req.get("representation")).isEqualTo("fhir-push");
                    assertThat(req.get("integration")).isEqualTo("fhir-service");
                });
                given().get("/q/health/ready").then().statusCode(200);
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Metrics.sum(
                        given().get("/q/metrics").then().statusCode(200).extract().asString(),
                        "fractify_report_events_consumed_total", "type=report.completed", "critical=true"))
                        .as("the event and its redelivery").isGreaterThanOrEqualTo(2));
            } finally {
                listener.stopAndWait();
                given().delete("/internal/v1/tenants/" + TENANT + "/push").then().statusCode(204);
            }
        }
        given().get("/internal/v1/tenants/" + TENANT + "/push").then().statusCode(404)
                .body("type", startsWith("https://fractify.org/problems/"));
    }
}
