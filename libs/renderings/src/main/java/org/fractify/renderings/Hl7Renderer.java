package org.fractify.renderings;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.datatype.CWE;
import ca.uhn.hl7v2.model.v251.datatype.NM;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.NTE;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.fractify.renderings.ReportDocument.Finding;

/**
 * Renders a {@link ReportDocument} as an HL7 v2.5.1 ORU^R01 message (ER7, segments separated by CR):
 * MSH; PID with the patient identifier only; one OBR for the study (LOINC, result status P until a reader
 * acknowledges, then F); per finding a group of OBX sharing a sub-id (the coded condition, the model's
 * confidence, severity and urgency), with the model as responsible observer and equipment instance; one OBX
 * for the report's urgency; NTE segments carrying the guidance, its sources and the disclaimer.
 */
public final class Hl7Renderer {

    /** The media type served for ER7 (the HAPI "HL7 over HTTP" convention). */
    public static final String MEDIA_TYPE = "application/hl7-v2";
    public static final String SENDING_APPLICATION = "FRACTIFY";

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ").withZone(ZoneOffset.UTC);
    private static final String LOCAL_CODES = "99FRK";

    private final HapiContext hapi;

    public Hl7Renderer() {
        hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
        // Message control ids come from memory, never from a file in the working directory (HAPI's default).
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }

    /** Where a message goes: MSH-5 and MSH-6; either may be null. */
    public record Destination(String application, String facility) {
        public static final Destination NONE = new Destination(null, null);
    }

    /** The report as ER7. */
    public String oruR01(ReportDocument r, Destination to) {
        try {
            ORU_R01 msg = new ORU_R01(hapi.getModelClassFactory());
            msg.setParser(hapi.getPipeParser());
            msg.initQuickstart("ORU", "R01", "P");
            msh(msg.getMSH(), to);
            PID pid = msg.getPATIENT_RESULT().getPATIENT().getPID();
            pid.getSetIDPID().setValue("1");
            pid.getPatientIdentifierList(0).getIDNumber().setValue(r.patientId());
            pid.getPatientIdentifierList(0).getIdentifierTypeCode().setValue("PI");

            ORU_R01_ORDER_OBSERVATION order = msg.getPATIENT_RESULT().getORDER_OBSERVATION();
            String status = r.acknowledged() ? "F" : "P";
            obr(order.getOBR(), r, status);
            int set = 1;
            if (r.isCompleted()) {
                if (r.urgency() != null) {
                    OBX u = obx(order, set++, r, status);
                    u.getValueType().setValue("NM");
                    local(u, "urgency", "Report urgency (1 routine to 5 critical)");
                    number(msg, u, r.urgency().toString());
                }
                int sub = 1;
                if (r.findings().isEmpty()) {
                    OBX o = obx(order, set++, r, status);
                    o.getValueType().setValue("CWE");
                    o.getObservationIdentifier().getIdentifier().setValue("59776-5");
                    o.getObservationIdentifier().getText().setValue("Procedure findings");
                    o.getObservationIdentifier().getNameOfCodingSystem().setValue("LN");
                    o.getObservationSubID().setValue("1");
                    coded(msg, o, StudyCodes.NORMAL, "Normal", "SCT");
                    o.getAbnormalFlags(0).setValue("N");
                }
                for (Finding f : r.findings()) {
                    String subId = Integer.toString(sub++);
                    OBX o = obx(order, set++, r, status);
                    o.getValueType().setValue("CWE");
                    o.getObservationIdentifier().getIdentifier().setValue("59776-5");
                    o.getObservationIdentifier().getText().setValue("Procedure findings");
                    o.getObservationIdentifier().getNameOfCodingSystem().setValue("LN");
                    o.getObservationSubID().setValue(subId);
                    if (f.code() != null) {
                        coded(msg, o, f.code().code(), f.condition(), codingSystem(f.code().system()));
                    } else {
                        coded(msg, o, f.label(), f.condition(), LOCAL_CODES);
                    }
                    o.getAbnormalFlags(0).setValue("A");
                    if (f.confidence() != null) {
                        OBX c = obx(order, set++, r, status);
                        c.getValueType().setValue("NM");
                        local(c, "confidence", "AI model confidence");
                        c.getObservationSubID().setValue(subId);
                        number(msg, c, f.confidence().toString());
                        c.getUnits().getIdentifier().setValue("%");
                        c.getUnits().getText().setValue("percent");
                        c.getUnits().getNameOfCodingSystem().setValue("UCUM");
                    }
                    String severity = StudyCodes.severityCode(f.severity());
                    if (severity != null) {
                        OBX s = obx(order, set++, r, status);
                        s.getValueType().setValue("CWE");
                        local(s, "severity", "Severity");
                        s.getObservationSubID().setValue(subId);
                        coded(msg, s, severity, f.severity(), "SCT");
                    }
                    if (f.urgency() != null) {
                        OBX u = obx(order, set++, r, status);
                        u.getValueType().setValue("NM");
                        local(u, "urgency", "Finding urgency (1 routine to 5 critical)");
                        u.getObservationSubID().setValue(subId);
                        number(msg, u, f.urgency().toString());
                    }
                }
            }
            notes(order, r);
            return hapi.getPipeParser().encode(msg);
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("cannot render report " + r.reportId() + " as ORU^R01", e);
        }
    }

