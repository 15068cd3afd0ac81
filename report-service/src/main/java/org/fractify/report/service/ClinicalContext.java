package org.fractify.report.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The factors the knowledge base's context rules can react to, read from a request's
 * {@code clinical_context}: structured fields when it is an object, simple patterns when it is text (and in
 * any text field of an object). Documented in docs/knowledge-base.md; a pattern preceded by a negation
 * ("no", "denies", "without", "not", "negative for") within three words does not count.
 *
 * @param ageYears the patient's age in years, when given or recognised
 * @param factors  recognised factor ids with how each was recognised, e.g. {@code anticoagulated ->
 *                 "anticoagulant mentioned"}
 */
public record ClinicalContext(Integer ageYears, Map<String, String> factors) {

    public static final ClinicalContext NONE = new ClinicalContext(null, Map.of());

    private static final Map<String, Pattern> TEXT = new LinkedHashMap<>();

    static {
        TEXT.put("anticoagulated", Pattern.compile("\\b(anticoagula\\w*|warfarin|coumadin|apixaban|eliquis|rivaroxaban"
                + "|xarelto|edoxaban|dabigatran|pradaxa|doac|noac|heparin|enoxaparin|vitamin k antagonist)\\b"));
        TEXT.put("antiplatelet", Pattern.compile("\\b(antiplatelet|aspirin|clopidogrel|ticagrelor|prasugrel)\\b"));
        TEXT.put("fever", Pattern.compile("\\b(fever|febrile|pyrexi\\w*|pyrexial)\\b"));
        TEXT.put("hypoxaemia", Pattern.compile("\\b(hypox\\w*|desaturat\\w*)\\b"));
        TEXT.put("trauma", Pattern.compile("\\b(trauma\\w*|fall|fell|injur\\w*|accident|collision|assault\\w*|rtc|mvc)\\b"));
        TEXT.put("smoker", Pattern.compile("\\b(smoker|smoking|smokes|pack[- ]years?|cigarettes?)\\b"));
        TEXT.put("cancer_history", Pattern.compile("\\b(cancer|malignan\\w*|carcinoma|metasta\\w*|lymphoma|oncolog\\w*)\\b"));
        TEXT.put("immunocompromised", Pattern.compile("\\b(immunocompromis\\w*|immunosuppress\\w*|hiv|chemotherapy"
                + "|transplant\\w*|neutropeni\\w*)\\b"));
        TEXT.put("pregnant", Pattern.compile("\\b(pregnan\\w*)\\b"));
        TEXT.put("thunderclap_headache", Pattern.compile("\\b(thunderclap|worst headache)\\b"));
        TEXT.put("paediatric", Pattern.compile("\\b(child|infant|toddler|neonate|newborn|baby|paediatric|pediatric)\\b"));
    }

    private static final Pattern NEGATION = Pattern.compile("\\b(no|non|not|denies|denied|without|negative for|nil)\\b"
            + "(\\W+\\w+){0,3}\\W*$");
    private static final Pattern AGE_YEARS = Pattern.compile("\\b(\\d{1,3})\\s*(?:-\\s*)?(?:years?|yrs?|y/?o|yo)\\b"
            + "|\\baged?\\s*(\\d{1,3})\\b");
    private static final Pattern AGE_MONTHS = Pattern.compile("\\b(\\d{1,2})\\s*(?:-\\s*)?(?:months?|mo)\\b(?:[\\s-]*old)?");
    private static final Pattern SPO2 = Pattern.compile("\\b(?:spo2|sats?|saturation|o2 sat\\w*)\\D{0,6}(\\d{2,3})\\s*%?");
    private static final Pattern TEMPERATURE = Pattern.compile("\\b(?:temp\\w*|t)\\D{0,4}(\\d{2}(?:[.,]\\d)?)\\s*(?:°\\s*)?c\\b");
    private static final Pattern BLOOD_PRESSURE = Pattern.compile("\\b(?:bp|blood pressure)\\D{0,6}(\\d{2,3})\\s*/\\s*\\d{2,3}");

