package io.proxyprompt.pacs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What to search for on a PACS (QIDO-RS study level). Empty or null fields do not restrict the search. Names and
 * descriptions match as a person types them: "doe" finds "DOE^JANE" (a trailing wildcard is added; PN matching is
 * case-insensitive on most archives) and a description matches anywhere in the text. In a name or a description
 * every character that would need percent-encoding in a URL becomes a wildcard ('?' for a space or '^', '*' for
 * other letters), because archives differ in decoding queries (Orthanc 1.10 does not decode them at all).
 *
 * @param from  first study date, or null
 * @param to    last study date, or null
 * @param limit most studies to return (1..1000)
 */
public record StudyQuery(String patientName, String patientId, LocalDate from, LocalDate to, String modality,
                         String studyDescription, int limit) {

    /** Attributes asked for besides the QIDO-RS defaults. */
    private static final String INCLUDE = "00081030,00080061,00201206,00201208";

    public StudyQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must lie between 1 and 1000: " + limit);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("The date range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** Every study, newest limits first applied by the server. */
    public static StudyQuery all() {
        return new StudyQuery(null, null, null, null, null, null, 100);
    }

    /** Studies of one patient ID. */
    public static StudyQuery patientId(String id) {
        return new StudyQuery(null, id, null, null, null, null, 100);
    }

    /** The query string of {@code GET {root}/studies?...} (already URL-encoded). */
    public String queryString() {
        List<String> params = new ArrayList<>();
        add(params, "PatientName", wildcardAfter(patientName));
        add(params, "PatientID", blank(patientId) ? null : patientId.strip());
        if (from != null || to != null) {
            DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
            add(params, "StudyDate", (from == null ? "" : from.format(f)) + "-" + (to == null ? "" : to.format(f)));
        }
        add(params, "ModalitiesInStudy", blank(modality) ? null : modality.strip().toUpperCase(java.util.Locale.ROOT));
        add(params, "StudyDescription", blank(studyDescription) ? null
                : "*" + queryText(studyDescription.strip()) + "*");
        params.add("limit=" + limit);
        params.add("includefield=" + INCLUDE);
        return String.join("&", params);
    }

    private static String wildcardAfter(String s) {
        if (blank(s)) {
            return null;
        }
        String t = queryText(s.strip());
        return t.endsWith("*") ? t : t + "*";
    }

    /** The text with every character outside [A-Za-z0-9-._~*?] turned into a wildcard, so no encoding is needed. */
    private static String queryText(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~*?".indexOf(c) >= 0)) {
                b.append(c);
            } else if (c < 128) {
                b.append('?');
            } else if (b.length() == 0 || b.charAt(b.length() - 1) != '*') {
                b.append('*');
            }
        }
        return b.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void add(List<String> params, String key, String value) {
        if (value != null) {
            boolean plain = value.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "-._~*?".indexOf(c) >= 0));
            params.add(key + "=" + (plain ? value : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
    }
}