    private static void msh(MSH msh, Destination to) throws HL7Exception {
        msh.getSendingApplication().getNamespaceID().setValue(SENDING_APPLICATION);
        msh.getSendingFacility().getNamespaceID().setValue(SENDING_APPLICATION);
        if (to.application() != null) {
            msh.getReceivingApplication().getNamespaceID().setValue(to.application());
        }
        if (to.facility() != null) {
            msh.getReceivingFacility().getNamespaceID().setValue(to.facility());
        }
        msh.getDateTimeOfMessage().getTime().setValue(ts(Instant.now()));
        // Acknowledge every message at the application level (AL), so a receiver's AE/AR reaches the sender.
        msh.getAcceptAcknowledgmentType().setValue("AL");
        msh.getApplicationAcknowledgmentType().setValue("NE");
    }

    private static void obr(OBR obr, ReportDocument r, String status) throws HL7Exception {
        StudyCodes.Study study = StudyCodes.of(r.modality());
        obr.getSetIDOBR().setValue("1");
        obr.getFillerOrderNumber().getEntityIdentifier().setValue(r.reportId());
        obr.getFillerOrderNumber().getNamespaceID().setValue(SENDING_APPLICATION);
        obr.getUniversalServiceIdentifier().getIdentifier().setValue(study.loinc());
        obr.getUniversalServiceIdentifier().getText().setValue(study.loincDisplay());
        obr.getUniversalServiceIdentifier().getNameOfCodingSystem().setValue("LN");
        obr.getObservationDateTime().getTime().setValue(ts(r.createdAt()));
        if (r.completedAt() != null) {
            obr.getResultsRptStatusChngDateTime().getTime().setValue(ts(r.completedAt()));
        }
        obr.getDiagnosticServSectID().setValue("RAD");
        // X: no result possible (the analysis failed); I: in progress; otherwise P or F.
        obr.getResultStatus().setValue(switch (r.status()) {
            case ReportDocument.COMPLETED -> status;
            case ReportDocument.FAILED -> "X";
            default -> "I";
        });
    }

    private static OBX obx(ORU_R01_ORDER_OBSERVATION order, int set, ReportDocument r, String status)
            throws HL7Exception {
        OBX obx = order.getOBSERVATION(set - 1).getOBX();
        obx.getSetIDOBX().setValue(Integer.toString(set));
        obx.getObservationResultStatus().setValue(status);
        obx.getDateTimeOfTheObservation().getTime().setValue(ts(r.createdAt()));
        if (r.model() != null) {
            // The model is the responsible observer (OBX-16) and the equipment instance (OBX-18).
            obx.getResponsibleObserver(0).getIDNumber().setValue(r.model().name());
            obx.getResponsibleObserver(0).getFamilyName().getSurname().setValue("AI model " + r.model().name()
                    + " " + r.model().version());
            obx.getEquipmentInstanceIdentifier(0).getEntityIdentifier().setValue(r.model().name() + "@"
                    + r.model().version());
            obx.getEquipmentInstanceIdentifier(0).getNamespaceID().setValue(SENDING_APPLICATION);
        }
        return obx;
    }

    private static void local(OBX obx, String code, String text) throws HL7Exception {
        obx.getObservationIdentifier().getIdentifier().setValue(code);
        obx.getObservationIdentifier().getText().setValue(text);
        obx.getObservationIdentifier().getNameOfCodingSystem().setValue(LOCAL_CODES);
    }

    private static void coded(ORU_R01 msg, OBX obx, String code, String text, String system) throws HL7Exception {
        CWE value = new CWE(msg);
        value.getIdentifier().setValue(code);
        value.getText().setValue(text);
        value.getNameOfCodingSystem().setValue(system);
        obx.getObservationValue(0).setData(value);
    }

    private static void number(ORU_R01 msg, OBX obx, String value) throws HL7Exception {
        NM nm = new NM(msg);
        nm.setValue(value);
        obx.getObservationValue(0).setData(nm);
    }

    private static void notes(ORU_R01_ORDER_OBSERVATION order, ReportDocument r) throws HL7Exception {
        List<String> lines = new ArrayList<>();
        ReportDocument.Guidance g = r.treatmentGuidance();
        if (g != null) {
            if (g.summary() != null) {
                lines.add("Guidance: " + g.summary());
            }
            g.recommendations().forEach(s -> lines.add("Recommendation: " + s));
            g.contextNotes().forEach(s -> lines.add("Clinical context: " + s));
            g.sources().forEach(s -> lines.add("Source: " + s));
            if (g.knowledgeBaseVersion() != null) {
                lines.add("Knowledge base version " + g.knowledgeBaseVersion());
            }
            if (g.disclaimer() != null) {
                lines.add(g.disclaimer());
            }
        } else {
            lines.add("Decision support for a qualified clinician, not a diagnosis.");
        }
        for (int i = 0; i < lines.size(); i++) {
            NTE nte = order.getNTE(i);
            nte.getSetIDNTE().setValue(Integer.toString(i + 1));
            nte.getSourceOfComment().setValue("L");
            nte.getComment(0).setValue(lines.get(i));
            nte.getCommentType().getIdentifier().setValue("GI");
            nte.getCommentType().getText().setValue("General Instructions");
            nte.getCommentType().getNameOfCodingSystem().setValue("HL70364");
        }
    }

    private static String codingSystem(String fhirSystem) {
        if (StudyCodes.SNOMED.equals(fhirSystem)) {
            return "SCT";
        }
        if (StudyCodes.LOINC.equals(fhirSystem)) {
            return "LN";
        }
        return LOCAL_CODES;
    }

    static String ts(Instant t) {
        return TS.format(t);
    }
}
