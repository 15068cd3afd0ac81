package org.fractify.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.fractify.testsupport.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-checks every attribute (nested sequences included) against DCMTK's dcm2json rendering (PS3.18 JSON
 * model) of the same file: presence, value multiplicity and values.
 */
class Dcm2JsonMetadataTest {

    private static final Set<String> STRING_VRS = Set.of("AE", "AS", "CS", "DA", "DT", "LO", "LT", "SH", "ST", "TM",
            "UC", "UI", "UR", "UT");
    private static final Set<String> NUMBER_VRS = Set.of("DS", "IS", "US", "SS", "UL", "SL", "FL", "FD", "SV", "UV");

    static Stream<Arguments> files() {
        Path dir = SharedData.dicomCorpus();
        return SharedData.dicomManifest().stream()
                .filter(r -> Files.isRegularFile(dir.resolve("golden/dcm2json/" + r.get("id") + ".json")))
                .map(r -> Arguments.of(r.get("id"), r.get("path")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    @SuppressWarnings("unchecked")
    void attributesMatchDcm2json(String id, String path) {
        Path dir = SharedData.dicomCorpus();
        DicomObject dicom = DicomReader.read(dir.resolve(path));
        Map<String, Object> json = (Map<String, Object>) Corpus.json(dir.resolve("golden/dcm2json/" + id + ".json"));
        assertThat(json).isNotEmpty();
        compare(dicom, json, "", dicom.bigEndian());
    }

    @SuppressWarnings("unchecked")
    private static void compare(DicomObject o, Map<String, Object> json, String path, boolean bigEndian) {
        for (Map.Entry<String, Object> entry : json.entrySet()) {
            int tag = Integer.parseUnsignedInt(entry.getKey(), 16);
            if (Tag.group(tag) == 0x7FE0 || Tag.group(tag) == 0x0002 || tag == Tag.SpecificCharacterSet) {
                continue; // pixel data is removed; dcm2json re-encodes to UTF-8 and rewrites the character set
            }
            String where = path + Tag.toString(tag);
            Map<String, Object> attr = (Map<String, Object>) entry.getValue();
            String vr = (String) attr.get("vr");
            assertThat(o.contains(tag)).as(where + " present").isTrue();
            VR ours = o.vr(tag);
            List<Object> values = (List<Object>) attr.get("Value");
            if (vr.equals("SQ") || ours == VR.SQ) {
                if (!vr.equals("SQ")) {
                    continue; // a UN value recognised as a sequence (PS3.5 section 6.2.2)
                }
                List<DicomObject> items = o.getSequence(tag);
                List<Object> jsonItems = values == null ? List.of() : values;
                assertThat(items).as(where + " items").hasSize(jsonItems.size());
                for (int i = 0; i < items.size(); i++) {
                    compare(items.get(i), (Map<String, Object>) jsonItems.get(i), where + "[" + i + "]", bigEndian);
                }
                continue;
            }
            if (attr.containsKey("InlineBinary")) {
                if (!bigEndian || vr.equals("OB") || vr.equals("UN")) {
                    byte[] expected = Base64.getDecoder().decode((String) attr.get("InlineBinary"));
                    assertThat(o.getBytes(tag)).as(where + " bytes").isEqualTo(expected);
                }
                continue;
            }
            if (ours == VR.UN && !STRING_VRS.contains(vr) && !vr.equals("PN")) {
                continue; // implicit VR element without a dictionary entry here: no typed interpretation
            }
            if (values == null) {
                // dcm2json omits empty values, including person names made of delimiters only
                assertThat(o.getStrings(tag)).as(where + " empty").allMatch(v -> v.replaceAll("[\\^=]", "").isBlank());
                continue;
            }
            if (vr.equals("PN")) {
                String[] names = o.getStrings(tag);
                assertThat(names).as(where).hasSize(values.size());
                for (int i = 0; i < values.size(); i++) {
                    Object alphabetic = ((Map<String, Object>) values.get(i)).get("Alphabetic");
                    String first = names[i].split("=", -1)[0];
                    assertThat(first).as(where + "[" + i + "]").isEqualTo(alphabetic == null ? "" : alphabetic);
                }
            } else if (vr.equals("AT")) {
                int[] tags = o.getInts(tag);
                assertThat(tags).as(where).hasSize(values.size());
                for (int i = 0; i < values.size(); i++) {
                    assertThat(tags[i]).as(where).isEqualTo(Integer.parseUnsignedInt((String) values.get(i), 16));
                }
            } else if (NUMBER_VRS.contains(vr)) {
                double[] d = o.getDoubles(tag);
                assertThat(d).as(where).hasSize(values.size());
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) == null) {
                        continue;
                    }
                    Object v = values.get(i);
                    double expected = v instanceof Number ? ((Number) v).doubleValue()
                            : Double.parseDouble(((String) v).replace("\0", "").trim());
                    assertThat(d[i]).as(where + "[" + i + "]").isCloseTo(expected,
                            within(Math.abs(expected) * 1e-6 + 1e-9));
                }
            } else if (STRING_VRS.contains(vr)) {
                String[] s = o.getStrings(tag);
                assertThat(s).as(where).hasSize(values.size());
                for (int i = 0; i < values.size(); i++) {
                    Object v = values.get(i);
                    assertThat(s[i].trim()).as(where + "[" + i + "]").isEqualTo(v == null ? "" : ((String) v).trim());
                }
            }
        }
    }
}
