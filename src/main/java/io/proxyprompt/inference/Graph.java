package io.proxyprompt.inference;

import java.util.List;

/** The four graphs of the ONNX contract (MODEL.md) with their input and output names and ranks. */
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
            List.of(new Port("mask_logits", 4), new Port("iou", 2)));

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

    /** A named tensor of a given rank. */
    public record Port(String name, int rank) { }
}
