package org.fractify.dicom;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Maps Specific Character Set (0008,0005) defined terms (PS3.3 C.12.1.1.2, PS3.5 section 6.1) to Java
 * charsets. The default repertoire is ASCII; ISO-8859-1 is used for it so that stray 8-bit bytes still decode.
 * Code extension (ISO 2022 escape sequences) is approximated by the Java ISO-2022 decoders where they exist.
 */
final class CharacterSets {

    static final Charset DEFAULT = StandardCharsets.ISO_8859_1;

    private CharacterSets() {
    }

    static Charset forValue(String value) {
        if (value == null) {
            return DEFAULT;
        }
        String[] terms = value.split("\\\\");
        String first = null;
        boolean jis = false;
        boolean korean = false;
        for (String raw : terms) {
            String t = raw.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = t;
            }
            jis |= t.equals("ISO 2022 IR 87") || t.equals("ISO 2022 IR 159");
            korean |= t.equals("ISO 2022 IR 149");
        }
        if (jis) {
            return lookup("ISO-2022-JP");
        }
        if (korean) {
            return lookup("EUC-KR");
        }
        if (first == null) {
            return DEFAULT;
        }
        switch (first.replace("ISO 2022 ", "ISO_")) {
            case "ISO_IR 6": return DEFAULT;
            case "ISO_IR 100": return StandardCharsets.ISO_8859_1;
            case "ISO_IR 101": return lookup("ISO-8859-2");
            case "ISO_IR 109": return lookup("ISO-8859-3");
            case "ISO_IR 110": return lookup("ISO-8859-4");
            case "ISO_IR 144": return lookup("ISO-8859-5");
            case "ISO_IR 127": return lookup("ISO-8859-6");
            case "ISO_IR 126": return lookup("ISO-8859-7");
            case "ISO_IR 138": return lookup("ISO-8859-8");
            case "ISO_IR 148": return lookup("ISO-8859-9");
            case "ISO_IR 203": return lookup("ISO-8859-15");
            case "ISO_IR 13": return lookup("JIS_X0201");
            case "ISO_IR 166": return lookup("TIS-620");
            case "ISO_IR 192": return StandardCharsets.UTF_8;
            case "GB18030": return lookup("GB18030");
            case "GBK": return lookup("GBK");
            case "ISO_IR 58": return lookup("GB2312");
            default: return DEFAULT;
        }
    }

    private static Charset lookup(String name) {
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return DEFAULT;
        }
    }
}
