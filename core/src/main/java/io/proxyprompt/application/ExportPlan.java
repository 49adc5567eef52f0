package io.proxyprompt.application;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Where and what to export.
 *
 * @param labelGroups the objects of each support set, for one label map each (values 1, 2, ... in that order)
 * @param modelName   the model that made the masks, named in DICOM SEG as the segmentation algorithm
 */
public record ExportPlan(Path outDir, Set<ExportFormat> formats, List<LabelGroup> labelGroups, String modelName,
                         String modelVersion) {

    /** The objects of one support set, in label order. */
    public record LabelGroup(String name, List<String> objects) {
        public LabelGroup {
            objects = List.copyOf(objects);
        }
    }

    public ExportPlan {
        formats = Set.copyOf(formats);
        labelGroups = List.copyOf(labelGroups);
    }

    public boolean writes(ExportFormat f) {
        return formats.contains(f);
    }
}
