package org.fractify.renderings;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.fractify.renderings.ReportDocument.Finding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Renders a {@link ReportDocument} as FHIR R4. The DiagnosticReport is self-contained: its result
 * Observations, the AI model's Device and the performing Organization are contained resources, so the copy
 * embedded in the report JSON, the one served at {@code /fhir/DiagnosticReport/{id}} and the one pushed to a
 * tenant's FHIR server are the same resource and every reference in it resolves. The Provenance names the
 * model (a Device) as author and, once acknowledged, the reader's API key as verifier. IHE AI Results (AIR)
 * shapes are followed where R4 allows: one Observation per finding with the model as {@code device}, body site,
 * and the confidence as a component. Thread-safe; instances hold no state.
 */
public final class FhirRenderer {

    /** Identifier system of Fractify report ids. */
    public static final String REPORT_ID_SYSTEM = "https://fractify.org/fhir/sid/report-id";
    public static final String FHIR_JSON = "application/fhir+json";

    private static final String DEVICE_ID = "model";
    private static final String ORGANIZATION_ID = "fractify";
    private static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";
    private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String PRESENT = "52101004";

    /** The one R4 context of the JVM (expensive to build, thread-safe once built). */
    public static FhirContext context() {
        return FhirContext.forR4Cached();
    }

    /**
     * A FHIR id for a report id. FHIR ids allow {@code [A-Za-z0-9-.]} only, so the underscore of {@code rpt_...}
     * becomes a hyphen; {@link #reportId(String)} reverses it and the exact report id is also an identifier.
     */
    public static String fhirId(String reportId) {
        return reportId.replace('_', '-');
    }

    /** The report id behind a FHIR id (either spelling is accepted). */
    public static String reportId(String fhirId) {
        return fhirId.startsWith("rpt-") ? "rpt_" + fhirId.substring(4) : fhirId;
    }

    /** FHIR JSON of any resource. */
    public static String json(IBaseResource resource) {
        return context().newJsonParser().encodeResourceToString(resource);
    }

    /** Parses FHIR JSON (R4). */
    public static <T extends IBaseResource> T parse(Class<T> type, String json) {
        return context().newJsonParser().parseResource(type, json);
    }

    /** The report as a DiagnosticReport, with its Observations, Device and performer contained. */
    public DiagnosticReport diagnosticReport(ReportDocument r) {
        StudyCodes.Study study = StudyCodes.of(r.modality());
        DiagnosticReport dr = new DiagnosticReport();
        dr.setId(fhirId(r.reportId()));
        dr.addIdentifier(new Identifier().setSystem(REPORT_ID_SYSTEM).setValue(r.reportId()));
        dr.setStatus(status(r));
        dr.addCategory(new CodeableConcept(new Coding(V2_0074, "RAD", "Radiology")));
        dr.setCode(new CodeableConcept(new Coding(StudyCodes.LOINC, study.loinc(), study.loincDisplay()))
                .setText(study.loincDisplay()));
        dr.setSubject(patient(r));
        dr.setEffective(new DateTimeType(Date.from(r.createdAt())));
        if (r.completedAt() != null) {
            dr.setIssued(Date.from(r.completedAt()));
        }
        dr.addContained(organization());
        dr.addPerformer(new Reference("#" + ORGANIZATION_ID).setDisplay("Fractify (AI decision support)"));
        if (!r.isCompleted()) {
            dr.setConclusion(ReportDocument.FAILED.equals(r.status())
                    ? "The analysis failed; there is no AI result for this study."
                    : "The analysis is in progress.");
            return dr;
        }
        dr.addContained(device(r));
        List<Observation> observations = observations(r, study);
        for (Observation o : observations) {
            dr.addContained(o);
            dr.addResult(new Reference("#" + o.getIdElement().getIdPart()));
        }
        dr.setConclusion(conclusion(r));
        if (r.findings().isEmpty()) {
            dr.addConclusionCode(new CodeableConcept(new Coding(StudyCodes.SNOMED, StudyCodes.NORMAL, "Normal")));
        }
        for (Finding f : r.findings()) {
            if (f.code() != null) {
                dr.addConclusionCode(new CodeableConcept(new Coding(f.code().system(), f.code().code(),
                        f.code().display())).setText(f.condition()));
            }
        }
        if (r.heatmapUrl() != null) {
            dr.addPresentedForm(new Attachment().setContentType("image/png").setUrl(r.heatmapUrl())
                    .setTitle("Explanation heatmap (class activation map); holds no patient pixels"));
        }
        return dr;
    }

