package io.proxyprompt.dicom.seg;

/**
 * Series and equipment details written into a SEG.
 *
 * @param contentLabel  Content Label (CS: upper case, digits, underscore; at most 16 characters)
 */
public record SegOptions(String seriesDescription, int seriesNumber, String manufacturer, String modelName,
                         String softwareVersion, String contentLabel) {

    /** Defaults for the workstation. */
    public static SegOptions defaults(String softwareVersion) {
        return new SegOptions("ProxyPrompt segmentation", 900, "ProxyPrompt", "ProxyPrompt Workstation",
                softwareVersion, "PROXYPROMPT");
    }
}
