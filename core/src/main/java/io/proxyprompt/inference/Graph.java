package io.proxyprompt.inference;

import java.util.List;

/**
 * The four graphs of the ONNX contract (MODEL.md) with their input and output names and ranks; a model whose
 * model.json declares {@code hr_features} adds one output to the image encoder and one input to the mask decoder.
 * A click-trained model (issue 21) adds an optional fifth graph, {@link #CLICK_DECODER}: the mask decoder with two
 * more inputs, {@link #POINT_COORDS} and {@link #POINT_LABELS}, run only to redraw a mask after clicks (segmenting
 * keeps the plain mask decoder, so a click model segments exactly as fast as its base).
 */
public enum Graph {
    IMAGE_ENCODER("image_encoder",
            List.of(new Port("image", 4)),
            List.of(new Port("embedding", 4))),
    SUPPORT_ENCODER("support_encoder",
            List.of(new Port("support_embedding", 4), new Port("support_image", 4), new Port("support_masks", 4)),
            List.of(new Port("object_features", 4))),
    PROMPT_GENERATOR("prompt_generator",
            List.of(new Port("target_embedding", 4), new Port("support_embedding", 4),
                    new Port("object_features", 4)),
            List.of(new Port("proxy_prompt", 3))),
    MASK_DECODER("mask_decoder",
            List.of(new Port("target_embedding", 4), new Port("proxy_prompt", 3)),
            List.of(new Port("mask_logits", 4), new Port("iou", 2))),
    CLICK_DECODER("click_decoder",
            List.of(new Port("target_embedding", 4), new Port("proxy_prompt", 3)),
            List.of(new Port("mask_logits", 4), new Port("iou", 2)));

    /** The image encoder's extra output in the extended contract, {@code [B,hr,S/2,S/2]}. */
    public static final String HR_FEATURES = "hr_features";
    /** The mask decoder's extra input in the extended contract, the target's {@code [1,hr,S/2,S/2]}. */
    public static final String TARGET_HR_FEATURES = "target_hr_features";
    /** A click decoder's extra input, {@code [N,P,2]}: x, y of each click in model-input pixels. */
    public static final String POINT_COORDS = "point_coords";
    /** A click decoder's extra input, {@code [N,P]}: 1 positive, 0 negative, -1 padding; P = 0 means no click. */
    public static final String POINT_LABELS = "point_labels";
    /** The two inputs the click decoder has after the mask decoder's own (issue 21). */
    public static final List<Port> POINT_INPUTS = List.of(new Port(POINT_COORDS, 3), new Port(POINT_LABELS, 2));

    private final String key;
    private final List<Port> inputs;
    private final List<Port> outputs;

    Graph(String key, List<Port> inputs, List<Port> outputs) {
        this.key = key;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** The key under {@code files} in model.json and the default file stem. */
    public String key() {
        return key;
    }

    public List<Port> inputs() {
        return inputs;
    }

    public List<Port> outputs() {
        return outputs;
    }

    /** Whether a model folder may lack this graph (only the click decoder). */
    public boolean optional() {
        return this == CLICK_DECODER;
    }

    /**
     * The inputs this graph must have for a model of the given spec: the extra one of the decoders when it declares
     * hr_features, and the click decoder's point inputs.
     */
    public List<Port> inputs(ModelSpec spec) {
        if (this == CLICK_DECODER) {
            List<Port> all = new java.util.ArrayList<>(MASK_DECODER.inputs(spec));
            all.addAll(POINT_INPUTS);
            return List.copyOf(all);
        }
        if (this == MASK_DECODER && spec.hasHrFeatures()) {
            return List.of(inputs.get(0), new Port(TARGET_HR_FEATURES, 4), inputs.get(1));
        }
        return inputs;
    }

    /** The outputs this graph must have for a model of the given spec (the extra one when it declares hr_features). */
    public List<Port> outputs(ModelSpec spec) {
        if (this == IMAGE_ENCODER && spec.hasHrFeatures()) {
            return List.of(outputs.get(0), new Port(HR_FEATURES, 4));
        }
        return outputs;
    }

    /** A named tensor of a given rank. */
    public record Port(String name, int rank) { }
}
