package io.proxyprompt.pacs;

import java.util.List;
import java.util.Map;

/**
 * What a PACS said about a STOW-RS request: the SOP instances it stored and, for each one it did not, why.
 *
 * @param failed SOP Instance UID to the reason in words (the server's failure code included)
 */
public record StoreReport(List<String> stored, Map<String, String> failed) {

    public StoreReport {
        stored = List.copyOf(stored);
        failed = Map.copyOf(failed);
    }

    public boolean allStored() {
        return failed.isEmpty();
    }
}
