package org.fractify.contracts;

import java.util.regex.Pattern;

/**
 * The public id of a report: {@code rpt_} and base-36 characters. New ids have 20 random characters
 * (~103 bits); up to 40 are accepted so that ids minted by an older gateway stay readable. Every service that
 * takes a report id from outside checks it here, so the rule is written once.
 */
public final class ReportId {

    public static final String PREFIX = "rpt_";

    private static final Pattern PATTERN = Pattern.compile("rpt_[a-z0-9]{1,40}");

    private ReportId() {
    }

    /** A new report id. */
    public static String generate() {
        return PREFIX + Ids.base36(20);
    }

    /** Whether {@code value} has the shape of a report id (null is not one). */
    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }
}
