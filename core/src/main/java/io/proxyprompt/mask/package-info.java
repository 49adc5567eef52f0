/**
 * Binary masks: the mask type, PNG files, morphology, shape and the clinical metrics (Dice, cup-to-disc ratios,
 * vessel fraction).
 */
package io.proxyprompt.mask;