    /** Who produced the report (the model) and, once acknowledged, who verified it. */
    public Provenance provenance(ReportDocument r) {
        Provenance p = new Provenance();
        p.setId(fhirId(r.reportId()) + "-provenance");
        p.addTarget(new Reference("DiagnosticReport/" + fhirId(r.reportId())));
        p.setRecorded(Date.from(r.completedAt() != null ? r.completedAt() : r.createdAt()));
        p.setOccurred(new DateTimeType(Date.from(r.createdAt())));
        p.setActivity(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation",
                "CREATE", "create")));
        if (r.model() != null) {
            p.addContained(device(r));
            p.addAgent().setType(participant("author", "Author"))
                    .setWho(new Reference("#" + DEVICE_ID).setDisplay(modelName(r)));
        } else {
            p.addAgent().setType(participant("author", "Author")).setWho(new Reference().setDisplay("Fractify"));
        }
        if (r.acknowledged() && r.acknowledgedBy() != null) {
            p.addAgent().setType(participant("verifier", "Verifier")).setWho(new Reference().setDisplay(
                    "Acknowledged through API key " + r.acknowledgedBy().keyId() + " (integration "
                            + r.acknowledgedBy().integration() + ")"));
        }
        return p;
    }

    /**
     * A transaction Bundle for a tenant's FHIR server: PUT of the DiagnosticReport and its Provenance, with
     * ids derived from the report id, so a retried push updates instead of duplicating.
     *
     * @param targetBase the receiving server's base URL (entries' fullUrls are absolute on it)
     */
    public Bundle transaction(ReportDocument r, String targetBase) {
        String base = targetBase.endsWith("/") ? targetBase.substring(0, targetBase.length() - 1) : targetBase;
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.TRANSACTION);
        b.setId(UUID.nameUUIDFromBytes(r.reportId().getBytes(StandardCharsets.UTF_8)).toString());
        add(b, base, diagnosticReport(r));
        add(b, base, provenance(r));
        return b;
    }

    private static void add(Bundle b, String base, Resource resource) {
        String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        b.addEntry().setFullUrl(base + "/" + url).setResource(resource).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
    }

    /**
     * A searchset of reports, with their Provenance when asked ({@code _revinclude=Provenance:target}).
     *
     * @param fhirBase public base of Fractify's FHIR endpoint, e.g. https://host/fhir
     * @param selfUrl  the search URL as asked
     */
    public Bundle searchSet(List<ReportDocument> reports, boolean withProvenance, String fhirBase, String selfUrl) {
        Bundle b = new Bundle();
        b.setId(UUID.randomUUID().toString());
        b.setType(Bundle.BundleType.SEARCHSET);
        b.setTotal(reports.size());
        b.addLink().setRelation("self").setUrl(selfUrl);
        List<Resource> included = new ArrayList<>();
        for (ReportDocument r : reports) {
            DiagnosticReport dr = diagnosticReport(r);
            b.addEntry().setFullUrl(fhirBase + "/DiagnosticReport/" + dr.getIdElement().getIdPart()).setResource(dr)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
            if (withProvenance) {
                included.add(provenance(r));
            }
        }
        for (Resource p : included) {
            b.addEntry().setFullUrl(fhirBase + "/Provenance/" + p.getIdElement().getIdPart()).setResource(p)
                    .getSearch().setMode(Bundle.SearchEntryMode.INCLUDE);
        }
        return b;
    }

    /** What Fractify's FHIR endpoint offers. */
    public CapabilityStatement capabilityStatement(String fhirBase, String softwareVersion) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setId("fractify");
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDate(new Date());
        cs.setPublisher("Fractify");
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.getSoftware().setName("Fractify").setVersion(softwareVersion);
        cs.getImplementation().setDescription("Fractify AI imaging results (decision support, not a diagnosis)")
                .setUrl(fhirBase);
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.addFormat("json");
        CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest();
        rest.setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setDescription("Authorization: Bearer <Fractify API key>; results are scoped to the "
                + "key's tenant.");
        CapabilityStatement.CapabilityStatementRestResourceComponent dr = rest.addResource();
        dr.setType("DiagnosticReport");
        dr.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
        dr.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        dr.addSearchRevInclude("Provenance:target");
        dr.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("The patient identifier as sent to Fractify: patient=PT-1 or "
                        + "patient:identifier=PT-1");
        dr.addSearchParam().setName("date").setType(Enumerations.SearchParamType.DATE)
                .setDocumentation("The study's effective time; prefixes eq, ge, gt, le, lt; repeat for a range");
        dr.addSearchParam().setName("_count").setType(Enumerations.SearchParamType.NUMBER)
                .setDocumentation("Page size, at most 100");
        return cs;
    }

    private static DiagnosticReport.DiagnosticReportStatus status(ReportDocument r) {
        return switch (r.status()) {
            case ReportDocument.COMPLETED -> r.acknowledged() ? DiagnosticReport.DiagnosticReportStatus.FINAL
                    : DiagnosticReport.DiagnosticReportStatus.PRELIMINARY;
            case ReportDocument.FAILED -> DiagnosticReport.DiagnosticReportStatus.CANCELLED;
            default -> DiagnosticReport.DiagnosticReportStatus.REGISTERED;
        };
    }

    private static Observation.ObservationStatus observationStatus(ReportDocument r) {
        return r.acknowledged() ? Observation.ObservationStatus.FINAL : Observation.ObservationStatus.PRELIMINARY;
    }

    private static Reference patient(ReportDocument r) {
        // The client's own identifier; Fractify does not know its issuing system, so none is claimed.
        return new Reference().setIdentifier(new Identifier().setValue(r.patientId()));
    }

    private static Organization organization() {
        Organization o = new Organization();
        o.setId(ORGANIZATION_ID);
        o.setName("Fractify (AI decision support)");
        return o;
    }

    private static Device device(ReportDocument r) {
        Device d = new Device();
        d.setId(DEVICE_ID);
        d.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        d.setManufacturer("Fractify");
        d.addDeviceName().setName(r.model().name()).setType(Device.DeviceNameType.MODELNAME);
        d.addVersion().setValue(r.model().version());
        d.setType(new CodeableConcept().setText("AI model (software as a medical device, decision support)"));
        return d;
    }

    private static String modelName(ReportDocument r) {
        return r.model().name() + " " + r.model().version();
    }

    private static List<Observation> observations(ReportDocument r, StudyCodes.Study study) {
        List<Observation> list = new ArrayList<>();
        if (r.findings().isEmpty()) {
            Observation o = observation(r, study, "finding-1", null);
            o.setCode(new CodeableConcept(new Coding(StudyCodes.LOINC, "59776-5", "Procedure findings"))
                    .setText("No finding above the model's operating threshold"));
            o.setValue(new CodeableConcept(new Coding(StudyCodes.SNOMED, StudyCodes.NORMAL, "Normal")));
            normalConfidence(r).ifPresent(c -> o.addComponent(confidence(c)));
            list.add(o);
            return list;
        }
        int n = 1;
        for (Finding f : r.findings()) {
            Observation o = observation(r, study, "finding-" + n++, f);
            CodeableConcept code = new CodeableConcept().setText(f.condition());
            if (f.code() != null) {
                code.addCoding(new Coding(f.code().system(), f.code().code(), f.code().display()));
            }
            o.setCode(code);
            o.setValue(new CodeableConcept(new Coding(StudyCodes.SNOMED, PRESENT, "Present")));
            if (f.confidence() != null) {
                o.addComponent(confidence(f.confidence()));
            }
            String severity = StudyCodes.severityCode(f.severity());
            if (severity != null) {
                o.addComponent().setCode(fractify("severity", "Severity")).setValue(new CodeableConcept(
                        new Coding(StudyCodes.SNOMED, severity, f.severity())).setText(f.severity()));
            }
            if (f.urgency() != null) {
                o.addComponent().setCode(fractify("urgency", "Urgency (1 routine to 5 critical)"))
                        .setValue(new IntegerType(f.urgency()));
            }
            list.add(o);
        }
        return list;
    }

    private static Observation observation(ReportDocument r, StudyCodes.Study study, String id, Finding f) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(observationStatus(r));
        o.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "imaging", "Imaging")));
        o.setSubject(patient(r));
        o.setEffective(new DateTimeType(Date.from(r.createdAt())));
        if (r.completedAt() != null) {
            o.setIssued(Date.from(r.completedAt()));
        }
        o.setDevice(new Reference("#" + DEVICE_ID).setDisplay(modelName(r)));
        CodeableConcept site = new CodeableConcept();
        if (study.bodySite() != null) {
            site.addCoding(new Coding(StudyCodes.SNOMED, study.bodySite(), study.bodySiteDisplay()));
        }
        String where = f != null && f.location() != null ? f.location().description() : null;
        site.setText(where != null ? where : study.bodySiteDisplay());
        if (!site.isEmpty()) {
            o.setBodySite(site);
        }
        return o;
    }

    private static Observation.ObservationComponentComponent confidence(double percent) {
        return new Observation.ObservationComponentComponent(fractify("confidence", "AI model confidence"))
                .setValue(new Quantity().setValue(percent).setUnit("%").setSystem(UCUM).setCode("%"));
    }

    private static java.util.Optional<Double> normalConfidence(ReportDocument r) {
        return r.scores().entrySet().stream()
                .filter(e -> e.getKey().startsWith("normal") || e.getKey().startsWith("no_"))
                .map(e -> Math.round(e.getValue() * 1000) / 10.0).findFirst();
    }

    private static CodeableConcept fractify(String code, String display) {
        return new CodeableConcept(new Coding(StudyCodes.FRACTIFY_CODES, code, display)).setText(display);
    }

    private static CodeableConcept participant(String code, String display) {
        return new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                code, display));
    }

    /** One sentence per finding, the urgency and the status; the words a reader sees first. */
    static String conclusion(ReportDocument r) {
        StringBuilder sb = new StringBuilder(r.acknowledged() ? "AI result, acknowledged by a reader: "
                : "AI result, preliminary (not yet acknowledged by a reader): ");
        if (r.findings().isEmpty()) {
            sb.append("no finding above the model's operating threshold");
        } else {
            for (int i = 0; i < r.findings().size(); i++) {
                Finding f = r.findings().get(i);
                sb.append(i == 0 ? "" : "; ").append(f.condition());
                if (f.severity() != null) {
                    sb.append(", ").append(f.severity().toLowerCase(java.util.Locale.ROOT));
                }
                if (f.confidence() != null) {
                    sb.append(" (confidence ").append(f.confidence()).append("%)");
                }
                if (f.location() != null && f.location().description() != null) {
                    sb.append(", ").append(f.location().description());
                }
            }
        }
        if (r.urgency() != null) {
            sb.append(". Urgency ").append(r.urgency()).append("/5");
        }
        if (r.model() != null) {
            sb.append(". Model ").append(modelName(r));
        }
        return sb.append(". Decision support for a clinician, not a diagnosis.").toString();
    }
}
