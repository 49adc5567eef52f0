package io.proxyprompt.ui;

import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.tasks.ResultsExport;

/** Where the export puts a target's files, as the tests expect them. */
final class ResultsExportNames {

    private ResultsExportNames() {
    }

    static String dirOf(TargetEntry t) {
        return ResultsExport.safe(t.name());
    }
}
