package io.proxyprompt.session;

/** Where a target stands in the flow, shown next to its thumbnail. */
public enum TargetStatus {
    NOT_RUN("Not run"),
    RUNNING("Running"),
    DONE("Done"),
    /** Segmented, but a quality check flagged the result: a clinician should look before trusting it. */
    CHECK("Check"),
    EDITED("Edited"),
    FAILED("Failed");

    private final String label;

    TargetStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
