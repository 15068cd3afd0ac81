package org.fractify.renderings;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.validation.builder.support.DefaultValidationBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendering validates (FHIR: zero errors in HAPI's validator; HL7: parses back under HAPI's rules). */
class RenderingsUnitTest {

    private final FhirRenderer fhir = new FhirRenderer();
    private final Hl7Renderer hl7 = new Hl7Renderer();

    static Stream<ReportDocument> reports() {
        return Stream.of(SampleReports.haemorrhage(false), SampleReports.haemorrhage(true), SampleReports.normal(),
                SampleReports.processing(), SampleReports.failed());
    }

    @ParameterizedTest
    @MethodSource("reports")
    void everyFhirResourceValidatesWithZeroErrors(ReportDocument r) {
        List<Resource> resources = List.of(fhir.diagnosticReport(r), fhir.provenance(r),
                fhir.transaction(r, "http://peer.example/fhir/"),
                fhir.searchSet(List.of(r), true, "https://fractify.example/fhir", "https://fractify.example/fhir/DiagnosticReport?patient=PT"));
        for (Resource resource : resources) {
            // validate the JSON a client receives, not only the object model
            assertThat(FhirValidation.errors(FhirRenderer.json(resource))).as(resource.fhirType()).isEmpty();
        }
    }

    @Test
    void theValidatorRejectsAnInvalidDiagnosticReport() {
        // guards the guard: a report without status and code, with an id FHIR does not allow
        DiagnosticReport broken = new DiagnosticReport();
        broken.setId("rpt_has_underscores");
        assertThat(FhirValidation.errors(FhirRenderer.json(broken))).isNotEmpty();
    }

    @Test
    void capabilityStatementValidates() {
        assertThat(FhirValidation.errors(FhirRenderer.json(fhir.capabilityStatement("https://fractify.example/fhir",
                "0.1.0")))).isEmpty();
    }

