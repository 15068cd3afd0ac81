package org.fractify.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.fractify.testsupport.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DICOM through the whole mesh, packaged as it ships (gateway, inference with the real models, report):
 * a chest radiograph from the DICOM corpus gets a real model result, and a CT series goes through series
 * mode to whichever answer the installed models allow.
 */
class DicomIT {

    private static ServiceProcess gateway;
    private static String key;

    @BeforeAll
    static void startMesh() throws Exception {
        Mesh mesh = Mesh.shared();
        gateway = mesh.gateway;
        key = mesh.issueKey("hospital-d", "pacs");
    }

    private static byte[] corpus(String path) throws Exception {
        Path file = SharedData.dicomCorpus().resolve(path).normalize();
        return Files.readAllBytes(file);
    }

    private static Response analyse(String body) {
        return given().baseUri(gateway.url()).header("Authorization", "Bearer " + key)
                .contentType("application/json").body(body).post("/api/v1/scan/analyse");
    }

    @Test
    void aChestRadiographSentAsDicomGetsARealModelResult() throws Exception {
        // CR, MONOCHROME1, 10 bits in RLE, Body Part CHEST, View PA: inverted and windowed by the gateway
        String image = Base64.getEncoder().encodeToString(corpus("files/gen-dcmtk/CR_mono1_dcmcrle.dcm"));
        Response r = analyse("{\"image_base64\":\"" + image + "\",\"modality\":\"chest_xray\",\"patient_id\":\"PT-DCM\"}");
        r.then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("modality", equalTo("chest_xray"))
                .body("model.name", equalTo("fractify-chest-xray"))
                .body("scores", aMapWithSize(2))
                .body("scores", hasKey("pneumonia"))
                .body("processing_stages_ms", hasKey("decode"))
                .body("heatmap_url", startsWith(gateway.url() + "/api/v1/report/rpt_"));
        assertThat(r.jsonPath().getDouble("scores.normal") + r.jsonPath().getDouble("scores.pneumonia"))
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.002));
        assertThat(r.asString()).doesNotContain("Anonymized"); // the file's Patient Name never travels
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + key)
                .get("/api/v1/report/" + r.path("report_id")).then().statusCode(200)
                .body("status", equalTo("completed")).body("fhir_diagnostic_report", notNullValue());
    }

    @Test
    void aCtSeriesGoesThroughSeriesModeToWhatTheInstalledModelsAllow() throws Exception {
        // "whatever the models allow": the models are trained alongside; with abdominal_ct installed the series
        // must get a real result and its series object, without it the model-less 422
        List<String> models = given().baseUri(gateway.url()).header("Authorization", "Bearer " + key)
                .get("/api/v1/models").then().statusCode(200).extract().jsonPath().getList("modality");
        String files = java.util.stream.Stream.of("03", "01", "02").map(n -> {
            try {
                return "\"" + Base64.getEncoder().encodeToString(corpus("files/dcmqi-ct3/" + n + ".dcm")) + "\"";
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.joining(","));
        // dcmqi's three slices are an upper-abdominal CT (liver level)
        Response r = analyse("{\"images_base64\":[" + files + "],\"modality\":\"abdominal_ct\",\"patient_id\":\"PT-CT\"}");
        if (models.contains("abdominal_ct")) {
            r.then().log().ifValidationFails().statusCode(200).body("status", equalTo("completed"))
                    .body("series.series_instance_uid",
                            equalTo("1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1"))
                    .body("series.slices_received", equalTo(3))
                    .body("series.selected_instance_uid", startsWith("1.2.392.200103.20080913.113635.2.2009"))
                    .body("series.rule", notNullValue());
            assertThat(r.jsonPath().getInt("series.selected_index")).isBetween(0, 2);
        } else {
            // the series was accepted, normalised and queued; inference has no abdominal_ct model to run
            r.then().statusCode(422).contentType("application/problem+json")
                    .body("type", equalTo("https://fractify.org/problems/modality-unavailable"))
                    .body("report_id", startsWith("rpt_"));
        }
    }

    @Test
    void aDicomOfAnotherModalityIsRefusedNamingBoth() throws Exception {
        String image = Base64.getEncoder().encodeToString(corpus("files/pydicom-deb/MR_small.dcm"));
        analyse("{\"image_base64\":\"" + image + "\",\"modality\":\"ct_brain\",\"patient_id\":\"PT-MR\"}").then()
                .statusCode(422).body("type", equalTo("https://fractify.org/problems/modality-mismatch"))
                .body("detail", equalTo("The DICOM Modality (0008,0060) is MR, but 'modality' ct_brain needs CT"));
    }
}
