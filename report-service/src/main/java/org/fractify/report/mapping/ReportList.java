package org.fractify.report.mapping;

import java.util.List;

/** Reports found by a search, newest first. */
public record ReportList(List<ReportView> items) {
}
