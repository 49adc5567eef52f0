/** Few-shot segmentation of one frame from a support set, with image embeddings and support features cached. */
package io.proxyprompt.segment;
