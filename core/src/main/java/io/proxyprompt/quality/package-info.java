/**
 * Plausibility of results: the quality checks that flag a result to check and the anatomical rules applied to disc
 * and cup.
 */
package io.proxyprompt.quality;
