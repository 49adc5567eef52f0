/**
 * ONNX Runtime sessions of the four graphs of the model contract on CUDA or CPU, the model bundle and the
 * embedding cache.
 */
package io.proxyprompt.inference;
