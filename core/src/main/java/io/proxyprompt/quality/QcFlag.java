package io.proxyprompt.quality;

/**
 * A reason to check a result by eye before trusting it. Each flag has a stable code (the CSV's {@code qc} column)
 * and the words the workstation shows after "Check:".
 */
public enum QcFlag {
    EMPTY("empty", "nothing was found"),
    CUP_FILLS_DISC("cup_fills_disc", "the cup covers the disc"),
    CUP_OUTSIDE_DISC("cup_outside_disc", "the model drew the cup outside the disc"),
    SEVERAL_PIECES("several_pieces", "in several pieces"),
    NOT_COMPACT("not_compact", "not one compact region"),
    AT_FIELD_EDGE("at_field_edge", "at the edge of the photograph"),
    AREA_UNLIKE_SUPPORT("area_unlike_support", "size unlike the support's"),
    COLOUR_UNLIKE_SUPPORT("colour_unlike_support", "paler than on the support (a light reflex?)"),
    LOW_CONFIDENCE("low_confidence", "the model is unsure");

    private final String code;
    private final String reason;

    QcFlag(String code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The CSV code, e.g. {@code cup_fills_disc}. */
    public String code() {
        return code;
    }

    /** What the user reads, e.g. "the cup covers the disc". */
    public String reason() {
        return reason;
    }
}