    /** Reads a request's clinical context (text, an object, or null). */
    public static ClinicalContext of(JsonNode context) {
        if (context == null || context.isNull() || context.isMissingNode()) {
            return NONE;
        }
        Map<String, String> factors = new LinkedHashMap<>();
        Integer age = null;
        StringBuilder text = new StringBuilder();
        if (context.isTextual()) {
            text.append(context.asText());
        } else if (context.isObject()) {
            age = structuredAge(context);
            structured(context, factors);
            collectText(context, text);
        }
        String lower = text.toString().toLowerCase(Locale.ROOT);
        if (age == null) {
            age = textAge(lower);
        }
        for (Map.Entry<String, Pattern> e : TEXT.entrySet()) {
            if (!factors.containsKey(e.getKey()) && mentioned(e.getValue(), lower)) {
                factors.put(e.getKey(), e.getKey().replace('_', ' ') + " mentioned in the clinical context");
            }
        }
        textVitals(lower, factors);
        if (age != null) {
            if (age < 18) {
                factors.putIfAbsent("paediatric", "age " + age);
            }
            if (age < 35) {
                factors.put("under_35", "age " + age);
            }
            if (age >= 50) {
                factors.put("age_50_plus", "age " + age);
            }
            if (age >= 65) {
                factors.put("age_65_plus", "age " + age);
            }
        }
        return new ClinicalContext(age, Map.copyOf(factors));
    }

    public boolean has(String factor) {
        return factors.containsKey(factor);
    }

    private static Integer structuredAge(JsonNode o) {
        for (String f : List.of("age", "age_years")) {
            if (o.path(f).isNumber()) {
                return o.path(f).asInt();
            }
            if (o.path(f).isTextual() && o.path(f).asText().matches("\\d{1,3}")) {
                return Integer.parseInt(o.path(f).asText());
            }
        }
        if (o.path("age_months").isNumber()) {
            return o.path("age_months").asInt() / 12;
        }
        return null;
    }

    /** Documented structured fields: boolean flags, vitals, medications. */
    private static void structured(JsonNode o, Map<String, String> factors) {
        for (String flag : List.of("anticoagulated", "antiplatelet", "fever", "trauma", "smoker", "cancer_history",
                "immunocompromised", "pregnant", "thunderclap_headache")) {
            if (o.path(flag).asBoolean(false)) {
                factors.put(flag, flag.replace('_', ' ') + " (structured field)");
            }
        }
        JsonNode vitals = o.path("vitals").isObject() ? o.path("vitals") : o;
        double temperature = vitals.path("temperature_c").asDouble(Double.NaN);
        if (temperature >= 38.0) {
            factors.put("fever", "temperature " + temperature + " °C");
        }
        double spo2 = vitals.path("spo2").asDouble(Double.NaN);
        if (spo2 < 92) {
            factors.put("hypoxaemia", "SpO2 " + (int) spo2 + "%");
        }
        double sbp = vitals.path("systolic_bp").asDouble(Double.NaN);
        if (sbp >= 150 && sbp <= 220) {
            factors.put("sbp_high", "systolic BP " + (int) sbp + " mmHg");
        }
    }

    private static void collectText(JsonNode node, StringBuilder text) {
        if (node.isTextual()) {
            text.append(node.asText()).append(". ");
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectText(child, text));
        }
    }

    private static boolean mentioned(Pattern p, String text) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            String before = text.substring(Math.max(0, m.start() - 40), m.start());
            int sentence = Math.max(before.lastIndexOf('.'), before.lastIndexOf(';'));
            if (!NEGATION.matcher(before.substring(sentence + 1)).find()) {
                return true;
            }
        }
        return false;
    }

    private static Integer textAge(String text) {
        Matcher y = AGE_YEARS.matcher(text);
        if (y.find()) {
            int age = Integer.parseInt(y.group(1) != null ? y.group(1) : y.group(2));
            return age <= 120 ? age : null;
        }
        Matcher m = AGE_MONTHS.matcher(text);
        return m.find() ? 0 : null;
    }

    private static void textVitals(String text, Map<String, String> factors) {
        Matcher s = SPO2.matcher(text);
        if (s.find() && !factors.containsKey("hypoxaemia") && Integer.parseInt(s.group(1)) < 92) {
            factors.put("hypoxaemia", "SpO2 " + s.group(1) + "% in the clinical context");
        }
        Matcher t = TEMPERATURE.matcher(text);
        if (t.find() && !factors.containsKey("fever")
                && Double.parseDouble(t.group(1).replace(',', '.')) >= 38.0) {
            factors.put("fever", "temperature " + t.group(1) + " °C in the clinical context");
        }
        Matcher bp = BLOOD_PRESSURE.matcher(text);
        if (bp.find() && !factors.containsKey("sbp_high")) {
            int sbp = Integer.parseInt(bp.group(1));
            if (sbp >= 150 && sbp <= 220) {
                factors.put("sbp_high", "systolic BP " + sbp + " mmHg in the clinical context");
            }
        }
    }

    /** The recognised factors as lines for the report ("anticoagulated: warfarin mentioned ..."). */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        factors.forEach((k, v) -> lines.add(k + ": " + v));
        return lines;
    }
}