    @Test
    void diagnosticReportCarriesTheIssuesElements() {
        DiagnosticReport dr = FhirRenderer.parse(DiagnosticReport.class,
                FhirRenderer.json(fhir.diagnosticReport(SampleReports.haemorrhage(false))));
        assertThat(dr.getIdElement().getIdPart()).isEqualTo("rpt-0a1b2c3d4e5f6g7h8i9j");
        assertThat(dr.getIdentifierFirstRep().getValue()).isEqualTo("rpt_0a1b2c3d4e5f6g7h8i9j");
        assertThat(dr.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        assertThat(dr.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("RAD");
        assertThat(dr.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(dr.getCode().getCodingFirstRep().getCode()).isEqualTo("24725-4");
        assertThat(dr.getSubject().getIdentifier().getValue()).isEqualTo("PT-0042");
        assertThat(dr.getEffectiveDateTimeType().getValue()).isEqualTo(java.util.Date.from(SampleReports.CREATED));
        assertThat(dr.getIssued()).isEqualTo(java.util.Date.from(SampleReports.COMPLETED));
        assertThat(dr.getPerformerFirstRep().getReference()).isEqualTo("#fractify");
        assertThat(dr.getConclusion()).contains("Intracranial haemorrhage").contains("Urgency 5/5")
                .contains("not a diagnosis");
        assertThat(dr.getConclusionCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("1386000");
        assertThat(dr.getPresentedFormFirstRep().getUrl()).endsWith("/heatmap");
        assertThat(dr.getResult()).hasSize(1);
        Observation obs = (Observation) dr.getContained().stream().filter(c -> c instanceof Observation).findFirst()
                .orElseThrow();
        assertThat(obs.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
        assertThat(obs.getCode().getCodingFirstRep().getCode()).isEqualTo("1386000");
        assertThat(obs.getBodySite().getText()).isEqualTo("left parietal lobe");
        assertThat(obs.getBodySite().getCodingFirstRep().getCode()).isEqualTo("12738006");
        assertThat(obs.getDevice().getReference()).isEqualTo("#model");
        Quantity confidence = obs.getComponent().stream().filter(c -> c.getCode().getCodingFirstRep().getCode()
                .equals("confidence")).findFirst().orElseThrow().getValueQuantity();
        assertThat(confidence.getValue().doubleValue()).isEqualTo(96.4);
        org.hl7.fhir.r4.model.Device device = (org.hl7.fhir.r4.model.Device) dr.getContained().stream()
                .filter(c -> c instanceof org.hl7.fhir.r4.model.Device).findFirst().orElseThrow();
        assertThat(device.getDeviceNameFirstRep().getName()).isEqualTo("fractify-ct-brain");
        assertThat(device.getVersionFirstRep().getValue()).isEqualTo("0.2.0");
    }

    @Test
    void acknowledgementMakesItFinalAndAddsAVerifier() {
        ReportDocument r = SampleReports.haemorrhage(true);
        assertThat(fhir.diagnosticReport(r).getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
        Provenance p = fhir.provenance(r);
        assertThat(p.getTargetFirstRep().getReference()).isEqualTo("DiagnosticReport/rpt-0a1b2c3d4e5f6g7h8i9j");
        assertThat(p.getAgent()).hasSize(2);
        assertThat(p.getAgent().get(1).getWho().getDisplay()).contains("key_abc123");
        assertThat(hl7.oruR01(r, Hl7Renderer.Destination.NONE)).contains("|F|");
    }

    @Test
    void transactionPutsWithStableIds() {
        Bundle b = fhir.transaction(SampleReports.haemorrhage(false), "http://peer.example/fhir");
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(b.getEntry()).extracting(e -> e.getRequest().getUrl())
                .containsExactly("DiagnosticReport/rpt-0a1b2c3d4e5f6g7h8i9j", "Provenance/rpt-0a1b2c3d4e5f6g7h8i9j-provenance");
        assertThat(b.getEntryFirstRep().getFullUrl()).isEqualTo("http://peer.example/fhir/DiagnosticReport/rpt-0a1b2c3d4e5f6g7h8i9j");
    }

    @ParameterizedTest
    @MethodSource("reports")
    void oruR01ParsesBackAndPassesHapiValidation(ReportDocument r) throws Exception {
        String er7 = hl7.oruR01(r, new Hl7Renderer.Destination("RIS", "HOSPITAL-A"));
        try (HapiContext strict = new DefaultHapiContext()) {
            strict.setValidationRuleBuilder(new DefaultValidationBuilder());
            Message parsed = strict.getPipeParser().parse(er7); // throws on a validation failure
            assertThat(parsed).isInstanceOf(ORU_R01.class);
            assertThat(strict.<Boolean>getMessageValidator().validate(parsed)).isTrue();
            ORU_R01 oru = (ORU_R01) parsed;
            assertThat(oru.getMSH().getMessageType().encode()).isEqualTo("ORU^R01^ORU_R01");
            assertThat(oru.getMSH().getVersionID().getVersionID().getValue()).isEqualTo("2.5.1");
            assertThat(oru.getPATIENT_RESULT().getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber()
                    .getValue()).isEqualTo(r.patientId());
            assertThat(oru.getPATIENT_RESULT().getPATIENT().getPID().getPatientName(0).isEmpty()).isTrue();
            var order = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
            assertThat(order.getOBR().getFillerOrderNumber().getEntityIdentifier().getValue()).isEqualTo(r.reportId());
            assertThat(order.getOBR().getUniversalServiceIdentifier().getNameOfCodingSystem().getValue()).isEqualTo("LN");
            assertThat(order.getNTEReps()).isPositive();
            if (r.isCompleted()) {
                assertThat(order.getOBR().getResultStatus().getValue()).isEqualTo(r.acknowledged() ? "F" : "P");
                for (int i = 0; i < order.getOBSERVATIONReps(); i++) {
                    OBX obx = order.getOBSERVATION(i).getOBX();
                    assertThat(obx.getObservationResultStatus().getValue()).isEqualTo(r.acknowledged() ? "F" : "P");
                    assertThat(obx.getResponsibleObserver(0).getIDNumber().getValue()).isEqualTo(r.model().name());
                }
            }
        }
    }

    @Test
    void oruR01HasTheFindingGroup() {
        String er7 = hl7.oruR01(SampleReports.haemorrhage(false), Hl7Renderer.Destination.NONE);
        List<String> segments = List.of(er7.split("\r"));
        assertThat(segments).anyMatch(s -> s.startsWith("OBX|") && s.contains("|CWE|59776-5^Procedure findings^LN|1|1386000^Intracranial haemorrhage^SCT|"));
        assertThat(segments).anyMatch(s -> s.startsWith("OBX|") && s.contains("|NM|confidence^AI model confidence^99FRK|1|96.4|%^percent^UCUM|"));
        assertThat(segments).anyMatch(s -> s.startsWith("OBX|") && s.contains("urgency") && s.contains("|1|5|"));
        assertThat(segments).anyMatch(s -> s.startsWith("NTE|") && s.contains("AHA/ASA 2022"));
        // HL7 delimiters in guidance text are escaped, not structural
        assertThat(segments).anyMatch(s -> s.startsWith("NTE|") && s.contains("\\F\\ needs immediate review"));
        assertThat(segments).anyMatch(s -> s.startsWith("NTE|") && s.contains("\\T\\ reverse it"));
    }

    @Test
    void reportJsonWithUnknownFieldsParses() throws Exception {
        var json = new ObjectMapper().readTree("""
                {"report_id":"rpt_x","status":"completed","modality":"chest_xray","patient_id":"P",
                 "created_at":"2026-11-28T08:15:30Z","completed_at":"2026-11-28T08:15:31Z","urgency":3,
                 "findings":[{"condition":"Pneumonia","label":"pneumonia","confidence":91.2,"severity":"Moderate",
                   "urgency":3,"code":{"system":"http://snomed.info/sct","code":"233604007"},
                   "location":{"description":"right lung","bbox":[0.1,0.2,0.3,0.4]}}],
                 "model":{"name":"m","version":"1"},"scores":{"pneumonia":0.912},"fhir_diagnostic_report":{},
                 "acknowledged":true,"acknowledged_at":"2026-11-28T09:00:00Z",
                 "acknowledged_by":{"integration":"pacs","key_id":"key_1"}}""");
        ReportDocument r = ReportDocument.from(json);
        assertThat(r.findings().get(0).location().description()).isEqualTo("right lung");
        assertThat(r.acknowledgedBy().keyId()).isEqualTo("key_1");
        assertThat(r.acknowledged()).isTrue();
    }
}
